using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.StaffReallocation;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Processes.StaffReallocation.StaffReallocationActivities;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// Issue 21 for the reallocation's orchestrators changed on 2026-12-05 without a version (what
/// <see cref="UnversionedChangeReplayTests"/> left out): its two mail batches, results (<see cref="ReallocationProcess.NotifyName"/>)
/// and points breakdowns (<see cref="PointsObjectionWindow.NotifyName"/>), sent by one SendMails activity instead of one
/// SendMail per mail (d3124f2); and the shared window of tasks (<see cref="StaffTaskWindow"/>), whose task mails went the
/// same way in the same commit, here in the reallocation's batch (<see cref="ReallocationProcess.BatchName"/>), which had
/// given each person's task on its own until that morning (6eb187b). No instance
/// then had a version, so an instance started on the old code fails on replay with the named non-determinism error
/// (（无版本） and the first differing step), never silently; one started after the deploy takes the changed path. The old
/// code is stood in for by its lines as they were, registered under the real name, and the "deploy" swaps in the real
/// orchestrator on the same hub (fake clock, Azurite).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class UnversionedReallocationReplayTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private static readonly string NonDeterminism = typeof(NonDeterministicOrchestrationException).FullName!;

    [Fact]
    public Task AResultMailBatchStartedBeforeTheMailBatch_FailsOnReplayNamingNoVersionAndStep2_ANewOneSendsOneBatch() =>
        MailBatchAsync(ReallocationProcess.NotifyName, WriteResults, ReallocationProcess.RunNotifyAsync, staff => new ResultsInput(Id, nameof(Round.InSchoolCompetition), staff));

    [Fact]
    public Task ABreakdownMailBatchStartedBeforeTheMailBatch_FailsOnReplayNamingNoVersionAndStep2_ANewOneSendsOneBatch() =>
        MailBatchAsync(PointsObjectionWindow.NotifyName, StaffPointsActivities.WriteBreakdowns, PointsObjectionWindow.RunNotifyAsync, staff => new StaffPointsActivities.BreakdownInput(Id, "points", staff, null));

    [Fact]
    public Task AWindowBatchStartedBeforeTheTaskMailBatch_FailsOnReplayNamingNoVersionAndStep3_ANewOneSendsOneBatch() =>
        WindowBatchAsync(
            BatchBeforeTaskMailBatchAsync,
            h => h.OfType<TaskCompletedEvent>().Count() == 4,
            [BuildTasks, StaffTaskWindowActivities.Open, StaffTaskActivities.SendMail, StaffTaskActivities.SendMail],
            $"第 3 步（序号 2，历史中为 activity '{StaffTaskActivities.SendMail}'）",
            StaffTaskActivities.SendMails);

    [Fact]
    public Task ABatchStartedBeforeTheWindowOfTasks_FailsOnReplayNamingNoVersionAndStep2_ANewOneOpensOneWindow() =>
        WindowBatchAsync(
            BatchBeforeWindowAsync,
            h => h.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.SendMail) == 2 && h.OfType<TaskCompletedEvent>().Count() == 5,
            [BuildTasks, StaffTaskActivities.Open, StaffTaskActivities.Open],
            $"第 2 步（序号 1，历史中为 activity '{StaffTaskActivities.Open}'）",
            StaffTaskWindowActivities.Open);

    // The reallocation's batch of the principals' posts window: an old instance whose tasks are out fails when a principal
    // publishes after the deploy, at the first step the old code took differently; a new one opens one window and sends
    // its mails by one SendMails.
    private async Task WindowBatchAsync(Func<TaskOrchestrationContext, BuildInput, Task<int>> before, Func<IReadOnlyList<HistoryEvent>, bool> tasksOut, string[] oldSteps, string differingStep, string changedStep)
    {
        var deployed = new Deployment();
        await using var harness = await StartAsync(
            ReallocationProcess.BatchName,
            registry => registry.AddOrchestratorFunc<BuildInput, int>(ReallocationProcess.BatchName, (context, input) => deployed.Now ? ReallocationProcess.RunBatchAsync(context) : before(context, input)));
        await TwoPrincipals.SeedAsync(harness.Services);
        var start = ReallocationHarness.Start(Id);
        var due = harness.Time.GetUtcNow().UtcDateTime + start.Options.Window;

        // Started on the old code, as every batch then: both principals' tasks given and mailed.
        string old = $"{Id}:{Steps.Posts}-1:0";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ReallocationProcess.BatchName, new BuildInput(start, Steps.Posts, ["sch-a", "sch-b"], due, 1, null), new StartOrchestrationOptions(old));
        var oldHistory = await harness.Host.WaitForHistoryAsync(old, tasksOut);
        Assert.Equal(oldSteps, oldHistory.OfType<TaskScheduledEvent>().Select(e => e.Name).Take(oldSteps.Length));
        var task = await harness.WaitForTaskAsync($"{StaffReallocationTasks.PublishPosts.Name}-{Id}-sch-a-1");

        // The deploy; the principal publishes, and the batch replays on the changed code.
        deployed.Now = true;
        var published = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-pa", new Dictionary<string, string?> { ["note"] = "本校岗位按现有编制。" }, CancellationToken.None);
        Assert.Equal(SubmitResult.Accepted, published.Result);
        var failed = await harness.Host.RunToCompletionAsync(old, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(NonDeterminism, failed.FailureDetails!.ErrorType);
        string message = failed.FailureDetails.ErrorMessage;
        Assert.Contains($"编排 {ReallocationProcess.BatchName} 版本 （无版本） 的代码已改变，{differingStep}与历史不同", message, StringComparison.Ordinal);
        Assert.Contains($"'{changedStep}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(await harness.Host.Client.GetOrchestrationHistoryAsync(old), e => e is TaskScheduledEvent { Name: RecordAnswers });

        // A batch started after the deploy (host.json's 3.0) opens one window and sends its task mails by one SendMails activity.
        string fresh = $"{Id}:{Steps.Posts}-2:0";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ReallocationProcess.BatchName, new BuildInput(start, Steps.Posts, ["sch-a", "sch-b"], due, 2, null), new StartOrchestrationOptions(fresh) { Version = "3.0" });
        var freshHistory = await harness.Host.WaitForHistoryAsync(fresh, h => h.OfType<TaskCompletedEvent>().Count() == 3);
        Assert.Equal([BuildTasks, StaffTaskWindowActivities.Open, StaffTaskActivities.SendMails], freshHistory.OfType<TaskScheduledEvent>().Select(e => e.Name));
    }

    // One mail batch orchestrator: an old instance held mid-way (SendGrid answered 429, each SendMail waits on its retry
    // timer) fails when the timers fire after the deploy, sending nothing; a new one sends by one SendMails.
    private async Task MailBatchAsync<TInput>(string name, string write, Func<TaskOrchestrationContext, Task<int>> changed, Func<IReadOnlyList<string>, TInput> input)
    {
        var deployed = new Deployment();
        await using var harness = await StartAsync(
            name,
            registry => registry.AddOrchestratorFunc<TInput, int>(name, (context, batch) => deployed.Now ? changed(context) : MailBatchBeforeSendMailsAsync(context, write, batch)));
        await SeedPeopleAsync(harness, ["stf-a1", "stf-a2", "stf-a3"]);
        harness.SendGrid.Script(429, 429);

        // Started on the old code, as every batch then: the mails written, then one SendMail each, both refused for now.
        string old = $"{Id}:{name}:old";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(name, input(["stf-a1", "stf-a2"]), new StartOrchestrationOptions(old));
        var oldHistory = await harness.Host.WaitForHistoryAsync(old, h => h.OfType<TimerCreatedEvent>().Count() == 2);
        Assert.Equal([write, StaffTaskActivities.SendMail, StaffTaskActivities.SendMail], oldHistory.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Empty(harness.SendGrid.Accepted);

        // The deploy; the retry timers fire, and the batch replays on the changed code.
        deployed.Now = true;
        var failed = await harness.Host.RunToCompletionAsync(old);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(NonDeterminism, failed.FailureDetails!.ErrorType);
        string message = failed.FailureDetails.ErrorMessage;
        Assert.Contains($"编排 {name} 版本 （无版本） 的代码已改变，第 2 步（序号 1，历史中为 activity '{StaffTaskActivities.SendMail}'）与历史不同", message, StringComparison.Ordinal);
        Assert.Contains($"'{StaffTaskActivities.SendMails}'", message, StringComparison.Ordinal);

        // A batch started after the deploy (host.json's 3.0) sends by one SendMails activity.
        string fresh = $"{Id}:{name}:fresh";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(name, input(["stf-a3"]), new StartOrchestrationOptions(fresh) { Version = "3.0" });
        var done = await harness.Host.RunToCompletionAsync(fresh);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, done.ReadOutputAs<int>());
        Assert.Equal([write, StaffTaskActivities.SendMails], (await harness.Host.Client.GetOrchestrationHistoryAsync(fresh)).OfType<TaskScheduledEvent>().Select(e => e.Name));
        // The old batch's mails were left pending in the outbox (the sweeper's to send); none goes out twice.
        Assert.Equal("stf-a3@qz.example.cn", Assert.Single(harness.SendGrid.Accepted, m => m.OutboxId!.EndsWith(".stf-a3", StringComparison.Ordinal)).To);
        Assert.Equal(harness.SendGrid.Accepted.Count, harness.SendGrid.Accepted.Select(m => m.OutboxId).Distinct().Count());
    }

    // The result and breakdown batches as they were before d3124f2: one SendMail activity per mail, with its retries.
    private static async Task<int> MailBatchBeforeSendMailsAsync<TInput>(TaskOrchestrationContext context, string write, TInput input)
    {
        var ids = await context.CallActivityAsync<IReadOnlyList<string>>(write, input, EduFlows.Storage.StorageRetry.Options);
        var sent = await Task.WhenAll(ids.Select(async mailId =>
        {
            try
            {
                await context.CallActivityAsync<MailDelivery>(StaffTaskActivities.SendMail, mailId, TaskOptions.FromRetryPolicy(StaffTaskOrchestration.MailRetry));
                return true;
            }
            catch (Microsoft.DurableTask.TaskFailedException)
            {
                return false;
            }
        }));
        return sent.Count(s => s);
    }

    // The batch as it was before 6eb187b: each person's task given on its own (its open, mail, reminder and expiry).
    private static async Task<int> BatchBeforeWindowAsync(TaskOrchestrationContext context, BuildInput input)
    {
        var requests = await context.CallActivityAsync<IReadOnlyList<KeyedRequest>>(BuildTasks, input, EduFlows.Storage.StorageRetry.Options);
        var outcomes = await Task.WhenAll(requests.Select(r => context.AssignStaffTaskAsync(r.Request)));
        return outcomes.Count(o => o.Result == StaffTaskResult.Submitted);
    }

    // The batch as it opened between 6eb187b and d3124f2 (its tasks one window): the window opened by one
    // activity, then each task's mail by its own SendMail; the wait stands for the window's timers the old code went on to.
    private static async Task<int> BatchBeforeTaskMailBatchAsync(TaskOrchestrationContext context, BuildInput input)
    {
        var requests = await context.CallActivityAsync<IReadOnlyList<KeyedRequest>>(BuildTasks, input, EduFlows.Storage.StorageRetry.Options);
        var opened = await context.CallActivityAsync<OpenedTask[]>(StaffTaskWindowActivities.Open, requests.Select(r => new OpenTaskInput(r.Request.TaskId!, context.InstanceId, r.Request)).ToList(), EduFlows.Storage.StorageRetry.Options);
        var answers = opened.Select(o => context.WaitForExternalEvent<TaskReceipt>(TaskDesk.EventName(o.TaskId))).ToArray();
        await Task.WhenAll(opened.Select(o => StaffTaskOrchestration.DeliverAsync(context, o.TaskId, o.MailId, o.Undeliverable, reportFailure: true)));
        await Task.WhenAny(answers);
        throw new InvalidOperationException("The stand-in for the old code ends at the first answer; the deploy replaces it before that.");
    }

    // The app's functions but the one the test stands in for.
    private Task<TaskHarness> StartAsync(string standIn, Action<DurableTaskRegistry> register) =>
        ReallocationHarness.StartAsync(
            azurite,
            register: registry =>
            {
                registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name != standIn)]));
                register(registry);
            });

    // 东关小学 (sch-a) and 西苑小学 (sch-b), whose principals publish the posts.
    private static readonly ReallocationCounty TwoPrincipals = new(
        [new School("sch-a", "东关小学", "primary", "王府街道", false, "stf-pa"), new School("sch-b", "西苑小学", "primary", "云门山街道", false, "stf-pb")],
        [Teacher("stf-pa", "sch-a") with { Post = "principal" }, Teacher("stf-pb", "sch-b") with { Post = "principal" }]);

    // Teachers of 东关小学 in the directory and placed in the reallocation's store: whom the mails are written to.
    private static async Task SeedPeopleAsync(TaskHarness harness, IReadOnlyList<string> staffIds)
    {
        await new ReallocationCounty([], [.. staffIds.Select(id => Teacher(id, "sch-a"))]).SeedAsync(harness.Services);
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        await store.Reallocations.TryAddAsync(new ReallocationRecord { Id = Id, OwnerId = "stf-3", AsOf = new DateOnly(2026, 9, 1) }, CancellationToken.None);
        string post = County.Id("sch-a");
        for (int i = 0; i < staffIds.Count; i++)
        {
            var placed = new Placement(staffIds[i], post, "sch-a", "junior", "sch-a", "junior", Round.InSchoolCompetition, PlacementRule.InSchoolByPoints, $"校内竞聘：按积分第 {i + 1} 名");
            Assert.True(await store.People.TryAddAsync(new PersonRecord { ReallocationId = Id, Participant = County.Staff(staffIds[i], "sch-a", i + 1), Placement = placed }, CancellationToken.None));
        }
    }

    private static StaffMember Teacher(string id, string school) => ReallocationCounty.Teacher(id, school, "mathematics", section: "junior");

    // The real orchestrator once the deploy is done; the stand-in for the old code before. Read by the worker's threads.
    private sealed class Deployment
    {
        private volatile bool _now;

        public bool Now
        {
            get => _now;
            set => _now = value;
        }
    }
}
