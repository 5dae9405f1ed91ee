using System.Globalization;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using static EduFlows.Tests.Processes.OpenSelection.OpenSelectionHarness;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The public notice of a small selection (12 applicants, 2 posts) run as a durable process under the fake clock: an
/// objection is given to the office at once and may be answered while the notice is up, and the appointment still
/// waits for the notice's end (2026-10-08, over National Day).
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class OpenSelectionNoticeTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AnObjectionDuringTheNotice_IsGivenAtOnce_AnsweredDuringIt_AndTheAppointmentWaitsForTheNoticesEnd()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 2), 12);
        var client = harness.Host.Client;
        Assert.Null(await harness.SelectionDesk().StartAsync(client, id, new ProcessStart("stf-3", []), None));
        var noticeOver = Local(10, 9, 0);
        DateTimeOffset? raisedAt = null, answeredAt = null;
        string? against = null;
        var driver = new SelectionDriver(harness, id, task =>
        {
            if (task.Kind == OpenSelectionKinds.ObjectionAnswer.Name)
            {
                answeredAt = harness.Time.GetUtcNow();
                return new() { ["finding"] = "rejected", ["answer"] = "经核查考勤记录完整，异议不成立" };
            }

            return Answer(task);
        });
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, async () =>
        {
            if (await UploadWhenWaitingAsync(harness, id))
            {
                return true;
            }

            var selection = (await harness.Store().GetAsync(id, None))!;
            if (selection.NoticeEnds is null || selection.Objections.Count > 0)
            {
                return false;
            }

            against = selection.Ranking().Single(r => r.PostId == "p01" && r.Rank == 1).StaffId;
            raisedAt = harness.Time.GetUtcNow();
            var (objection, refused) = await harness.SelectionDesk().ObjectAsync(client, id, new ObjectionForm(against, "反映其经常缺勤", "李某"), None);
            Assert.Null(refused);
            Assert.NotNull(objection);
            return true;
        });

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 2), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        var final = (await harness.Store().GetAsync(id, None))!;
        Assert.Equal(new DateOnly(2026, 10, 8), final.NoticeEnds);

        // One task for the objection, given and answered while the notice was up; none asked again after it.
        var objectionTask = Assert.Single(driver.Seen, t => t.Kind == OpenSelectionKinds.ObjectionAnswer.Name);
        Assert.True(objectionTask.CreatedAt < noticeOver, $"The objection's task was given at {objectionTask.CreatedAt:O}, after the notice.");
        Assert.True(answeredAt < noticeOver && answeredAt >= raisedAt, $"Answered at {answeredAt:O}.");
        Assert.Equal((false, "stf-3"), (final.Objections.Single().Upheld, final.Objections.Single().AnsweredBy));
        Assert.True(final.Trail.Single(e => e.Kind == "objection-answer").At < noticeOver);

        // The appointment waited for the notice's end all the same.
        Assert.All(final.Trail.Where(e => e.Kind == "appointment"), e => Assert.True(e.At >= noticeOver, $"Appointed at {e.At:O}."));
        Assert.Contains(final.Appointed!, a => a.StaffId == against);
    }

    [Fact]
    public async Task ACandidateMovedUpByAnUpheldObjection_HasTheirOwnNoticeOnTheWorkingDayCalendar_BeforeTheAppointment()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 2), 12);
        var client = harness.Host.Client;
        Assert.Null(await harness.SelectionDesk().StartAsync(client, id, new ProcessStart("stf-3", []), None));
        string? upheld = null, movedUp = null;
        SelectionRefusal? lateObjection = null;
        var driver = new SelectionDriver(harness, id, task => task.Kind == OpenSelectionKinds.ObjectionAnswer.Name
            ? task.Context.Any(c => c.Value.Contains("学历造假", StringComparison.Ordinal))
                ? new() { ["finding"] = "upheld", ["answer"] = "经核查学历证书不实，异议成立" }
                : new() { ["finding"] = "rejected", ["answer"] = "经核查反映问题不属实，异议不成立" }
            : Answer(task));
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, async () =>
        {
            if (await UploadWhenWaitingAsync(harness, id))
            {
                return true;
            }

            var selection = (await harness.Store().GetAsync(id, None))!;
            var desk = harness.SelectionDesk();
            if (selection.NoticeEnds is not null && selection.Objections.Count == 0)
            {
                var ranking = selection.Ranking();
                upheld = ranking.Single(r => r.PostId == "p01" && r.Rank == 1).StaffId;
                movedUp = ranking.Single(r => r.PostId == "p01" && r.Rank == 2).StaffId;
                Assert.Null((await desk.ObjectAsync(client, id, new ObjectionForm(upheld, "反映其学历造假", null), None)).Refusal);
                return true;
            }

            // After the selection's notice, during the moved-up candidate's own: an objection to them is still taken; to the others it is late.
            var stage = (await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None))?.ReadCustomStatusAs<SelectionProgress>()?.Stage;
            if (stage == "递补公示中" && selection.Objections.Count == 1)
            {
                string other = selection.Ranking().Single(r => r.PostId == "p02" && r.Rank == 1).StaffId;
                lateObjection = (await desk.ObjectAsync(client, id, new ObjectionForm(other, "反映其经常缺勤", null), None)).Refusal;
                Assert.Null((await desk.ObjectAsync(client, id, new ObjectionForm(movedUp, "反映其经常缺勤", "李某"), None)).Refusal);
                return true;
            }

            return false;
        });

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 2), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        var final = (await harness.Store().GetAsync(id, None))!;

        // The selection's notice 9-24..10-08; the moved-up candidate, inspected after it, on their own from Friday 10-09
        // over Saturday 10-10 (调休, a working day): 10-09, 10-10, 10-12, 10-13, 10-14.
        Assert.Equal(new DateOnly(2026, 10, 8), final.NoticeEnds);
        var ownNotice = Assert.Single(final.Trail, e => e.Kind == "notice" && e.Subject == movedUp);
        Assert.Equal("递补人选公示 2026-10-09 至 2026-10-14，5 个工作日", ownNotice.Detail);
        Assert.True(final.Trail.Single(e => e.Kind == "inspection" && e.Subject == movedUp).Seq < ownNotice.Seq);
        Assert.Equal((410, "againstStaffId"), (lateObjection!.Status, lateObjection.Field));
        Assert.Equal([(upheld!, (bool?)true), (movedUp!, false)], final.Objections.Select(o => (o.AgainstStaffId, o.Upheld)));
        Assert.All(final.Trail.Where(e => e.Kind == "appointment"), e => Assert.True(e.At >= Local(10, 15, 0), $"Appointed at {e.At:O}."));
        Assert.Contains(final.Appointed!, a => a.StaffId == movedUp && a.PostId == "p01");
        Assert.DoesNotContain(final.Appointed!, a => a.StaffId == upheld);
    }

    [Fact]
    public async Task AnInspectionTheOfficeLeavesUnanswered_IsAskedAgainTwice_ThenGoesToTheLead_WhoseAnswerCounts()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 2), 12);
        var client = harness.Host.Client;
        var desk = harness.SelectionDesk();
        Assert.Equal((422, "leadId"), (await desk.StartAsync(client, id, new ProcessStart("stf-3", [], "nobody"), None)) is { } r ? (r.Status, r.Field) : default);
        Assert.Equal((422, "leadId"), (await desk.StartAsync(client, id, new ProcessStart("stf-3", [], "stf-3"), None)) is { } same ? (same.Status, same.Field) : default);
        Assert.Null(await desk.StartAsync(client, id, new ProcessStart("stf-3", [], "stf-2"), None));

        // The office (stf-3) never answers an inspection; the lead (stf-2) does.
        var driver = new SelectionDriver(harness, id, task => task.Kind == OpenSelectionKinds.Inspection.Name && task.AssigneeId == "stf-3" ? null : Answer(task));
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, () => UploadWhenWaitingAsync(harness, id));

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 2), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        var inspections = driver.Seen.Where(t => t.Kind == OpenSelectionKinds.Inspection.Name).GroupBy(t => t.Subject[(t.Subject.LastIndexOf('·') + 2)..]).ToList();
        Assert.Equal(2, inspections.Count);
        foreach (var asked in inspections.Select(g => g.OrderBy(t => t.CreatedAt).ToList()))
        {
            // Asked once and again twice, 7 days apart, of the office; the fourth time of the lead, saying why.
            Assert.Equal(["stf-3", "stf-3", "stf-3", "stf-2"], asked.Select(t => t.AssigneeId));
            Assert.All(asked.Zip(asked.Skip(1)), p => Assert.InRange(p.Second.CreatedAt - p.First.CreatedAt, OpenSelectionOrchestration.OfficeTaskPeriod, OpenSelectionOrchestration.OfficeTaskPeriod + TimeSpan.FromHours(1)));
            Assert.StartsWith("【逾期转办】", asked[3].Subject, StringComparison.Ordinal);
            Assert.Equal("组织科经办人赵主任已 3 次未办理（每次 7 天），转由您办理", asked[3].Context.Single(c => c.Key == "催办情况").Value);
            Assert.DoesNotContain(asked.Take(3), t => t.Context.Any(c => c.Key == "催办情况"));
        }

        // Answered through the task, each inspection is recorded under the lead who answered, by name, as the office's page records its own.
        var final = (await harness.Store().GetAsync(id, None))!;
        Assert.Equal(["组织科 李校长（stf-2）", "组织科 李校长（stf-2）"], final.Trail.Where(e => e.Kind == "inspection").Select(e => e.Actor));
        Assert.Equal(2, final.Appointed!.Count);
    }

    [Fact]
    public async Task AnInspectionLeftUnansweredWithNoLead_IsAskedThreeTimesOnly_ThenWaitsForTheOfficesPage_WhoseDecisionCounts()
    {
        await using var harness = await StartAsync(azurite, applicants: 12, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 2), 12);
        var client = harness.Host.Client;
        var desk = harness.SelectionDesk();
        Assert.Null(await desk.StartAsync(client, id, new ProcessStart("stf-3", []), None));

        // The office (stf-3) never answers an inspection task; there is no lead. It decides on its page once the process says so.
        SelectionProgress? waited = null;
        DateTimeOffset? decidedAt = null;
        var driver = new SelectionDriver(harness, id, task => task.Kind == OpenSelectionKinds.Inspection.Name ? null : Answer(task));
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, async () =>
        {
            if (await UploadWhenWaitingAsync(harness, id))
            {
                return true;
            }

            var progress = (await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None))?.ReadCustomStatusAs<SelectionProgress>();
            if (progress?.Stage != OpenSelectionOrchestration.OverdueStage || decidedAt is not null)
            {
                return false;
            }

            waited = progress;
            decidedAt = harness.Time.GetUtcNow();
            foreach (string candidate in (await harness.Store().GetAsync(id, None))!.AwaitingInspection())
            {
                Assert.Null(await desk.DecideAsync(client, id, SelectionStep.Inspection, candidate, true, "德才表现良好，群众公认", "组织科 赵主任（stf-3）", None));
            }

            return true;
        });

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 2), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        Assert.Equal("2 项考察逾期未办，已停止催办，请在办公室的选拔页面办理", waited!.Note);

        // Asked once and again twice of the office, 7 days apart; then nobody is asked (or mailed) again.
        var inspections = driver.Seen.Where(t => t.Kind == OpenSelectionKinds.Inspection.Name).GroupBy(t => t.Subject[(t.Subject.LastIndexOf('·') + 2)..]).ToList();
        Assert.Equal(2, inspections.Count);
        Assert.All(inspections, g => Assert.Equal(["stf-3", "stf-3", "stf-3"], g.OrderBy(t => t.CreatedAt).Select(t => t.AssigneeId)));
        Assert.All(driver.Seen.Where(t => t.Kind == OpenSelectionKinds.Inspection.Name), t => Assert.True(t.CreatedAt < decidedAt, $"{t.Id} was given at {t.CreatedAt:O}, after the process stopped asking."));

        var final = (await harness.Store().GetAsync(id, None))!;
        Assert.Equal(2, final.Trail.Count(e => e.Kind == "inspection" && e.Detail == "合格：德才表现良好，群众公认" && e.At == decidedAt && e.Actor == "组织科 赵主任（stf-3）"));
        Assert.Equal(2, final.Appointed!.Count);
    }

    /// <summary>The answers of a small run: everyone eligible, each judge's sheet, every inspection passed.</summary>
    internal static Dictionary<string, string?>? Answer(StaffTask task) => task.Kind switch
    {
        "open-selection-eligibility" => new() { ["decision"] = "eligible", ["reason"] = "符合公告的资格条件" },
        "open-selection-interview" => JudgeSheet(task),
        "open-selection-inspection" => new() { ["outcome"] = "passed", ["note"] = "德才表现良好，群众公认" },
        _ => null,
    };

    /// <summary>Uploads the written scores (on the test's day) when the process waits for them; true when it did.</summary>
    internal static async Task<bool> UploadWhenWaitingAsync(TaskHarness harness, string id)
    {
        var instance = await harness.Host.Client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None);
        var selection = (await harness.Store().GetAsync(id, None))!;
        if (instance?.ReadCustomStatusAs<SelectionProgress>()?.Stage != "等待导入笔试成绩" || selection.WrittenScores.Count > 0)
        {
            return false;
        }

        harness.Time.SetUtcNow(Local(9, 16, 9));
        using var sheet = Sheet(selection.Eligible.Select(s => (s, "应聘人" + s[^3..], (50 + (int.Parse(s[^3..], CultureInfo.InvariantCulture) * 3 % 45)).ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(selection.Eligible.Count(), (await harness.SelectionDesk().TakeWrittenScoresAsync(harness.Host.Client, id, sheet, RosterFile.Format.Xlsx, None)).Taken);
        return true;
    }

    // Each judge scores every interviewee by the applicant's number, a little apart per judge.
    private static Dictionary<string, string?> JudgeSheet(StaffTask task)
    {
        int judge = task.AssigneeId[^1] - '0';
        return task.Fields!.ToDictionary(
            f => f.Name,
            f => (string?)(60 + (int.Parse(f.Label.Zh.AsSpan(3, 3), CultureInfo.InvariantCulture) * 7 % 37) + (judge * 0.5m)).ToString(CultureInfo.InvariantCulture));
    }
}
