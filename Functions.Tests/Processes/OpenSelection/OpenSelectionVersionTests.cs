using DurableTask.Core.History;
using EduFlows.Processes.OpenSelection;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using static EduFlows.Tests.Processes.OpenSelection.OpenSelectionHarness;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The orchestration's version branch (issue 21): an instance started before objections were taken during the notice
/// (no version, as every instance started before the branch was) completes on that first path; one started now (2.0)
/// takes the new path. Both with the same script: an objection raised during the notice against p01's first, upheld.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class OpenSelectionVersionTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("1.0", false)]
    [InlineData("2.0", true)]
    [InlineData("2.1", true)]
    public void TakesObjectionsDuringNotice_FromVersion2(string? version, bool expected) =>
        Assert.Equal(expected, OpenSelectionOrchestration.TakesObjectionsDuringNotice(version));

    [Fact]
    public async Task AnInstanceOfTheFirstVersion_CompletesOnTheFirstPath_ObjectionAskedAfterTheNotice_MovedUpAppointedWithoutANoticeOfTheirOwn()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        var announcement = Announcement(posts: 2);
        string id = await harness.PublishAndApplyAsync(announcement, 12);

        // Started as the desk started it before the branch: no version.
        var run = new OpenSelectionRun(id, "stf-3", Zone.Id, announcement.Timetable, []);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(OpenSelectionOrchestration.Name, run, new StartOrchestrationOptions(OpenSelectionOrchestration.InstanceIdOf(id)), None);
        var (driver, upheld, movedUp) = await RunWithAnUpheldObjectionAsync(harness, id);

        Assert.Equal(string.Empty, await VersionOfAsync(harness, id));
        var final = (await harness.Store().GetAsync(id, None))!;
        var objectionTask = Assert.Single(driver.Seen, t => t.Kind == OpenSelectionKinds.ObjectionAnswer.Name);
        Assert.True(objectionTask.CreatedAt >= Local(10, 9, 0), $"The objection's task was given at {objectionTask.CreatedAt:O}, during the notice: the second path.");
        Assert.DoesNotContain(final.Trail, e => e.Kind == "notice" && e.Subject == movedUp);
        Assert.Contains(final.Appointed!, a => a.StaffId == movedUp && a.PostId == "p01");
        Assert.DoesNotContain(final.Appointed!, a => a.StaffId == upheld);
        Assert.All(final.Trail.Where(e => e.Kind == "appointment"), e => Assert.True(e.At < Local(10, 15, 0), $"Appointed at {e.At:O}, after a notice of the moved-up candidate's own."));
    }

    [Fact]
    public async Task AnInstanceStartedNow_IsOfVersion2_AndTakesTheNewPath_ObjectionGivenDuringTheNotice_MovedUpOnTheirOwnNotice()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 2), 12);
        Assert.Null(await harness.SelectionDesk().StartAsync(harness.Host.Client, id, new ProcessStart("stf-3", []), None));
        var (driver, upheld, movedUp) = await RunWithAnUpheldObjectionAsync(harness, id);

        Assert.Equal(OpenSelectionOrchestration.CurrentVersion, await VersionOfAsync(harness, id));
        var final = (await harness.Store().GetAsync(id, None))!;
        var objectionTask = Assert.Single(driver.Seen, t => t.Kind == OpenSelectionKinds.ObjectionAnswer.Name);
        Assert.True(objectionTask.CreatedAt < Local(10, 9, 0), $"The objection's task was given at {objectionTask.CreatedAt:O}, after the notice.");
        Assert.Equal("递补人选公示 2026-10-09 至 2026-10-14，5 个工作日", Assert.Single(final.Trail, e => e.Kind == "notice" && e.Subject == movedUp).Detail);
        Assert.Contains(final.Appointed!, a => a.StaffId == movedUp && a.PostId == "p01");
        Assert.DoesNotContain(final.Appointed!, a => a.StaffId == upheld);
        Assert.All(final.Trail.Where(e => e.Kind == "appointment"), e => Assert.True(e.At >= Local(10, 15, 0), $"Appointed at {e.At:O}."));
    }

    // Runs the selection to its end: everything answered, and an objection against p01's first raised during the notice, upheld.
    private static async Task<(SelectionDriver Driver, string Upheld, string MovedUp)> RunWithAnUpheldObjectionAsync(TaskHarness harness, string id)
    {
        string? upheld = null, movedUp = null;
        var driver = new SelectionDriver(harness, id, task => task.Kind == OpenSelectionKinds.ObjectionAnswer.Name
            ? new() { ["finding"] = "upheld", ["answer"] = "经核查学历证书不实，异议成立" }
            : OpenSelectionNoticeTests.Answer(task));
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, async () =>
        {
            if (await OpenSelectionNoticeTests.UploadWhenWaitingAsync(harness, id))
            {
                return true;
            }

            var selection = (await harness.Store().GetAsync(id, None))!;
            if (selection.NoticeEnds is null || selection.Objections.Count > 0)
            {
                return false;
            }

            var ranking = selection.Ranking();
            upheld = ranking.Single(r => r.PostId == "p01" && r.Rank == 1).StaffId;
            movedUp = ranking.Single(r => r.PostId == "p01" && r.Rank == 2).StaffId;
            Assert.Null((await harness.SelectionDesk().ObjectAsync(harness.Host.Client, id, new ObjectionForm(upheld, "反映其学历造假", null), None)).Refusal);

            // Either version takes the event into its history (the first leaves it unread), so wait for it before the clock moves.
            return true;
        });

        var done = await harness.Host.Client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 2), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        return (driver, upheld!, movedUp!);
    }

    private static async Task<string> VersionOfAsync(TaskHarness harness, string id) =>
        (await harness.Host.Client.GetOrchestrationHistoryAsync(OpenSelectionOrchestration.InstanceIdOf(id), None)).OfType<ExecutionStartedEvent>().Single().Version ?? string.Empty;
}
