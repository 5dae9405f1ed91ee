using System.Globalization;
using Azure.Data.Tables;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Processes.OpenSelection.OpenSelectionHarness;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The open selection as one durable process under the fake clock: the deadline timer, the office's review with one
/// correction, the written scores' import (all errors named, nothing taken), the panel draw and judges told on the
/// interview day, inspection, the notice over National Day, objections upheld and rejected, appointment and mails,
/// and the audit stream that verifies and finds a changed row.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class OpenSelectionProcessTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FullSelection_18Posts_120Applicants_DrawScoresObjections_Appointed_AndTheAuditStreamVerifies()
    {
        await using var harness = await StartAsync(azurite, applicants: 120, judgesPerGroup: 4);
        var announcement = Announcement(posts: 18);
        string id = await harness.PublishAndApplyAsync(announcement, 120);
        var client = harness.Host.Client;
        var desk = harness.SelectionDesk();
        var store = harness.Store();
        var declared = new DeclaredConflict("ext-retired-principal-1", ApplicantId(5), "夫妻");
        Assert.Null(await desk.StartAsync(client, id, new ProcessStart("stf-3", [declared]), None));
        Assert.Equal(409, (await desk.StartAsync(client, id, new ProcessStart("stf-3", []), None))!.Status);

        // A late application is refused with its own status (the rules on the day after the deadline).
        Assert.Equal((410, "postId"), Of((await store.GetAsync(id, None))!.Apply(Applicant(121), "p01", "迟到的报名", Local(9, 5, 9))));

        string refusedThenCorrected = ApplicantId(120), refused = ApplicantId(119);
        var scripted = new Script(harness, id);
        var driver = new SelectionDriver(harness, id, task => task.Kind switch
        {
            "open-selection-eligibility" when task.Id.EndsWith(refused, StringComparison.Ordinal) || (task.Id.EndsWith(refusedThenCorrected, StringComparison.Ordinal) && task.Id.Contains("-eligibility-1-", StringComparison.Ordinal)) =>
                new() { ["decision"] = "ineligible", ["reason"] = "任现职年限不满 3 年" },
            "open-selection-eligibility" => new() { ["decision"] = "eligible", ["reason"] = "符合公告的资格条件" },
            "open-selection-interview" => JudgeSheet(task),
            "open-selection-inspection" => new() { ["outcome"] = "passed", ["note"] = "德才表现良好，群众公认" },
            "open-selection-objection" => task.Context.Any(c => c.Value.Contains("学历造假", StringComparison.Ordinal))
                ? new() { ["finding"] = "upheld", ["answer"] = "经核查学历证书不实，异议成立" }
                : new() { ["finding"] = "rejected", ["answer"] = "经核查考勤记录完整，异议不成立" },
            _ => null,
        }, scripted.AfterAnswerAsync);
        await RunAsync(harness, id, driver, scripted.StepAsync);

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal(18, done.ReadOutputAs<int>());
        var selection = (await store.GetAsync(id, None))!;

        // Review: 119 eligible (the one correction decided again), one refused; the office's reasons are recorded.
        Assert.Equal(119, selection.Eligible.Count());
        Assert.True(selection.Decisions[refusedThenCorrected].Eligible);
        Assert.True(selection.Applications[refusedThenCorrected].CorrectionUsed);
        Assert.Equal("任现职年限不满 3 年", selection.Decisions[refused].Reason);
        Assert.Equal((409, "statement"), scripted.SecondCorrection);

        // The written sheet: every bad row named, nothing taken; then all taken; twice is refused.
        Assert.Equal([(2, WrittenScoreSheet.NameColumn), (3, WrittenScoreSheet.IdColumn), (4, WrittenScoreSheet.ScoreColumn)], scripted.SheetErrors.Take(3).Select(e => (e.Row, e.Column)));
        Assert.Equal(0, scripted.TakenAfterBadSheet);
        Assert.Equal(119, selection.WrittenScores.Count);
        Assert.Equal((409, "file"), scripted.SecondUpload);

        // The panel: balanced, the conflicted judges kept off (same school; declared), and the same again from the recorded seed.
        var panel = selection.Panel!;
        Assert.Equal([3, 3, 3], PanelDraw.Groups.Select(g => panel.Judges.Count(j => j.Group == g)));
        Assert.Contains(panel.Excluded, e => e.JudgeId == "ext-external-expert-1");
        Assert.Contains(panel.Excluded, e => e.JudgeId == "ext-retired-principal-1" && e.ReasonZh.Contains("夫妻", StringComparison.Ordinal));
        var people = await harness.Services.GetRequiredService<DirectoryStore>().Staff.AllAsync(None);
        var again = PanelDraw.Draw(people, selection.DrawCandidates(people.ToDictionary(p => p.Id)), [declared], 3, panel.Seed);
        Assert.Equal(panel.Judges, again.Judges);

        // Judges told on the interview day only (07:00), their link valid to the day's end; a forged and a second submission refused.
        var sheets = driver.Seen.Where(t => t.Kind == OpenSelectionKinds.InterviewScores.Name).ToList();
        Assert.Equal(9, sheets.Count);
        Assert.All(sheets, t => Assert.True(t.CreatedAt >= Local(9, 24, 7) && t.DueAt == Local(9, 25, 0)));
        Assert.Equal((SubmitResult.NotAssignee, SubmitResult.AlreadySubmitted), (scripted.Forged, scripted.Duplicate));
        Assert.Equal(9 * 117, selection.InterviewScores.Count);

        // The notice: 5 working days from Thursday 9-24 over Mid-Autumn and National Day: 9-24, 9-28, 9-29, 9-30, 10-8.
        Assert.Equal(new DateOnly(2026, 10, 8), selection.NoticeEnds);

        // Objections: the upheld one removed its candidate and the next on the post moved up; the rejected one changed nothing.
        Assert.Equal([true, false], selection.Objections.Select(o => o.Upheld));
        var appointed = selection.Appointed!;
        Assert.Equal(18, appointed.Count);
        Assert.DoesNotContain(appointed, a => a.StaffId == scripted.Upheld);
        Assert.Contains(appointed, a => a.StaffId == scripted.Rejected);
        Assert.Contains(appointed, a => a.StaffId == scripted.MovedUp && a.PostId == "p01");
        Assert.Equal(18, harness.SendGrid.Accepted.Count(m => m.Subject.StartsWith("【阳光选优】任职通知", StringComparison.Ordinal)));

        // Every step is in the audit stream; the chain verifies, and a changed row is found.
        var audit = harness.Audit();
        string stream = SelectionAudit.StreamOf(id);
        var verified = await audit.VerifyAsync(stream, None);
        Assert.Equal((selection.Trail.Count, true), (verified.Entries, verified.Intact));
        Assert.Contains(selection.Trail, e => e.Kind == "objection-answer" && e.Detail.Contains("异议成立", StringComparison.Ordinal));
        var row = (await audit.Table.GetEntityAsync<TableEntity>(stream, "e000000000200")).Value;
        row["Payload"] = """{"detail":"99"}""";
        await audit.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var tampered = await audit.VerifyAsync(stream, None);
        Assert.Equal((false, 200L, "changed"), (tampered.Intact, tampered.FirstProblem!.Sequence, tampered.FirstProblem.Problem));
    }

    [Fact]
    public async Task ResearcherVariant_20PostsAnd54ReservePlaces_Ranked_AndAStartWithBadInputIsRefusedNamingTheField()
    {
        await using var harness = await StartAsync(azurite, applicants: 80, judgesPerGroup: 4);
        var announcement = Announcement(posts: 20, reserve: 54) with { Title = "2026年教研员阳光选优" };
        string id = await harness.PublishAndApplyAsync(announcement, 80);
        var client = harness.Host.Client;
        var desk = harness.SelectionDesk();

        // Bad input: 422 naming the field (404 for no such selection), and nothing is started.
        Assert.Equal((422, "officeId"), Of(await desk.StartAsync(client, id, new ProcessStart("nobody", []), None)));
        Assert.Equal((422, "declaredConflicts[0]"), Of(await desk.StartAsync(client, id, new ProcessStart("stf-3", [new DeclaredConflict("ext-retired-cadre-1", ApplicantId(1), " ")]), None)));
        Assert.Equal((404, "id"), Of(await desk.StartAsync(client, "nope", new ProcessStart("stf-3", []), None)));
        Assert.Null(await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None));
        Assert.Null(await desk.StartAsync(client, id, new ProcessStart("stf-3", []), None));

        var driver = new SelectionDriver(harness, id, task => task.Kind switch
        {
            "open-selection-eligibility" => new() { ["decision"] = "eligible", ["reason"] = "符合公告的资格条件" },
            "open-selection-interview" => JudgeSheet(task),
            "open-selection-inspection" => new() { ["outcome"] = "passed", ["note"] = "考察合格" },
            _ => null,
        });
        bool uploaded = false;
        await RunAsync(harness, id, driver, async () =>
        {
            var stage = (await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None))?.ReadCustomStatusAs<SelectionProgress>()?.Stage;
            if (uploaded || stage != "等待导入笔试成绩")
            {
                return false;
            }

            uploaded = true;
            var eligible = (await harness.Store().GetAsync(id, None))!.Eligible.ToList();
            harness.Time.SetUtcNow(Local(9, 16, 9));
            using var sheet = Sheet(eligible.Select(e => (e, "应聘人" + e[^3..], (40 + (int.Parse(e[^3..], CultureInfo.InvariantCulture) % 50)).ToString(CultureInfo.InvariantCulture))));
            Assert.Equal(80, (await desk.TakeWrittenScoresAsync(client, id, sheet, RosterFile.Format.Xlsx, None)).Taken);
            return true;
        });

        var selection = (await harness.Store().GetAsync(id, None))!;
        var ranking = selection.Ranking();
        Assert.Equal(20, selection.Appointed!.Count);
        Assert.Equal((54, 6), (ranking.Count(r => r.Standing == Standing.Reserve), ranking.Count(r => r.Standing == Standing.NotSelected)));
        Assert.All(announcement.Posts, p => Assert.Equal(p.Reserve, ranking.Count(r => r.PostId == p.Id && r.Standing == Standing.Reserve)));
        Assert.Equal(new DateOnly(2026, 10, 8), selection.NoticeEnds);
        var verified = await harness.Audit().VerifyAsync(SelectionAudit.StreamOf(id), None);
        Assert.Equal((selection.Trail.Count, true), (verified.Entries, verified.Intact));
    }

    // Runs the process to its end; a failed or stuck run says where the orchestration stood.
    internal static async Task RunAsync(TaskHarness harness, string id, SelectionDriver driver, Func<Task<bool>> step)
    {
        try
        {
            await driver.RunAsync(step, TimeSpan.FromMinutes(2));
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            var instance = await harness.Host.Client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, None);
            var history = string.Join(", ", (await harness.Host.Client.GetOrchestrationHistoryAsync(OpenSelectionOrchestration.InstanceIdOf(id), None)).TakeLast(12).Select(e => e.GetType().Name + (e is global::DurableTask.Core.History.TimerCreatedEvent t ? " " + t.FireAt.ToString("O") : e is global::DurableTask.Core.History.TaskScheduledEvent a ? " " + a.Name : e is global::DurableTask.Core.History.TaskFailedEvent f ? " " + f.FailureDetails?.ErrorMessage : string.Empty)));
            throw new InvalidOperationException($"{ex.Message} History: {history}. Logged: {string.Join(" || ", Problems.Entries.Take(5))}. The run: {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.FailureDetails?.ErrorType} {instance?.FailureDetails?.ErrorMessage} {instance?.FailureDetails?.StackTrace}", ex);
        }
    }

    private static (int, string) Of(SelectionRefusal? refusal) => (refusal!.Status, refusal.Field);

    // Each judge scores every interviewee: by the applicant's number, a little apart per judge so the trimmed mean matters.
    private static Dictionary<string, string?> JudgeSheet(StaffTask task)
    {
        int judge = task.AssigneeId[^1] - '0';
        return task.Fields!.ToDictionary(
            f => f.Name,
            f => (string?)(60 + (int.Parse(f.Label.Zh.AsSpan(3, 3), CultureInfo.InvariantCulture) * 7 % 37) + (judge * 0.5m)).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What people do besides answering tasks, each when the process is ready for it.</summary>
    private sealed class Script(TaskHarness harness, string id)
    {
        public (int, string)? SecondCorrection { get; private set; }

        public IReadOnlyList<RowError> SheetErrors { get; private set; } = [];

        public int? TakenAfterBadSheet { get; private set; }

        public (int, string)? SecondUpload { get; private set; }

        public SubmitResult? Forged { get; private set; }

        public SubmitResult? Duplicate { get; private set; }

        public string? Upheld { get; private set; }

        public string? Rejected { get; private set; }

        public string? MovedUp { get; private set; }

        public async Task AfterAnswerAsync(StaffTask task)
        {
            if (task.Kind == OpenSelectionKinds.InterviewScores.Name && Forged is null)
            {
                var values = task.Fields!.ToDictionary(f => f.Name, _ => (string?)"100");
                string other = task.AssigneeId == "ext-retired-cadre-4" ? "ext-retired-cadre-3" : "ext-retired-cadre-4";
                Forged = (await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, other, values, None)).Result;
                Duplicate = (await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, task.AssigneeId, values, None)).Result;
            }
        }

        public async Task<bool> StepAsync()
        {
            var client = harness.Host.Client;
            var instance = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None);
            if (instance is { IsCompleted: true })
            {
                return false;
            }

            var stage = instance?.ReadCustomStatusAs<SelectionProgress>()?.Stage;
            var selection = (await harness.Store().GetAsync(id, None))!;
            var desk = harness.SelectionDesk();
            if (SecondCorrection is null && selection.Decisions.TryGetValue(ApplicantId(120), out var decision) && !decision.Eligible)
            {
                var form = new ApplicationForm("p12", "补充任职年限证明：2021年8月起任现职");
                Assert.Null(await desk.CorrectAsync(client, id, ApplicantId(120), form, None));
                SecondCorrection = Of(await desk.CorrectAsync(client, id, ApplicantId(120), form, None));
                return true;
            }

            if (stage == "等待导入笔试成绩" && selection.WrittenScores.Count == 0)
            {
                // Too early: before the written test.
                using (var early = Sheet([]))
                {
                    Assert.Equal((409, "file"), Of((await desk.TakeWrittenScoresAsync(client, id, early, RosterFile.Format.Xlsx, None)).Refusal));
                }

                harness.Time.SetUtcNow(Local(9, 16, 9));
                var rows = selection.Eligible.Select(s => (Id: s, Name: "应聘人" + s[^3..], Score: (50 + (int.Parse(s[^3..], CultureInfo.InvariantCulture) % 45)).ToString(CultureInfo.InvariantCulture) + ".5")).ToList();
                // Two absent from the test.
                rows[0] = rows[0] with { Score = WrittenScoreSheet.Absent };
                rows[1] = rows[1] with { Score = WrittenScoreSheet.Absent };
                using (var bad = Sheet([rows[0] with { Name = "张冠李戴" }, ("stf-x999", "无此人", "80"), rows[2] with { Score = "101" }, .. rows.Skip(3)]))
                {
                    var import = await desk.TakeWrittenScoresAsync(client, id, bad, RosterFile.Format.Xlsx, None);
                    SheetErrors = import.Errors;
                    TakenAfterBadSheet = (await harness.Store().GetAsync(id, None))!.WrittenScores.Count;
                }

                using (var good = Sheet(rows))
                {
                    Assert.Equal(119, (await desk.TakeWrittenScoresAsync(client, id, good, RosterFile.Format.Xlsx, None)).Taken);
                }

                using (var twice = Sheet(rows))
                {
                    SecondUpload = Of((await desk.TakeWrittenScoresAsync(client, id, twice, RosterFile.Format.Xlsx, None)).Refusal);
                }

                return true;
            }

            if (stage == "公示中" && selection.NoticeEnds is not null && selection.Objections.Count == 0)
            {
                var ranking = selection.Ranking();
                Upheld = ranking.Single(r => r.PostId == "p01" && r.Rank == 1).StaffId;
                MovedUp = ranking.Single(r => r.PostId == "p01" && r.Rank == 2).StaffId;
                Rejected = ranking.Single(r => r.PostId == "p02" && r.Rank == 1).StaffId;
                var now = harness.Time.GetUtcNow();
                Assert.Null((await harness.Store().ChangeAsync(id, s => s.RaiseObjection("obj-1", Upheld, "反映其学历造假", null, now).Refusal, None)).Refusal);
                Assert.Null((await harness.Store().ChangeAsync(id, s => s.RaiseObjection("obj-2", Rejected, "反映其经常缺勤", "李某", now).Refusal, None)).Refusal);
                return false;
            }

            return false;
        }
    }
}
