using DurableTask.Core.History;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Issue 16, a round's appeal window as it closes, under the fake clock: 吴老师 (stf-904) appeals the first round in its
/// window; while the bureau decides, two appeal events arrive that the API would refuse (raised by hand, as through the
/// Durable management API): 孙老师's (stf-901) naming the first round, 钱老师's (stf-902) naming none. Version 3.2 shows the
/// window closed (appeal-review:DirectAppointment) and the second round's window counts neither; a reallocation started on
/// 3.1 runs as it always did: the stage stays appeal:DirectAppointment and the second window takes both in as its own.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class AppealWindowVersionTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2026";

    [Fact]
    public async Task OnTheAppealReviewVersion_TheClosedWindowHasItsOwnStage_AndTheNextWindowCountsNoStrayAppeal()
    {
        await using var harness = await StartAsync();

        var run = await RunAsync(harness, ReallocationProcess.AppealReviewVersion);

        Assert.Equal("appeal-review:DirectAppointment", run.StageWhileReviewed);
        Assert.Equal(3, run.AppealEvents);
        Assert.Equal([$"DirectAppointment stf-904 {AppealOutcome.NotDecidedInTime}"], run.Records);
        Assert.Equal([AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0)], run.ReviewTasks);
        // The second window, with no appeal, closes too (briefly, so not always seen).
        Assert.Equal(["appeal:DirectAppointment", "appeal-review:DirectAppointment", "appeal:SupportTeaching"], run.AppealStages.Where(s => s != "appeal-review:SupportTeaching"));
    }

    // Hole (a): 周老师's (stf-903) appeal was kept and answered 202 by the API while the window was open, but its event
    // reached the instance only after the window had closed (raised while the bureau decides). The window takes it in
    // from its record as it closes, so it is decided with 吴老师's: numbered after it, with its own review task.
    [Fact]
    public async Task OnTheAppealReviewVersion_AnAppealKeptInTheWindowWhoseEventComesAfterTheClose_IsDecidedWithTheRound()
    {
        await using var harness = await StartAsync();

        var run = await RunAsync(harness, ReallocationProcess.AppealReviewVersion, keptWithLateEvent: true);

        Assert.Equal("appeal-review:DirectAppointment", run.StageWhileReviewed);
        Assert.Equal(2, run.AppealEvents);
        Assert.Equal([$"DirectAppointment stf-904 {AppealOutcome.NotDecidedInTime}", $"DirectAppointment stf-903 {AppealOutcome.NotDecidedInTime}"], run.Records);
        // Given together, in no set order.
        Assert.Equal(
            [AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-903", 1), AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0)],
            run.ReviewTasks.Order(StringComparer.Ordinal));
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var person = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-903"), CancellationToken.None))!.Record;
        Assert.Contains(person.Trace, t => t.Step == "appeal" && t.What.StartsWith("DirectAppointment appeal (校长确认时遗漏本人岗位): not decided in time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartedOnTheVersionBefore_TheWindowRunsAsItsHistoryHasIt_AndTheNextWindowTakesTheStrayAppealsIn()
    {
        await using var harness = await StartAsync();

        var run = await RunAsync(harness, "3.1");

        Assert.Equal("appeal:DirectAppointment", run.StageWhileReviewed);
        Assert.Equal(3, run.AppealEvents);
        Assert.Equal(
            [$"DirectAppointment stf-904 {AppealOutcome.NotDecidedInTime}", $"SupportTeaching stf-901 {AppealOutcome.NotDecidedInTime}", $"SupportTeaching stf-902 {AppealOutcome.NotDecidedInTime}"],
            run.Records);
        Assert.Equal(
            [AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0), AppealRecord.AppealTaskId(Id, Round.SupportTeaching, "stf-901", 0), AppealRecord.AppealTaskId(Id, Round.SupportTeaching, "stf-902", 1)],
            run.ReviewTasks);
        Assert.Equal(["appeal:DirectAppointment", "appeal:SupportTeaching"], run.AppealStages);
    }

    // What a run showed: the stage while the first round's appeal was reviewed, the appeal events the instance was sent,
    // the appeal records ("{round} {staffId} {outcome}"), the review tasks given, and the appeal stages seen whenever all was quiet, in order.
    private sealed record Run(string StageWhileReviewed, int AppealEvents, List<string> Records, List<string> ReviewTasks, List<string> AppealStages);

    // Runs the reallocation on `version` from the objection window to the third round, answering the principal's and
    // the bureau's tasks but no appeal's review (each runs out: not decided in time).
    private static async Task<Run> RunAsync(TaskHarness harness, string version, bool keptWithLateEvent = false)
    {
        var late = new ReallocationAppeal("stf-903", "校长确认时遗漏本人岗位", "stf-903", Round.DirectAppointment);
        var client = harness.Host.Client;
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        string reviewTask = AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0);
        string? stageWhileReviewed = null;
        var appealStages = new List<string>();
        var driver = new ProcessDriver(
            harness,
            task => task.Kind switch
            {
                "reallocation-posts" => new() { ["primary-mathematics"] = "3", ["primary-chinese"] = "1" },
                "reallocation-posts-approval" => new() { ["decision"] = "approve" },
                "reallocation-direct-confirm" => new() { ["decision"] = task.Id.EndsWith("stf-904", StringComparison.Ordinal) ? "decline" : "confirm" },
                "reallocation-support-volunteer" => new() { ["decision"] = "decline" },
                _ => null,
            });

        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id, StaffReallocationOptions.Default with { ObjectionWindow = TimeSpan.Zero }, appealsOnRecord: true), version);
        await driver.RunUntilAsync(
            async () =>
            {
                string stage = (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record.Stage ?? string.Empty;
                if (stage.StartsWith("appeal", StringComparison.Ordinal) && !appealStages.Contains(stage))
                {
                    appealStages.Add(stage);
                }

                if (stage == "appeal:DirectAppointment" && await AppealEventsAsync(client) == 0)
                {
                    // In the window, as the API raises it.
                    await RaiseAsync(harness, new ReallocationAppeal("stf-904", "本人已满59周岁，符合直接聘用条件", "stf-904", Round.DirectAppointment));
                    if (keptWithLateEvent)
                    {
                        // Kept and answered as the API does, its event held back.
                        var record = (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record;
                        Assert.True(record.AppealsKept);
                        var kept = await store.KeepAppealAsync(
                            new AppealRecord { ReallocationId = Id, Round = Round.DirectAppointment, Number = 0, StaffId = late.StaffId, Reason = late.Reason, LodgedBy = late.LodgedBy, LodgedAt = DateTimeOffset.UtcNow, Intake = AppealIntake.Lodged },
                            CancellationToken.None);
                        Assert.Equal(AppealIntake.Accepted, await store.SettleKeptAppealAsync(kept!.Id, windowOpen: true, CancellationToken.None));
                    }

                    return false;
                }

                if (stageWhileReviewed is null && await harness.Tasks.GetAsync(reviewTask, CancellationToken.None) is { Record.Status: StaffTaskStatus.Open })
                {
                    // The window has closed and the bureau decides: what the API would refuse now, raised by hand.
                    stageWhileReviewed = stage;
                    if (keptWithLateEvent)
                    {
                        await RaiseAsync(harness, late);
                        return false;
                    }

                    await RaiseAsync(harness, new ReallocationAppeal("stf-901", "校长确认时遗漏本人岗位", StaffReallocationApi.ByMasterKey, Round.DirectAppointment));
                    await RaiseAsync(harness, new ReallocationAppeal("stf-902", "希望参加支教交流", StaffReallocationApi.ByMasterKey));
                    return false;
                }

                return stage == nameof(Round.InSchoolCompetition);
            },
            TimeSpan.FromMinutes(2));

        var records = (await store.AppealsOfAsync(Id, CancellationToken.None))
            .Where(a => a.Round is not null)
            .OrderBy(a => a.Round).ThenBy(a => a.Number)
            .Select(a => $"{a.Round} {a.StaffId} {a.Outcome}")
            .ToList();
        var reviews = driver.Seen.Where(t => t.Kind == "reallocation-appeal-review").Select(t => t.Id).ToList();
        return new Run(stageWhileReviewed ?? "(never reviewed)", await AppealEventsAsync(client), records, reviews, appealStages);
    }

    private static async Task<int> AppealEventsAsync(DurableTaskClient client) =>
        (await client.GetOrchestrationHistoryAsync(Id)).OfType<EventRaisedEvent>().Count(e => e.Name == ReallocationProcess.AppealEvent);

    // Raises the appeal and waits until the instance's history has it.
    private static async Task RaiseAsync(TaskHarness harness, ReallocationAppeal appeal)
    {
        int before = await AppealEventsAsync(harness.Host.Client);
        await harness.Host.Client.RaiseEventAsync(Id, ReallocationProcess.AppealEvent, appeal);
        await harness.Host.WaitForHistoryAsync(Id, h => h.OfType<EventRaisedEvent>().Count(e => e.Name == ReallocationProcess.AppealEvent) > before);
    }

    private Task<TaskHarness> StartAsync() => ReallocationHarness.StartAsync(azurite, ReallocationCounty.School101, points: true);
}
