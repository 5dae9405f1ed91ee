using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Writes the recorded histories <see cref="DeputyRenewalReplayTests"/> replays (<c>Fixtures/DeputyRenewal-2.0.json</c>,
/// <c>Fixtures/DeputyRenewal-3.0.json</c>, <c>Fixtures/DeputyRenewal-3.1.json</c>, <c>Fixtures/DeputyRenewal-3.2.json</c>): a round run to its end on the task harness (fake clock, Azurite), its history
/// and its objection reviews' as DurableTask.Core recorded them. Opt-in, as it rewrites committed files:
/// <c>EDUFLOWS_RECORD_HISTORIES=1 dotnet test Functions.Tests --filter "FullyQualifiedName~DeputyRenewalHistoryRecorder"</c>.
/// </summary>
/// <remarks>
/// A fixture stands for instances that ran on the code of its day; re-record one only when the change is meant to leave
/// such instances behind (a new version), never to make a failing replay pass: that failure is what a running round of
/// the version would meet.
/// </remarks>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalHistoryRecorder(AzuriteFixture azurite)
{
    /// <summary>The 2.0 fixture: two objections during the notice, the first upheld, the second dismissed, each a task of the round's own.</summary>
    [RecordingFact]
    public async Task Record_ARoundOn20_TwoObjectionsLookedIntoInTheRound()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, "2.0");
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"));
        var (done, _) = await harness.DriveAsync(run.InstanceId, DeputyRenewalReplayTests.Findings);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        RecordedHistory.Write(
            RecordedHistory.FixturePath(DeputyRenewalReplayTests.On20),
            "A deputy renewal round on 2.0 (objections looked into in the round), recorded by DeputyRenewalHistoryRecorder; replayed by DeputyRenewalReplayTests.",
            [WithInputs(RecordedHistory.Of(RenewalProcess.Name, run.InstanceId, await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId)), DeputyRenewalReplayTests.Round)]);
    }

    /// <summary>The 3.0 fixture: one objection, upheld, looked into by its own sub-orchestration; both histories.</summary>
    [RecordingFact]
    public async Task Record_ARoundOn30_OneObjectionLookedIntoByItsReview()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, "3.0");
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        string review = RenewalProcess.ObjectionInstanceIdOf(run, 1);
        var (done, _) = await harness.DriveAsync(run.InstanceId, DeputyRenewalReplayTests.Findings, [review]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        RecordedHistory.Write(
            RecordedHistory.FixturePath(DeputyRenewalReplayTests.On30),
            "A deputy renewal round on 3.0 and its one objection's review, recorded by DeputyRenewalHistoryRecorder; replayed by DeputyRenewalReplayTests.",
            [
                WithInputs(RecordedHistory.Of(RenewalProcess.Name, run.InstanceId, await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId)), DeputyRenewalReplayTests.Round),
                WithInputs(RecordedHistory.Of(RenewalProcess.ObjectionReviewName, review, await harness.Host.Client.GetOrchestrationHistoryAsync(review)), DeputyRenewalReplayTests.Review, new(new(RenewalProcess.Name), run.InstanceId)),
            ]);
    }

    /// <summary>
    /// The 3.1 fixture: the notice mailed to the school, one objection raised twice (the repeat dropped) and another,
    /// the first upheld, the second dismissed, each by its own review; the round's and both reviews' histories.
    /// </summary>
    [RecordingFact]
    public Task Record_ARoundOn31_ItsNoticeMailed_ARepeatedObjectionDropped_TwoLookedInto() => RecordTwoObjectionsAndARepeatAsync(
        "3.1",
        DeputyRenewalReplayTests.On31,
        "A deputy renewal round on 3.1 (its notice mailed, a repeated objection dropped) and its two objections' reviews, recorded by DeputyRenewalHistoryRecorder; replayed by DeputyRenewalReplayTests.");

    /// <summary>
    /// The 3.2 fixture: as 3.1, and as its notice ends the pick-up of the objections the API kept (none here: all came by
    /// their events); the round's and both reviews' histories. Its input carries an execution, as the 3.2 start API put
    /// one into every round once objection rows were keyed by run (7edd026). The committed file was recorded on the 3.2
    /// code itself (bfc42fa, before 3.3): it is what a running 3.2 round holds, not what today's code writes at 3.2.
    /// </summary>
    [RecordingFact]
    public Task Record_ARoundOn32_ItsNoticeEndingWithThePickUpOfKeptObjections() => RecordTwoObjectionsAndARepeatAsync(
        "3.2",
        DeputyRenewalReplayTests.On32,
        "A deputy renewal round on 3.2 (its notice mailed, a repeated objection dropped, the kept objections picked up as the notice ends) and its two objections' reviews, recorded by DeputyRenewalHistoryRecorder; replayed by DeputyRenewalReplayTests.");

    // The execution the 3.2 fixture's round was started with (the 3.2 start API gave each round a new one from 7edd026 on).
    private const string Recorded32Execution = "3b9e1c0d5a7f4e2b8c6d1f0a9e8b7c6d";

    // A round on the version: one objection raised twice and another, the first upheld, the second dismissed; written with both reviews.
    private async Task RecordTwoObjectionsAndARepeatAsync(string version, string fixture, string description)
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, version, version == "3.2" ? Recorded32Execution : null);
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"));
        string[] reviews = [RenewalProcess.ObjectionInstanceIdOf(run, 1), RenewalProcess.ObjectionInstanceIdOf(run, 2)];
        var (done, _) = await harness.DriveAsync(run.InstanceId, DeputyRenewalReplayTests.Findings, reviews);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        var parent = new ParentOrchestrationInstance(new(RenewalProcess.Name), run.InstanceId);
        RecordedHistory.Write(
            RecordedHistory.FixturePath(fixture),
            description,
            [
                WithInputs(RecordedHistory.Of(RenewalProcess.Name, run.InstanceId, await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId)), DeputyRenewalReplayTests.Round),
                .. await Task.WhenAll(reviews.Select(async review => WithInputs(RecordedHistory.Of(RenewalProcess.ObjectionReviewName, review, await harness.Host.Client.GetOrchestrationHistoryAsync(review)), DeputyRenewalReplayTests.Review, parent))),
            ]);
    }

    // The history leaves calls' inputs out; the code that just ran gives them, after its replay matched the history.
    private static RecordedInstance WithInputs(RecordedInstance recorded, ITaskOrchestrator orchestrator, ParentOrchestrationInstance? parent = null)
    {
        var replay = RecordedHistory.Replay(recorded, orchestrator, parent);
        Assert.True(replay.FirstMismatch is null, replay.FirstMismatch?.ToString());
        return recorded with { Inputs = replay.Inputs };
    }
}
