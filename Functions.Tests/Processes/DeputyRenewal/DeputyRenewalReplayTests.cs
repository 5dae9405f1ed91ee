using DurableTask.Core.History;
using EduFlows.DurableTask;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tasks;
using Microsoft.DurableTask;
using Newtonsoft.Json.Linq;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 21 (and 3.1's notice mail and repeated objections, 3.2's pick-up of kept objections): rounds recorded on each kept version (<c>Fixtures/</c>, written by <see cref="DeputyRenewalHistoryRecorder"/>)
/// replay through today's orchestrator code, step by step, deciding at each step what the step recorded and ending with
/// the recorded record. A change to either path that a running round of its version could not replay fails here, with
/// the step and both lists of decisions. In process, no storage.
/// </summary>
public sealed class DeputyRenewalReplayTests
{
    internal const string On20 = "DeputyRenewal-2.0.json";
    internal const string On30 = "DeputyRenewal-3.0.json";
    internal const string On31 = "DeputyRenewal-3.1.json";
    internal const string On32 = "DeputyRenewal-3.2.json";

    private const string Upheld = "张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）";
    private const string Dismissed = "李老师 13900000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）";

    internal static readonly ITaskOrchestrator Round = FuncTaskOrchestrator.Create<RenewalRun, RenewalRecord?>((context, _) => RenewalProcess.RunAsync(context));
    internal static readonly ITaskOrchestrator Review = FuncTaskOrchestrator.Create<RenewalObjectionReview, string>((context, _) => RenewalProcess.RunObjectionReviewAsync(context));

    /// <summary>The bureau's findings in the recorded rounds: the first objection upheld, the second dismissed.</summary>
    internal static Dictionary<string, string?> Findings(StaffTask task) =>
        task.Id.EndsWith("-objection-1", StringComparison.Ordinal) ? new() { ["finding"] = "uphold", ["note"] = "经核查属实。" }
        : task.Id.EndsWith("-objection-2", StringComparison.Ordinal) ? new() { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }
        : throw new InvalidOperationException("unexpected task " + task.Id);

    [Fact]
    public void ARoundRecordedOn20_ReplaysOnTheCurrentCodeStepByStep_ToItsRecordedRecord()
    {
        var round = RecordedHistory.Read(RecordedHistory.FixturePath(On20)).Single();
        var events = round.Events();

        var replay = RecordedHistory.Replay(round, Round);

        Assert.Equal("2.0", round.Version);
        Assert.DoesNotContain(events.OfType<SubOrchestrationInstanceCreatedEvent>(), e => e.Name == RenewalProcess.ObjectionReviewName);
        Assert.True(replay.FirstMismatch is null, replay.FirstMismatch?.ToString());
        Assert.Equal(events.OfType<OrchestratorStartedEvent>().Count(), replay.Steps);
        Assert.Equal(events.OfType<ExecutionCompletedEvent>().Single().Result, replay.Result);
        var record = PayloadJson.Deserialize<RenewalRecord>(replay.Result)!;
        Assert.Equal(("done", "unchanged", "promoted"), (record.Stage, record.Candidates[2].Result, record.Candidates[3].Result));
        Assert.Equal([Upheld], record.Candidates[2].Objections);
        Assert.Equal([Dismissed], record.Candidates[3].Objections);
    }

    [Fact]
    public void ARoundRecordedOn30_AndItsObjectionReview_ReplayOnTheCurrentCodeStepByStep()
    {
        var recorded = RecordedHistory.Read(RecordedHistory.FixturePath(On30));
        var round = recorded.Single(i => i.Name == RenewalProcess.Name);
        var review = recorded.Single(i => i.Name == RenewalProcess.ObjectionReviewName);

        var roundReplay = RecordedHistory.Replay(round, Round);
        var reviewReplay = RecordedHistory.Replay(review, Review, new ParentOrchestrationInstance(new TaskName(RenewalProcess.Name), round.InstanceId));

        Assert.Equal("3.0", round.Version);
        Assert.Equal([review.InstanceId], round.Events().OfType<SubOrchestrationInstanceCreatedEvent>().Where(e => e.Name == RenewalProcess.ObjectionReviewName).Select(e => e.InstanceId));
        Assert.True(roundReplay.FirstMismatch is null, roundReplay.FirstMismatch?.ToString());
        Assert.True(reviewReplay.FirstMismatch is null, reviewReplay.FirstMismatch?.ToString());
        Assert.Equal(round.Events().OfType<ExecutionCompletedEvent>().Single().Result, roundReplay.Result);
        Assert.Equal("\"uphold\"", reviewReplay.Result);
        var record = PayloadJson.Deserialize<RenewalRecord>(roundReplay.Result)!;
        Assert.Equal(("done", "unchanged", "promoted"), (record.Stage, record.Candidates[2].Result, record.Candidates[3].Result));
    }

    [Fact]
    public void ARoundRecordedOn20_ReplayedAs30_DiffersAtItsFirstObjection()
    {
        // Without the version's branch a 2.0 round would take the 3.0 path: the check has to see that.
        var round = RecordedHistory.Read(RecordedHistory.FixturePath(On20)).Single();
        var history = (JArray)round.History.DeepClone();
        history.OfType<JObject>().Single(e => (string?)e["EventType"] == nameof(EventType.ExecutionStarted))["Version"] = RenewalProcess.ReviewsApartSince;

        var replay = RecordedHistory.Replay(round with { History = history }, Round);

        var mismatch = replay.FirstMismatch;
        Assert.NotNull(mismatch);
        Assert.Equal($"activity {StaffTaskActivities.Open}", mismatch.Recorded[0]);
        Assert.Equal($"sub-orchestration {RenewalProcess.ObjectionReviewName} deputy-renewal-2026-sch-qc:objection-1", mismatch.Replayed[0]);
    }

    [Theory]
    [InlineData(On31, "3.1", 0)]
    [InlineData(On32, "3.2", 1)]
    public void ARoundRecordedOn31Or32_ARepeatedObjectionDropped_AndItsReviews_ReplayOnTheCurrentCodeStepByStep(string fixture, string version, int pickUps)
    {
        var recorded = RecordedHistory.Read(RecordedHistory.FixturePath(fixture));
        var round = recorded.Single(i => i.Name == RenewalProcess.Name);
        var reviews = recorded.Where(i => i.Name == RenewalProcess.ObjectionReviewName).OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        var events = round.Events();

        var roundReplay = RecordedHistory.Replay(round, Round);
        var reviewReplays = reviews.Select(r => RecordedHistory.Replay(r, Review, new ParentOrchestrationInstance(new TaskName(RenewalProcess.Name), round.InstanceId))).ToList();

        // 3.2 picks up the kept objections as the notice ends; neither makes a run of its own (3.3).
        Assert.Equal(version, round.Version);
        // Rounds the 3.2 start API began once objection rows were keyed by run (7edd026) carry an execution in their input; 3.1 rounds never do.
        Assert.Equal(version == "3.2", PayloadJson.Deserialize<RenewalRun>(events.OfType<ExecutionStartedEvent>().Single().Input)!.Execution is not null);
        Assert.Single(events.OfType<TaskScheduledEvent>(), e => e.Name == DeputyRenewalActivities.NoticeMail);
        Assert.Equal(pickUps, events.OfType<TaskScheduledEvent>().Count(e => e.Name == DeputyRenewalActivities.ReceivedObjections));
        Assert.DoesNotContain(events.OfType<TaskScheduledEvent>(), e => e.Name == DeputyRenewalActivities.BeginRun);
        Assert.Equal(3, events.OfType<EventRaisedEvent>().Count(e => e.Name == RenewalProcess.ObjectionEvent));
        Assert.Equal(["deputy-renewal-2026-sch-qc:objection-1", "deputy-renewal-2026-sch-qc:objection-2"], reviews.Select(r => r.InstanceId));
        Assert.Equal(reviews.Select(r => r.InstanceId), events.OfType<SubOrchestrationInstanceCreatedEvent>().Where(e => e.Name == RenewalProcess.ObjectionReviewName).Select(e => e.InstanceId));
        Assert.True(roundReplay.FirstMismatch is null, roundReplay.FirstMismatch?.ToString());
        Assert.All(reviewReplays, r => Assert.True(r.FirstMismatch is null, r.FirstMismatch?.ToString()));
        Assert.Equal(events.OfType<ExecutionCompletedEvent>().Single().Result, roundReplay.Result);
        Assert.Equal(["\"uphold\"", "\"dismiss\""], reviewReplays.Select(r => r.Result));
        var record = PayloadJson.Deserialize<RenewalRecord>(roundReplay.Result)!;
        Assert.Equal(("done", "unchanged", "promoted", (string?)null), (record.Stage, record.Candidates[2].Result, record.Candidates[3].Result, record.Execution));
    }

    [Fact]
    public void ARoundRecordedOn32_ReplayedAs33_DiffersAtItsFirstStep_TheRunItWouldMake()
    {
        // Without the version's branch a running 3.2 round would make a run of its own mid-history: the check has to see that.
        var round = RecordedHistory.Read(RecordedHistory.FixturePath(On32)).Single(i => i.Name == RenewalProcess.Name);
        var history = (JArray)round.History.DeepClone();
        history.OfType<JObject>().Single(e => (string?)e["EventType"] == nameof(EventType.ExecutionStarted))["Version"] = RenewalProcess.OwnsItsRunSince;

        var replay = RecordedHistory.Replay(round with { History = history }, Round);

        var mismatch = replay.FirstMismatch;
        Assert.NotNull(mismatch);
        Assert.Equal($"activity {DeputyRenewalActivities.LoadRoster}", mismatch.Recorded[0]);
        Assert.Equal($"activity {DeputyRenewalActivities.BeginRun}", mismatch.Replayed[0]);
    }

    [Fact]
    public void ARoundRecordedOn31_ReplayedAs32_DiffersAtThePickUpOfReceivedObjections()
    {
        // Without the version's branch a running 3.1 round would read the received objections mid-history: the check has to see that.
        var round = RecordedHistory.Read(RecordedHistory.FixturePath(On31)).Single(i => i.Name == RenewalProcess.Name);
        var history = (JArray)round.History.DeepClone();
        history.OfType<JObject>().Single(e => (string?)e["EventType"] == nameof(EventType.ExecutionStarted))["Version"] = RenewalProcess.PicksUpReceivedSince;

        var replay = RecordedHistory.Replay(round with { History = history }, Round);

        var mismatch = replay.FirstMismatch;
        Assert.NotNull(mismatch);
        Assert.Equal($"activity {DeputyRenewalActivities.Move}", mismatch.Recorded[0]);
        Assert.Equal($"activity {DeputyRenewalActivities.ReceivedObjections}", mismatch.Replayed[0]);
    }

    [Fact]
    public void ARoundRecordedOn30_ReplayedAs31_DiffersAtTheNoticeMail()
    {
        // Without the version's branch a running 3.0 round would mail its notice mid-history: the check has to see that.
        var round = RecordedHistory.Read(RecordedHistory.FixturePath(On30)).Single(i => i.Name == RenewalProcess.Name);
        var history = (JArray)round.History.DeepClone();
        history.OfType<JObject>().Single(e => (string?)e["EventType"] == nameof(EventType.ExecutionStarted))["Version"] = RenewalProcess.MailsNoticeSince;

        var replay = RecordedHistory.Replay(round with { History = history }, Round);

        var mismatch = replay.FirstMismatch;
        Assert.NotNull(mismatch);
        Assert.StartsWith("timer 2026-10-10T10:00:00", mismatch.Recorded[0], StringComparison.Ordinal);
        Assert.Equal($"activity {DeputyRenewalActivities.NoticeMail}", mismatch.Replayed[0]);
    }
}
