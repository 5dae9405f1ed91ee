using DurableTask.Core.History;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 16 against Azurite: an objection the API keeps as the notice ends is either looked into or answered 410 (late,
/// as one posted after the notice), never answered 202 and left out; and a round started again under the same id takes in
/// only its own run's objections.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalLateObjectionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset EndsAt = new(2026, 10, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Notice_AnObjectionWhoseRowLandsAfterTheRoundTookObjectionsIn_Is410LateInChinese_NotLeftOutBehindA202()
    {
        // The other order of the race: the API read the time in the notice's last second (its clock still there), and its
        // row lands only after the round, its notice over, has taken in what was kept.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        // Lodged on the notice's second day, so its review (3 working days) is still open when the notice ends.
        harness.Host.MoveTo(new DateTimeOffset(2026, 10, 9, 1, 0, 0, TimeSpan.Zero));
        var inTime = await Api(harness, harness.Time, html).RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"), CancellationToken.None);

        // Its review left open, the round waits on after its notice, which still reads as on notice.
        var first = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1));
        harness.Host.MoveTo(EndsAt);
        await DeputyRenewalHarness.WaitForPickUpAsync(harness, run.InstanceId);
        var slow = Api(harness, new FakeTimeProvider(EndsAt.AddSeconds(-1)), html);
        var late = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
        var refused = await slow.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", late, CancellationToken.None);
        var postedAgain = await slow.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", late, CancellationToken.None);

        Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(harness.Host.Client, first.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }, CancellationToken.None)).Result);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id), [RenewalProcess.ObjectionInstanceIdOf(run, 1)]);

        Assert.Equal(202, Assert.IsType<IStatusCodeHttpResult>(inTime.Result, exactMatch: false).StatusCode);
        string why = "公示期已于 2026-10-10 结束。本异议在截止前未能登记，未提交；如仍需反映，请直接联系教育局。";
        foreach (var answer in new[] { refused, postedAgain })
        {
            var problem = Assert.IsType<ProblemHttpResult>(answer.Result);
            Assert.Equal((410, "application/problem+json", "已结束，无法再办理"), (problem.StatusCode, problem.ContentType, problem.ProblemDetails.Title));
            Assert.StartsWith(why, problem.ProblemDetails.Detail, StringComparison.Ordinal);
            Assert.Equal("againstStaffId", problem.ProblemDetails.Extensions["field"]);
            Assert.Equal(why, answer.RefusalZh);
        }

        // Not looked into, and the promotion stands: the lodger was told so.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(("promoted", "promoted"), (done.ReadOutputAs<RenewalRecord>()!.Candidates[2].Result, done.ReadOutputAs<RenewalRecord>()!.Candidates[3].Result));
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var kept = await store.Received.KeptAsync(RenewalReceivedObjections.PartitionOf(run), CancellationToken.None);
        Assert.Equal([("stf-43", ReceivedObjectionIntake.TakenIn), ("stf-42", ReceivedObjectionIntake.Refused)], kept.Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        Assert.Equal([(1, "stf-43")], (await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None)).Select(o => (o.Number, o.AgainstStaffId)));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Single(history.OfType<EventRaisedEvent>(), e => e.Name == RenewalProcess.ObjectionEvent);
        Assert.Single(history.OfType<SubOrchestrationInstanceCreatedEvent>(), e => e.Name == RenewalProcess.ObjectionReviewName);
    }

    [Fact]
    public async Task Store_ARowKeptAfterTheRoundTookObjectionsIn_SettlesRefused_EvenThoughTheApiSawTheNoticeOpen()
    {
        // The same order through the store alone: the round's take-in first, then the API's keep and settle.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default) { Execution = "run-1" };
        string partition = RenewalReceivedObjections.PartitionOf(run);
        var before = new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。");
        var after = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
        await store.Received.KeepAsync(partition, before, EndsAt.AddMinutes(-5), CancellationToken.None);

        var takenIn = await store.Received.TakeInAsync(partition, CancellationToken.None);
        var keptAfter = await store.Received.KeepAsync(partition, after, EndsAt.AddSeconds(-1), CancellationToken.None);
        var settledAfter = await store.Received.SettleAsync(partition, after, noticeOpen: true, CancellationToken.None);
        var settledBefore = await store.Received.SettleAsync(partition, before, noticeOpen: true, CancellationToken.None);
        var takenInAgain = await store.Received.TakeInAsync(partition, CancellationToken.None);

        Assert.Equal(["stf-43"], takenIn.Select(o => o.AgainstStaffId));
        Assert.Equal((ReceivedObjectionIntake.Lodged, false), keptAfter);
        Assert.Equal((ReceivedObjectionIntake.Refused, ReceivedObjectionIntake.TakenIn), (settledAfter, settledBefore));
        Assert.Equal(["stf-43"], takenInAgain.Select(o => o.AgainstStaffId));
        Assert.Equal(1, await store.Received.CountAsync(partition, CancellationToken.None));
    }

    [Fact]
    public async Task Notice_ARoundStartedAgainUnderTheSameId_TakesInOnlyItsOwnRunsObjections()
    {
        // The earlier run of deputy-renewal-2026-sch-qc (terminated) left an objection the API accepted for it.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var earlier = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default) { Execution = "earlier" };
        var old = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
        await store.Received.KeepAsync(RenewalReceivedObjections.PartitionOf(earlier), old, harness.Time.GetUtcNow(), CancellationToken.None);
        var settledOld = await store.Received.SettleAsync(RenewalReceivedObjections.PartitionOf(earlier), old, noticeOpen: true, CancellationToken.None);

        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.Equal(ReceivedObjectionIntake.Accepted, settledOld);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(("promoted", "promoted"), (done.ReadOutputAs<RenewalRecord>()!.Candidates[2].Result, done.ReadOutputAs<RenewalRecord>()!.Candidates[3].Result));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Single(history.OfType<TaskScheduledEvent>(), e => e.Name == DeputyRenewalActivities.ReceivedObjections);
        Assert.DoesNotContain(history, e => e is SubOrchestrationInstanceCreatedEvent);
        Assert.Empty(await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None));
        Assert.Equal([("stf-42", ReceivedObjectionIntake.Accepted)], (await store.Received.KeptAsync(RenewalReceivedObjections.PartitionOf(earlier), CancellationToken.None)).Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        Assert.Empty(await store.Received.KeptAsync(RenewalReceivedObjections.PartitionOf(run), CancellationToken.None));
    }

    private static DeputyRenewalApi Api(TaskHarness harness, TimeProvider time, HtmlRendering html) =>
        new(harness.Services.GetRequiredService<DirectoryStore>(), harness.Services.GetRequiredService<DeputyRenewalStore>(), DeputyRenewalOptions.Default, new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), time, html);
}
