using EduFlows.DurableTask;
using EduFlows.FunctionIndex;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using DurableTask.Core.History;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>
/// Shadow training on the task harness (fake clock 2026-09-01, Azurite tables, fake SendGrid) with a small county:
/// trainees 王芳 (stf-1, 东关小学, primary) and 陈静 (stf-5, 弥河初级中学, junior); bases 旗城学校 (base-1, mentor its
/// principal 刘校长 stf-10) and 西苑小学 (base-4, mentor its principal 张校长 stf-11); 赵主任 (stf-3) runs the batches.
/// </summary>
internal static class ShadowTrainingHarness
{
    public static async Task<TaskHarness> StartAsync(AzuriteFixture azurite)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddShadowTraining(),
            (services, storage, hub) => services.AddShadowTrainingServices(storage, hub));
        await SeedCountyAsync(harness.Services.GetRequiredService<DirectoryStore>());
        return harness;
    }

    /// <summary>The small county of these tests (besides stf-1..stf-4 of the task harness).</summary>
    public static async Task SeedCountyAsync(DirectoryStore directory)
    {
        await directory.Schools.ApplyAsync(
            [
                new School("sch-001", "东关小学", "primary", "王府街道", false, "stf-2"),
                new School("sch-002", "弥河初级中学", "junior", "弥河镇", true, "stf-20"),
                new School("sch-qc", "旗城学校", "nine-year", "益都街道", false, "stf-10"),
                new School("sch-xy", "西苑小学", "primary", "云门山街道", false, "stf-11"),
            ],
            CancellationToken.None);
        await directory.TrainingBases.ApplyAsync([new TrainingBase("base-1", "sch-qc", "旗城学校", 8), new TrainingBase("base-4", "sch-xy", "西苑小学", 6)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn") with { ReservePrincipal = true },
                TaskHarness.Staff("stf-2", "李校长", "li.principal@qz.example.cn") with { Post = "principal", PostSince = new DateOnly(2025, 9, 1) },
                TaskHarness.Staff("stf-4", "孙老师", null) with { ReservePrincipal = true },
                TaskHarness.Staff("stf-5", "陈静", "chen.jing@qz.example.cn") with { SchoolId = "sch-002", ReservePrincipal = true },
                TaskHarness.Staff("stf-6", "周磊", "zhou.lei@qz.example.cn") with { SchoolId = "sch-002", ReservePrincipal = true },
                TaskHarness.Staff("stf-10", "刘校长", "liu.principal@qz.example.cn") with { SchoolId = "sch-qc", Post = "principal" },
                TaskHarness.Staff("stf-11", "张校长", "zhang.principal@qz.example.cn") with { SchoolId = "sch-xy", Post = "principal" },
                TaskHarness.Staff("stf-12", "吴敏", "wu.min@qz.example.cn") with { SchoolId = "sch-qc", ReservePrincipal = true },
                TaskHarness.Staff("stf-20", "孙校长", "sun.principal@qz.example.cn") with { SchoolId = "sch-002", Post = "principal" },
            ],
            CancellationToken.None);
    }

    public static BatchDesk Desk(this TaskHarness harness) => harness.Services.GetRequiredService<BatchDesk>();

    public static ShadowTrainingStore Store(this TaskHarness harness) => harness.Services.GetRequiredService<ShadowTrainingStore>();

    /// <summary>
    /// Runs a batch to its end: answers each task as <paramref name="answer"/> says (null: leave it unanswered) as soon
    /// as it is open, and once nothing moves moves the fake clock to the next timer of the batch or its trainees.
    /// </summary>
    public static async Task<OrchestrationMetadata> DriveAsync(this TaskHarness harness, string batchId, IReadOnlyList<string> trainees, Func<StaffTask, Dictionary<string, string?>?> answer)
    {
        string batchInstance = ShadowBatch.InstanceIdOf(batchId);
        var instances = trainees.Select(t => TraineeRun.InstanceIdOf(batchId, t)).Prepend(batchInstance).ToList();
        var handled = new HashSet<string>(StringComparer.Ordinal);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        int lastEvents = -1;
        int stable = 0;
        while (true)
        {
            if (await harness.Host.Client.GetInstanceAsync(batchInstance, getInputsAndOutputs: true, cts.Token) is { IsCompleted: true } done)
            {
                return done;
            }

            bool acted = false;
            foreach (var task in (await harness.Tasks.AllOpenAsync(cts.Token)).OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                if (handled.Add(task.Id) && answer(task) is { } values)
                {
                    var submitted = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, task.AssigneeId, values, cts.Token);
                    Assert.Equal(SubmitResult.Accepted, submitted.Result);
                    acted = true;
                }
            }

            var histories = new List<IReadOnlyList<HistoryEvent>>();
            foreach (string id in instances)
            {
                try
                {
                    histories.Add([.. await harness.Host.Client.GetOrchestrationHistoryAsync(id, cts.Token)]);
                }
                catch (OrchestrationNotFoundException)
                {
                    // Not started yet (the batch is about to start its trainees) or finished without history: not idle.
                    histories.Add([]);
                }
            }

            int events = histories.Sum(h => h.Count);
            bool activitiesRunning = histories.Any(h => h.OfType<TaskScheduledEvent>().Count() > h.Count(e => e is TaskCompletedEvent or TaskFailedEvent));
            stable = !acted && !activitiesRunning && events == lastEvents ? stable + 1 : 0;
            lastEvents = events;
            // Cancelled timers stay "created" without ever firing: only timers still ahead count.
            var now = harness.Time.GetUtcNow();
            if (stable >= 4 && histories.SelectMany(OpenTimers).Where(t => t > now).DefaultIfEmpty().Min() is var due && due > now)
            {
                harness.Time.SetUtcNow(due);
                stable = 0;
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                var statuses = new List<string?>();
                foreach (string id in instances)
                {
                    statuses.Add((await harness.Host.Client.GetInstanceAsync(id))?.SerializedCustomStatus);
                }

                throw new TimeoutException($"The batch did not finish; fake time {harness.Time.GetUtcNow():O}; statuses: {string.Join(" | ", statuses)}");
            }
        }
    }

    /// <summary>The custom status of a trainee's week.</summary>
    public static async Task<TraineeProgress?> ProgressAsync(this TaskHarness harness, string batchId, string traineeId) =>
        (await harness.Host.Client.GetInstanceAsync(TraineeRun.InstanceIdOf(batchId, traineeId)))?.ReadCustomStatusAs<TraineeProgress>();

    private static IEnumerable<DateTimeOffset> OpenTimers(IReadOnlyList<HistoryEvent> history)
    {
        var fired = history.OfType<TimerFiredEvent>().Select(t => t.TimerId).ToHashSet();
        return history.OfType<TimerCreatedEvent>().Where(t => !fired.Contains(t.EventId)).Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.FireAt, DateTimeKind.Utc)));
    }
}
