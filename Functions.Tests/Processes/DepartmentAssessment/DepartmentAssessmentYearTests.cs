using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.DurableTask;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>
/// Two full years of the 1000-point assessment under a fake clock, on three departments, five leaders and five
/// principals: monthly reports on time, late, missing and sent back, duty reviews, year-end sessions with a late and
/// a repeated score refused, totals against hand-computed values, and the two-year window.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class DepartmentAssessmentYearTests(AzuriteFixture azurite)
{
    private const string Office = "dep-01", Organisation = "dep-02", Basic = "dep-03";
    private static readonly string[] Departments = [Office, Organisation, Basic];
    private static readonly string[] Leaders = ["ldr-1", "ldr-2", "ldr-3", "ldr-4", "ldr-5"];
    private static readonly string[] Principals = ["prn-1", "prn-2", "prn-3", "prn-4", "prn-5"];

    // Monthly report scenarios: (year, month, department) → late / missing / send-backs.
    private static readonly HashSet<string> LateReports = ["2027-03-dep-03", "2028-02-dep-02", "2028-09-dep-03"];
    private static readonly HashSet<string> MissingReports = ["2027-05-dep-03"];
    private static readonly Dictionary<string, int> SendBacks = new() { ["2027-07-dep-03"] = 1, ["2028-04-dep-01"] = 2 };
    private static readonly HashSet<string> MissingDutyReports = ["2027-H2-dep-03"];

    // Leaders' duty-review scores (the same every half): ldr-5 is out of line on dep-01, ldr-4 and ldr-5 on dep-02.
    private static readonly Dictionary<string, int[]> DutyScores = new()
    {
        ["ldr-1"] = [80, 70, 60], ["ldr-2"] = [85, 75, 65], ["ldr-3"] = [90, 80, 70], ["ldr-4"] = [75, 60, 50], ["ldr-5"] = [40, 100, 90],
    };

    // Innovation: (claimed, confirmed) per year and department.
    private static readonly Dictionary<string, (int Claimed, int Confirmed)> Innovation = new()
    {
        ["2027-dep-01"] = (100, 80), ["2027-dep-02"] = (60, 60), ["2027-dep-03"] = (50, 30),
        ["2028-dep-01"] = (100, 100), ["2028-dep-02"] = (40, 40), ["2028-dep-03"] = (40, 40),
    };

    // Principals' scores per year (dep-01, dep-02, dep-03); prn-5 misses the 2028 session.
    private static readonly Dictionary<string, int[]> SessionScores = new()
    {
        ["2027-prn-1"] = [90, 80, 70], ["2027-prn-2"] = [86, 82, 72], ["2027-prn-3"] = [88, 84, 74], ["2027-prn-4"] = [95, 100, 90], ["2027-prn-5"] = [70, 60, 50],
        ["2028-prn-1"] = [90, 75, 75], ["2028-prn-2"] = [86, 75, 75], ["2028-prn-3"] = [88, 75, 75], ["2028-prn-4"] = [95, 75, 75],
    };

    [Fact]
    public async Task TwoYears_MonthlyDutyAndYearEnd_GiveTheHandComputedTotals_AndOnlyTheDepartmentLastBothYearsGetsAReassignmentTask()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        await SeedDirectoryAsync(harness);
        var refusals = new List<(string Who, SubmitResult Result)>();
        var driver = new ProcessDriver(harness, Answer, async task =>
        {
            if (task.Id == YearEndAssessment.ScoringTaskId(2028, "prn-1"))
            {
                // A second, different answer from the same principal is refused and changes nothing.
                refusals.Add((task.AssigneeId, (await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, task.AssigneeId, Scores([10, 10, 10]), CancellationToken.None)).Result));
            }
        });
        var store = harness.Services.GetRequiredService<AssessmentStore>();

        // 2028 runs with its own scheme: version 2 raises the late-report deduction from 5 to 8, and the duty-review pass
        // mark from 60 to 76 with 4 points off per half below it.
        await store.SaveSchemeAsync(AssessmentScheme.DefaultFor(2028), CancellationToken.None);
        await store.SaveSchemeAsync(AssessmentScheme.DefaultFor(2028) with { LateReportDeduction = 8, DutyPassMark = 76, DutyFailDeduction = 4 }, CancellationToken.None);
        string annual = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(2027, Years: 2), new StartOrchestrationOptions(DepartmentAssessmentYear.InstanceId(2027)));
        await driver.RunUntilAsync(async () => (await harness.Host.Client.GetInstanceAsync(annual))!.IsCompleted, TimeSpan.FromSeconds(150));
        var late = await harness.Desk.SubmitAsync(harness.Host.Client, YearEndAssessment.ScoringTaskId(2028, "prn-5"), "prn-5", Scores(SessionScores["2028-prn-1"]), CancellationToken.None);
        var done = (await harness.Host.Client.GetInstanceAsync(annual, getInputsAndOutputs: true))!;
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(annual);

        // Monthly reports: on time, late, missing and sent back, with the scheme's deductions.
        var reports2027 = await AssessmentStore.OfYearAsync(store.MonthlyReports, 2027, CancellationToken.None);
        var reports2028 = await AssessmentStore.OfYearAsync(store.MonthlyReports, 2028, CancellationToken.None);
        Assert.Equal(36, reports2027.Count);
        Assert.Equal(36, reports2028.Count);
        var lateOne = reports2027.Single(r => r.Id == "2027-03-dep-03");
        Assert.Equal((ReportStanding.Late, 5m, 0), (lateOne.Standing, lateOne.Deduction, lateOne.ReworkRounds));
        Assert.Equal(["dept-report-2027-03-dep-03", "dept-report-2027-03-dep-03-late", "dept-review-2027-03-dep-03-1"], lateOne.TaskIds);
        var missing = reports2027.Single(r => r.Id == "2027-05-dep-03");
        Assert.Equal((ReportStanding.Missing, 10m, (string?)null), (missing.Standing, missing.Deduction, missing.Progress));
        Assert.Equal(["dept-report-2027-05-dep-03", "dept-report-2027-05-dep-03-late"], missing.TaskIds);
        var reworked = reports2027.Single(r => r.Id == "2027-07-dep-03");
        Assert.Equal((ReportStanding.OnTime, 2m, 1), (reworked.Standing, reworked.Deduction, reworked.ReworkRounds));
        Assert.Equal(["请补充风险应对措施（第1次）"], reworked.ReviewComments);
        Assert.Equal("2027年7月进展（修改稿1）", reworked.Progress);
        Assert.Equal(["dept-report-2027-07-dep-03", "dept-review-2027-07-dep-03-1", "dept-report-2027-07-dep-03-rework-1", "dept-review-2027-07-dep-03-2"], reworked.TaskIds);
        var twice = reports2028.Single(r => r.Id == "2028-04-dep-01");
        Assert.Equal((4m, 2, "ldr-1"), (twice.Deduction, twice.ReworkRounds, twice.ReviewerId));
        Assert.Equal("hd-01", reports2028.Single(r => r.Id == "2028-04-dep-02").ReviewerId);
        Assert.Equal(33, reports2027.Count(r => r.Standing == ReportStanding.OnTime && r.Deduction == 0));
        Assert.Equal(33, reports2028.Count(r => r.Standing == ReportStanding.OnTime && r.Deduction == 0));

        // The leaders' monthly summary.
        var summary = (await harness.Outbox.GetAsync("dept-monthly-summary-2027-05.ldr-3", CancellationToken.None))!.Record;
        Assert.Equal("【月度调度】2027年5月科室工作调度汇总", summary.Subject);
        Assert.Contains("3个科室中按时报送2个，逾期报送0个，未报送1个", summary.Text, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Sent, summary.Status);

        // Duty reviews: trimmed mean of five leaders, out-of-line leaders flagged, a missing report deducted.
        var duty = await AssessmentStore.OfYearAsync(store.DutyReviews, 2027, CancellationToken.None);
        var officeH1 = duty.Single(r => r.Id == "2027-H1-dep-01");
        Assert.Equal(80m, officeH1.Score);
        Assert.Equal(["ldr-3", "ldr-5"], officeH1.DroppedJudges);
        Assert.Equal(["ldr-1", "ldr-2", "ldr-3", "ldr-4", "ldr-5"], officeH1.Scores.Select(s => s.JudgeId));
        Assert.Equal([("ldr-5", 82.5m)], officeH1.Flags.Select(f => (f.JudgeId, f.OthersMean)));
        Assert.Equal(["ldr-4", "ldr-5"], duty.Single(r => r.Id == "2027-H1-dep-02").Flags.Select(f => f.JudgeId).Order(StringComparer.Ordinal));
        Assert.Equal(75m, duty.Single(r => r.Id == "2027-H1-dep-02").Score);
        var missingDuty = duty.Single(r => r.Id == "2027-H2-dep-03");
        Assert.Equal((20m, (decimal?)null, 0), (missingDuty.Deduction, missingDuty.Score, missingDuty.Scores.Count));
        Assert.Equal(6, duty.Count);
        Assert.All(duty.Where(r => r.Report is not null), r => Assert.Equal(0m, r.Deduction));
        var duty2028 = (await AssessmentStore.OfYearAsync(store.DutyReviews, 2028, CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.Equal((80m, 0m), (duty2028["2028-H2-dep-01"].Score!.Value, duty2028["2028-H2-dep-01"].Deduction));
        Assert.Equal((75m, 4m), (duty2028["2028-H1-dep-02"].Score!.Value, duty2028["2028-H1-dep-02"].Deduction));
        Assert.Equal((65m, 4m), (duty2028["2028-H2-dep-03"].Score!.Value, duty2028["2028-H2-dep-03"].Deduction));

        // Year end: the refused session scores, and totals against hand-computed values.
        Assert.Equal([("prn-1", SubmitResult.AlreadySubmitted)], refusals);
        Assert.Equal(SubmitResult.Closed, late.Result);
        Assert.Equal(90m, (await store.SessionScores.GetAsync("2028-prn-1", CancellationToken.None))!.Record.Scores[Office]);
        Assert.Null(await store.SessionScores.GetAsync("2028-prn-5", CancellationToken.None));
        var year2027 = (await AssessmentStore.OfYearAsync(store.YearResults, 2027, CancellationToken.None)).ToDictionary(r => r.DepartmentId);
        var year2028 = (await AssessmentStore.OfYearAsync(store.YearResults, 2028, CancellationToken.None)).ToDictionary(r => r.DepartmentId);

        // 2027 (default pass mark 60; duty scores 80, 75, 65 all pass, dep-03's H2 report is missing):
        // dep-01 500 + 80 + 300*88/100 = 844; dep-02 500 + 60 + 300*82/100 = 806;
        // dep-03 (500 - 5 late - 10 missing - 2 send-back - 20 duty report) + 30 + 300*72/100 = 709.
        Assert.Equal(new DepartmentScore(Office, 500, 0, 80, 264, 844, 1, false), year2027[Office].Score);
        Assert.Equal(new DepartmentScore(Organisation, 500, 0, 60, 246, 806, 2, false), year2027[Organisation].Score);
        Assert.Equal(new DepartmentScore(Basic, 463, 37, 30, 216, 709, 3, true), year2027[Basic].Score);
        Assert.Equal((1, 1, 1, 5, 72m), (year2027[Basic].LateReports, year2027[Basic].MissingReports, year2027[Basic].ReworkRounds, year2027[Basic].Principals, year2027[Basic].PrincipalScore));
        Assert.Equal((65m, (decimal?)null), (year2027[Basic].DutyScoreH1, year2027[Basic].DutyScoreH2));
        Assert.Equal((80m, 80m), (year2028[Office].DutyScoreH1, year2028[Office].DutyScoreH2));

        // 2028 (scheme v2, four principals: the plain mean; duty pass mark 76: dep-01's 80 passes, dep-02's 75 and
        // dep-03's 65 fail in both halves, 2 x 4 = 8 each): dep-01 (500 - 4 send-backs) + 100 + 300*89.75/100 = 865.25;
        // dep-02 and dep-03 (500 - 8 late - 8 duty) + 40 + 300*75/100 = 484 + 40 + 225 = 749 each, tied in every part, so both are last.
        Assert.Equal(new DepartmentScore(Office, 496, 4, 100, 269.25m, 865.25m, 1, false), year2028[Office].Score);
        Assert.Equal(new DepartmentScore(Organisation, 484, 16, 40, 225, 749, 2, true), year2028[Organisation].Score);
        Assert.Equal(new DepartmentScore(Basic, 484, 16, 40, 225, 749, 2, true), year2028[Basic].Score);
        Assert.Equal((65m, 65m), (year2028[Basic].DutyScoreH1, year2028[Basic].DutyScoreH2));
        Assert.Equal((1, 2), (year2027[Basic].SchemeVersion, year2028[Basic].SchemeVersion));
        Assert.Equal((8m, 2), (reports2028.Single(r => r.Id == "2028-02-dep-02").Deduction, reports2028.Single(r => r.Id == "2028-02-dep-02").SchemeVersion));
        var results = (await harness.Outbox.GetAsync("dept-year-results-2028.hd-03", CancellationToken.None))!.Record;
        Assert.Contains("第1名 办公室：865.25分（底线496，创新100，满意度269.25）", results.Text, StringComparison.Ordinal);

        // The two-year window: dep-03 was last both years under the same head; dep-02 only in 2028.
        var publication = done.ReadOutputAs<DepartmentAssessmentYear.YearDone>()!.Publication;
        Assert.Equal([new ReassignmentCase(2028, Basic, "基础教育科", "hd-03", 709, 749)], publication.Cases);
        Assert.Null(await harness.Host.Client.GetInstanceAsync("department-reassignment-2028-dep-02"));
        var decisionTask = await harness.WaitForTaskAsync("dept-reassignment-2028-dep-03-1");
        Assert.Equal("ldr-1", decisionTask.AssigneeId);
        var decided = await harness.Desk.SubmitAsync(harness.Host.Client, decisionTask.Id, "ldr-1", new Dictionary<string, string?> { ["decision"] = "reassigned", ["reason"] = "连续两年末位，按规定调离。" }, CancellationToken.None);
        var reassignment = (await harness.Host.RunToCompletionAsync("department-reassignment-2028-dep-03", skipTime: false)).ReadOutputAs<Reassignment>()!;
        Assert.Equal(SubmitResult.Accepted, decided.Result);
        Assert.Equal(("reassigned", "连续两年末位，按规定调离。", "ldr-1"), (reassignment.Decision, reassignment.Reason, reassignment.DecidedBy));
        Assert.Equal("reassigned", (await store.Reassignments.GetAsync("2028-dep-03", CancellationToken.None))!.Record.Decision);
        var notice = (await harness.Outbox.GetAsync("dept-reassignment-2028-dep-03.hd-02", CancellationToken.None))!.Record;
        Assert.Equal("【末位调整】基础教育科连续两年考核末位", notice.Subject);
        Assert.NotNull(await harness.Outbox.GetAsync("dept-reassignment-2028-dep-03.ldr-5", CancellationToken.None));

        // One annual instance ran both years and kept only the last year's history.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(2028, done.ReadOutputAs<DepartmentAssessmentYear.YearDone>()!.Year);
        var children = history.OfType<SubOrchestrationInstanceCreatedEvent>().Select(c => c.InstanceId).ToList();
        Assert.Equal(15, children.Count);
        Assert.All(children, c => Assert.Contains("-2028-", c + "-", StringComparison.Ordinal));
        Assert.Equal("monthly-dispatch-2028-01", children[0]);
        Assert.Equal("year-end-assessment-2028", children[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Host.Client.GetInstanceAsync("monthly-dispatch-2027-01"))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Host.Client.GetInstanceAsync("duty-review-2028-H2"))!.RuntimeStatus);
        // Issue 17: mails go by batch, one SendMails activity per batch, never one activity per mail.
        foreach (var mailing in new[] { history, await harness.Host.Client.GetOrchestrationHistoryAsync("monthly-dispatch-2027-01") })
        {
            Assert.Contains(mailing, e => e is TaskScheduledEvent { Name: StaffTaskActivities.SendMails });
            Assert.DoesNotContain(mailing, e => e is TaskScheduledEvent { Name: StaffTaskActivities.SendMail });
        }
    }

    private static Dictionary<string, string?>? Answer(StaffTask task)
    {
        string id = task.Id;
        if (id.StartsWith("dept-report-", StringComparison.Ordinal))
        {
            // dept-report-YYYY-MM-dep-NN[-late|-rework-n]
            string key = id["dept-report-".Length..][..14];
            bool lateTask = id.EndsWith("-late", StringComparison.Ordinal);
            if (!lateTask && !id.Contains("-rework-", StringComparison.Ordinal) && (LateReports.Contains(key) || MissingReports.Contains(key)))
            {
                return null;
            }

            if (lateTask && MissingReports.Contains(key))
            {
                return null;
            }

            string version = id.Contains("-rework-", StringComparison.Ordinal) ? $"（修改稿{id[^1]}）" : string.Empty;
            var (year, month) = (key[..4], int.Parse(key[5..7], CultureInfo.InvariantCulture));
            return new Dictionary<string, string?> { ["progress"] = $"{year}年{month}月进展{version}", ["risks"] = "无重大风险" };
        }

        if (id.StartsWith("dept-review-", StringComparison.Ordinal))
        {
            string key = id["dept-review-".Length..][..14];
            int round = int.Parse(id[(id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
            return SendBacks.GetValueOrDefault(key) >= round
                ? new Dictionary<string, string?> { ["decision"] = "rework", ["comment"] = $"请补充风险应对措施（第{round}次）" }
                : new Dictionary<string, string?> { ["decision"] = "accept" };
        }

        if (id.StartsWith("dept-duty-report-", StringComparison.Ordinal))
        {
            return MissingDutyReports.Contains(id["dept-duty-report-".Length..]) ? null : new Dictionary<string, string?> { ["report"] = "半年工作述职：完成重点任务。" };
        }

        if (id.StartsWith("dept-duty-judging-", StringComparison.Ordinal))
        {
            var scores = DutyScores[task.AssigneeId];
            return task.Fields!.ToDictionary(f => f.Name, f => (string?)scores[Array.IndexOf(Departments, f.Name)].ToString(CultureInfo.InvariantCulture));
        }

        if (id.StartsWith("dept-year-end-", StringComparison.Ordinal))
        {
            var (claimed, _) = Innovation[id["dept-year-end-".Length..]];
            return new Dictionary<string, string?> { ["claims"] = "创新成果若干项", ["claimedPoints"] = claimed.ToString(CultureInfo.InvariantCulture) };
        }

        if (id.StartsWith("dept-innovation-", StringComparison.Ordinal))
        {
            string year = id["dept-innovation-".Length..][..4];
            return task.Fields!.ToDictionary(f => f.Name, f => (string?)Innovation[$"{year}-{f.Name}"].Confirmed.ToString(CultureInfo.InvariantCulture));
        }

        if (id.StartsWith("dept-session-", StringComparison.Ordinal))
        {
            string key = id["dept-session-".Length..];
            if (!SessionScores.TryGetValue(key, out var given))
            {
                return null;
            }

            return Scores(given);
        }

        return null;
    }

    private static Dictionary<string, string?> Scores(int[] byDepartment) =>
        Departments.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => (string?)byDepartment[x.i].ToString(CultureInfo.InvariantCulture));

    private static async Task SeedDirectoryAsync(TaskHarness harness)
    {
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync(
            [new Department(Office, "办公室", "hd-01", false), new Department(Organisation, "组织人事科", "hd-02", false), new Department(Basic, "基础教育科", "hd-03", false)],
            CancellationToken.None);
        var heads = Departments.Select((d, i) => TaskHarness.Staff($"hd-0{i + 1}", $"科长{i + 1}", $"hd-0{i + 1}@qz.example.cn") with { SchoolId = null, DepartmentId = d, Post = "bureau-cadre", PostSince = new DateOnly(2020, 3, 1) });
        var leaders = Leaders.Select((l, i) => TaskHarness.Staff(l, $"局领导{i + 1}", $"{l}@qz.example.cn") with { SchoolId = null, Post = AssessmentDesk.LeaderPost });
        var principals = Principals.Select((p, i) => TaskHarness.Staff(p, $"校长{i + 1}", $"{p}@qz.example.cn") with { Post = "principal" });
        await directory.Staff.ApplyAsync([.. heads, .. leaders, .. principals], CancellationToken.None);
    }
}
