using System.Text.Json.Nodes;
using EduFlows.Reliability.Probes.Chaos;

namespace EduFlows.Tests.Reliability;

/// <summary>
/// The chaos probe's doubled-effect figures (issue 16) read what a doubled effect would leave behind. An audit found
/// two that could never be non-zero: receipts "applied twice" (the activity only ever writes 1) and tasks "mailed with
/// two links" (task ids and tokens are deterministic, so a task opened twice mails the same link). They now read the
/// instance's history and the task table.
/// </summary>
public sealed class ChaosDoubledEffectTests
{
    [Fact]
    public void AFanOutHistory_OneCallPerSchoolEachTakenInOnce_HasNoDoubledEffect()
    {
        var history = History(("TaskScheduled", 0), ("TaskScheduled", 1), ("TaskCompleted", 1), ("TaskCompleted", 0));

        Assert.Equal((0, 0), ChaosProbe.DoubledIn(history, schools: 2));
    }

    [Fact]
    public void AResultTakenInTwice_OrACallScheduledBeyondOnePerSchool_IsCounted()
    {
        var takenTwice = History(("TaskScheduled", 0), ("TaskScheduled", 1), ("TaskCompleted", 0), ("TaskCompleted", 1), ("TaskCompleted", 0));
        var scheduledTwice = History(("TaskScheduled", 0), ("TaskScheduled", 1), ("TaskScheduled", 2), ("TaskCompleted", 0), ("TaskFailed", 1), ("TaskCompleted", 2));

        Assert.Equal((0, 1), ChaosProbe.DoubledIn(takenTwice, schools: 2));
        Assert.Equal((1, 0), ChaosProbe.DoubledIn(scheduledTwice, schools: 2));
    }

    [Fact]
    public void TheSamePersonAskedTheSameThingUnderTwoTaskIds_IsATaskOpenedTwice_ButSixResearchersToScoreAreNot()
    {
        var six = Enumerable.Range(1, 6).Select(i => ($"t-score-{i}", "stf-00002", "ResearcherScoring", $"\"2026年上半年教研员考核 · 研究员{i}\"")).ToList();
        Assert.Empty(ChaosProbe.AskedTwice(six));

        var doubled = six.Append(("t-score-1b", "stf-00002", "ResearcherScoring", "\"2026年上半年教研员考核 · 研究员1\"")).ToList();
        Assert.Equal("t-score-1 = t-score-1b", Assert.Single(ChaosProbe.AskedTwice(doubled)));
    }

    private static JsonArray History(params (string Type, int Id)[] events) =>
        [.. events.Select(e => (JsonNode)(e.Type == "TaskScheduled"
            ? new JsonObject { ["EventType"] = e.Type, ["Name"] = "FileReceipt", ["EventId"] = e.Id }
            : new JsonObject { ["EventType"] = e.Type, ["TaskScheduledId"] = e.Id }))];
}
