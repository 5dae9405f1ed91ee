using System.Drawing;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// The staff pages with tables or wide content, in real headless Chromium on a phone (390x844): the researcher
/// panel-scores page, the scoring session's QR page, the certificate and the heads' duty reports (and the refusal of a
/// forged link to them) fit the screen, long tokens and addresses wrap.
/// Screenshots are kept under the test output directory (<c>screenshots/</c>).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class StaffPagesBrowserTests(AzuriteFixture azurite)
{
    private const string Review = "researcher-review-2026H1-junior";
    private const string LongName = "Averyveryverylongreviewernamewithoutanyspacesatallthatwouldwidenthepage";

    [Fact]
    public async Task PanelScoresQrAndCertificate_FitAPhone()
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        string panel = await SeedPanelScoresAsync(app);
        await app.Services.GetRequiredService<AssessmentStore>().Sessions.TryAddAsync(
            new ScoringSession(2026, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2), ["dep-03"], new Dictionary<string, string>()), CancellationToken.None);
        await app.Services.GetRequiredService<ShadowTrainingStore>().Trainees.TryAddAsync(Trainee(), CancellationToken.None);
        string certificate = app.Services.GetRequiredService<CertificateLinks>().For("2026-09", "stf-1", DateTimeOffset.UtcNow.AddYears(1)).PathAndQuery;
        string dutyReports = await SeedDutyReportsAsync(app);

        using var browser = Chromium.Start(390, 844);
        foreach (var (name, path, shown) in new[]
        {
            ("panel-scores", panel, "评审打分"),
            ("session-qr", "/api/department-assessment/2026/session", "校长现场打分"),
            ("certificate", certificate, "结业证书"),
            ("duty-reports", dutyReports, "述职报告全文"),
            ("duty-reports-forged", dutyReports[..dutyReports.IndexOf("token=", StringComparison.Ordinal)] + "token=forged", "链接不完整或无效"),
        })
        {
            await browser.Navigate().GoToUrlAsync(app.BaseUrl + path);
            Assert.Contains(shown, browser.PageSource, StringComparison.Ordinal);
            Chromium.Save(browser, $"staff-{name}-390x844.png");
            Chromium.AssertFits(browser, name, 390);
        }
    }

    // A half-year duty review's panel with one head's report holding a long address without a space; the judge's link.
    private static async Task<string> SeedDutyReportsAsync(TaskAppFactory app)
    {
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<AssessmentStore>().DutyPanels.TryAddAsync(
            new DutyPanel(2026, 1, ["dep-03"], new Dictionary<string, string> { ["stf-1"] = HalfYearReview.JudgingTaskId(2026, 1, "stf-1") }, new Dictionary<string, string> { ["dep-03"] = "基础教育科" }),
            CancellationToken.None);
        await app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(
            new StaffTask
            {
                Id = "dept-duty-report-2026-H1-dep-03",
                Kind = AssessmentKinds.DutyReport.Name,
                AssigneeId = "stf-4",
                AssigneeName = "孙科长",
                InstanceId = "dept-halfyear-2026-H1",
                EventName = TaskDesk.EventName("dept-duty-report-2026-H1-dep-03"),
                Subject = "述职报告",
                Culture = "zh-CN",
                CreatedAt = now,
                DueAt = now.AddDays(7),
                Status = StaffTaskStatus.Submitted,
                Values = new Dictionary<string, string> { ["report"] = "上半年完成课程改革试点。\n佐证材料：https://example.edu.cn/" + LongName + "/" + LongName + "\n下半年继续推进。" },
                SubmittedBy = "stf-4",
                SubmittedAt = now,
                ReceiptId = "R-stf-4",
            },
            CancellationToken.None);
        var links = app.Services.GetRequiredService<AssessmentDesk>().DutyReadingLinks(2026, 1, ["stf-1"], now.AddDays(7).UtcDateTime);
        return new Uri(links["stf-1"]).PathAndQuery;
    }

    private static async Task<string> SeedPanelScoresAsync(TaskAppFactory app)
    {
        var now = DateTimeOffset.UtcNow;
        var period = new ReviewPeriod(2026, 1);
        await app.Services.GetRequiredService<ResearcherReviewStore>().Reviews.TryAddAsync(
            new ReviewRecord
            {
                Id = Review,
                Section = "junior",
                Period = period,
                SchemeVersion = 1,
                Researchers = [new("stf-2", "李校长")],
                Reviewers = [new("stf-1", "王芳"), new("stf-3", LongName)],
                OfficeId = "stf-3",
                StartedAt = now,
            },
            CancellationToken.None);
        var scheme = DefaultSchemes.For("junior");
        var values = scheme.Indicators.Where(i => i.Source == IndicatorSource.Reviewed).ToDictionary(i => i.Id, i => i.MaxPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string prefix = ResearcherReviewOrchestration.TaskPrefix(period, "junior");
        var tasks = app.Services.GetRequiredService<StaffTaskStore>();
        StaffTask mine = null!;
        foreach (var (reviewer, name) in new[] { ("stf-1", "王芳"), ("stf-3", LongName) })
        {
            string id = ResearcherReviewOrchestration.ScoringTaskId(prefix, reviewer, "stf-2");
            var task = new StaffTask
            {
                Id = id,
                Kind = ReviewTaskKinds.Scoring.Name,
                AssigneeId = reviewer,
                AssigneeName = name,
                InstanceId = Review,
                EventName = TaskDesk.EventName(id),
                Subject = "评分",
                Culture = "zh-CN",
                CreatedAt = now,
                DueAt = now.AddDays(7),
                Status = StaffTaskStatus.Submitted,
                Values = values,
                SubmittedBy = reviewer,
                SubmittedAt = now,
                ReceiptId = "R-" + reviewer,
            };
            await tasks.CreateAsync(task, CancellationToken.None);
            mine = reviewer == "stf-1" ? task : mine;
        }

        return $"/api/researcher-reviews/{Review}/scores/stf-2{app.Services.GetRequiredService<TaskDesk>().Links.For(mine).Query}";
    }

    private static TraineeRecord Trainee() => new()
    {
        BatchId = "2026-09",
        TraineeId = "stf-1",
        TraineeName = "王芳",
        BaseId = "base-4",
        BaseName = "西苑小学",
        WeekStart = new DateOnly(2026, 9, 14),
        Status = TraineeStatus.Completed,
        Days = 5,
        AttendedDays = 5,
        Journals = 5,
        EvaluationAverage = 88.8m,
        Summary = true,
        CertificateNo = "SHT-202609-stf-1-" + LongName,
        RecordedAt = new DateTimeOffset(2026, 9, 23, 2, 0, 0, TimeSpan.Zero),
    };
}
