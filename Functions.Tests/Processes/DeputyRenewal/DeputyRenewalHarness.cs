using DurableTask.Core.History;
using EduFlows.Calendar;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Renewal rounds on the task harness, the fake clock at 2026-09-30 08:00 Beijing time, the calendar holding the
/// National Day holidays (10-01 to 10-07) and the working Saturday 10-10. 旗城学校 (sch-qc, principal 刘校长 stf-10) has
/// deputies 王副校长 (stf-40) and 李副校长 (stf-41), reserve mid-level leaders 陈主任 (stf-42) and 韩主任 (stf-43), and
/// 冯主任 (stf-44, not in the reserve pool); 赵主任 (stf-3) reviews for the bureau.
/// </summary>
internal static class DeputyRenewalHarness
{
    public static readonly DateTimeOffset Start = new(2026, 9, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Starts the harness; <paramref name="register"/> registers the functions when the test changes some (all of the app's by default).</summary>
    public static async Task<TaskHarness> StartAsync(AzuriteFixture azurite, Action<DurableTaskRegistry>? register = null)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            register ?? (registry => registry.AddDurableFunctions(AppFunctions.Catalog)),
            kinds => kinds.AddDeputyRenewal(),
            (services, storage, hub) => services.AddDeputyRenewalServices(storage, hub),
            Start);
        await harness.Services.GetRequiredService<CalendarStore>().SaveAsync(
            new HolidaySchedule
            {
                Year = 2026,
                Holidays = [.. Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d))],
                AdjustedWorkingDays = [new DateOnly(2026, 10, 10)],
            },
            CancellationToken.None);
        await SeedSchoolAsync(harness.Services.GetRequiredService<DirectoryStore>());
        return harness;
    }

    // Starts sch-qc's round on a version (as a run of its own when execution is given, as the API started one before 3.3);
    // both deputies renewed and both mid-level leaders approved for promotion, it waits on the notice (until 10-10 18:00).
    // Answers the run as the round runs it (from 3.3 with the execution it made itself, RunningAs).
    public static async Task<RenewalRun> StartOnNoticeAsync(TaskHarness harness, string version, string? execution = null)
    {
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default) { Execution = execution };
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = version });
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
        }, CancellationToken.None);
        foreach (var review in await harness.WaitForOpenTasksAsync(4, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        _ = await harness.Host.WaitForHistoryAsync(run.InstanceId, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc)));
        return await RunningAsync(harness, run.InstanceId);
    }

    // The round's run as it runs it: its input, with the execution and key its record publishes (RenewalRun.RunningAs).
    public static async Task<RenewalRun> RunningAsync(TaskHarness harness, string instanceId)
    {
        var instance = (await harness.Host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))!;
        return instance.ReadInputAs<RenewalRun>()!.RunningAs(instance.ReadCustomStatusAs<RenewalRecord>()!);
    }

    // Waits until the round, its notice over, has taken in the objections the API kept (the pick-up's activity completed).
    public static Task WaitForPickUpAsync(TaskHarness harness, string instanceId) =>
        harness.Host.WaitForHistoryAsync(instanceId, h =>
            h.OfType<TaskScheduledEvent>().FirstOrDefault(e => e.Name == DeputyRenewalActivities.ReceivedObjections) is { } pickUp
            && h.OfType<TaskCompletedEvent>().Any(c => c.TaskScheduledId == pickUp.EventId));

    public static async Task SeedSchoolAsync(DirectoryStore directory)
    {
        await directory.Schools.ApplyAsync([new School("sch-qc", "旗城学校", "nine-year", "益都街道", false, "stf-10")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-10", "刘校长", "liu.principal@qz.example.cn") with { SchoolId = "sch-qc", Post = "principal" },
                TaskHarness.Staff("stf-40", "王副校长", "wang.deputy@qz.example.cn") with { SchoolId = "sch-qc", Post = "vice-principal", PostSince = new DateOnly(2020, 9, 1) },
                TaskHarness.Staff("stf-41", "李副校长", "li.deputy@qz.example.cn") with { SchoolId = "sch-qc", Post = "vice-principal", PostSince = new DateOnly(2018, 9, 1) },
                TaskHarness.Staff("stf-42", "陈主任", "chen.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-43", "韩主任", "han.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-44", "冯主任", "feng.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader" },
            ],
            CancellationToken.None);
    }
}
