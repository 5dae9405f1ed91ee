using DurableTask.Core.History;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 21's history bound for a school's renewal round. The round is one instance per school (the county's 127
/// deputies are spread over its schools, a handful each), so what can grow is the public notice: it takes in at most
/// <see cref="RenewalProcess.MaxObjectionEvents"/> objections, each a task the bureau looks into. On version 3.0 each
/// objection's review runs as a sub-orchestration, so the round grows by a few events an objection and each review's
/// history is one task; rounds started on the first path (the task in the round's own history, 24 to 26 events an
/// objection, measured 2026-12-05) still end on it.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// The stated bound on one school's round (events) at the limit of objections, none looked into: measured 1,121 for
    /// 200 (2026-12-06), about 5 an objection (raised, review started, review done, and the replays they wake), where the
    /// first path took 24 to 26 an objection (4,800 to 5,400 at the limit).
    /// </summary>
    internal const int RoundBound = 1_500;

    /// <summary>The stated bound on one objection's review (events): one task, reminded and expired; measured 44.</summary>
    internal const int ReviewBound = 60;

    [Fact]
    public async Task ARoundAtTheLimitOfObjections_NoneLookedInto_StaysUnderTheHistoryBounds()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        const int raised = RenewalProcess.MaxObjectionEvents;
        for (int i = 0; i < raised; i++)
        {
            await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection(i % 2 == 0 ? "stf-42" : "stf-43", $"群众{i + 1}", $"第{i + 1}条异议。"));
        }

        var reviews = Enumerable.Range(1, raised).Select(n => RenewalProcess.ObjectionInstanceIdOf(run, n)).ToList();
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Kind == DeputyRenewalTasks.ObjectionReview.Name ? null : throw new InvalidOperationException("unexpected task " + task.Id), reviews);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal(RenewalProcess.CurrentVersion, history.OfType<ExecutionStartedEvent>().Single().Version);
        Assert.Equal(reviews, history.OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId));
        Assert.Equal(5, history.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.Open));
        int longest = 0, expired = 0;
        foreach (string review in reviews)
        {
            var reviewHistory = await harness.Host.Client.GetOrchestrationHistoryAsync(review);
            longest = Math.Max(longest, reviewHistory.Count);
            expired += reviewHistory.OfType<ExecutionCompletedEvent>().Count(e => e.Result == "\"none\"");
        }

        output.WriteLine($"{raised} objections on version {RenewalProcess.CurrentVersion}: round {history.Count} events (bound {RoundBound}); longest review {longest} (bound {ReviewBound})");
        var record = done.ReadOutputAs<RenewalRecord>()!;
        Assert.Equal(("promoted", "promoted"), (record.Candidates[2].Result, record.Candidates[3].Result));
        Assert.Equal(raised, expired);
        var stored = (await harness.Services.GetRequiredService<DeputyRenewalStore>().GetAsync("2026", "sch-qc", CancellationToken.None))!;
        Assert.Equal("群众1：第1条异议。 → 未核查", stored.Candidates[2].Objections[0]);
        Assert.Equal([0, 0, raised / 2, raised / 2], stored.Candidates.Select(c => c.ObjectionCount));
        Assert.Equal(raised, stored.Candidates.Sum(c => c.Objections.Count));
        Assert.True(history.Count < RoundBound, $"{history.Count} events for {raised} objections; the bound is {RoundBound}");
        Assert.True(longest < ReviewBound, $"the longest review has {longest} events; the bound is {ReviewBound}");
    }

    [Fact]
    public async Task ARoundStartedOnTheFirstPath_EndsOnIt_ItsObjectionLinesMovedToRows()
    {
        // 2.0: what host.json's default version gave rounds started before 3.0.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, "2.0");
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"));
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Id.EndsWith("-objection-1", StringComparison.Ordinal)
            ? new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }
            : task.Id.EndsWith("-objection-2", StringComparison.Ordinal) ? new Dictionary<string, string?> { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }
            : throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal("2.0", history.OfType<ExecutionStartedEvent>().Single().Version);
        Assert.Empty(history.OfType<SubOrchestrationInstanceCreatedEvent>());
        Assert.Equal(4 + 1 + 2, history.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.Open));
        var record = done.ReadOutputAs<RenewalRecord>()!;
        string[] upheld = ["张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）"], dismissed = ["李老师 13900000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）"];
        Assert.Equal(upheld, record.Candidates[2].Objections);
        Assert.Equal(dismissed, record.Candidates[3].Objections);
        Assert.Equal(("unchanged", "promoted"), (record.Candidates[2].Result, record.Candidates[3].Result));
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var stored = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        Assert.Equal(upheld, stored.Candidates[2].Objections);
        Assert.Equal(dismissed, stored.Candidates[3].Objections);
        Assert.Equal(2, (await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None)).Count);
        Assert.All((await store.Rounds.GetAsync("2026-sch-qc", CancellationToken.None))!.Record.Candidates, c => Assert.Empty(c.Objections));
    }
}
