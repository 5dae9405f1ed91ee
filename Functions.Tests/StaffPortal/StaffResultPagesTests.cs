using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// A staff member's own results from /api/me, and every page they open from a mail or /api/me: a zh-CN page for a
/// browser, JSON for a caller that asks for it.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class StaffResultPagesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Review = "researcher-review-2026H1-junior";
    private const string Certificate = "/api/shadow-training/certificates/2026-09/stf-1";
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        await SeedResultsAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Me_ListsOnesOwnResultsRecordsAndCertificates_WithLinks_NobodyElses()
    {
        using var json = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var browser = await SignInBrowserAsync("wang.fang@qz.example.cn");

        var page = await browser.GetAsync("/api/me");
        var body = await json.GetFromJsonAsync<JsonObject>("/api/me");

        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("我的结果与证书", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/researcher-reviews/{Review}/results/mine\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/researcher-reviews/annual/2026/junior/mine\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/department-assessment/2026/mine\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Certificate}\"", html, StringComparison.Ordinal);
        Assert.Contains("总分 86，第 1 名", html, StringComparison.Ordinal);
        Assert.Contains("基础教育科", html, StringComparison.Ordinal);
        Assert.Contains("已结业，证书编号 SHT-202609-stf-1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("教育装备科", html, StringComparison.Ordinal);
        Assert.DoesNotContain("stf-2", html, StringComparison.Ordinal);
        Assert.Equal(
            [$"/api/researcher-reviews/annual/2026/junior/mine", $"/api/researcher-reviews/{Review}/results/mine", "/api/department-assessment/2026/mine", Certificate],
            body!["results"]!.AsArray().Select(r => (string?)r!["link"]));
    }

    [Theory]
    [InlineData($"/api/researcher-reviews/{Review}/results/mine", "我的考核结果", "<dd>86</dd>")]
    [InlineData("/api/researcher-reviews/annual/2026/junior/mine", "我的年度考核结果", "第 1 名（共 2 人）")]
    [InlineData("/api/department-assessment/2026/mine", "2026年度科室千分考核结果", "第 1 名（共 2 个科室）")]
    public async Task OwnResult_IsAZhCnPageForABrowser_AndJsonWhenAskedFor(string path, string heading, string shown)
    {
        using var json = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var browser = await SignInBrowserAsync("wang.fang@qz.example.cn");

        var page = await browser.GetAsync(path);
        var asked = await browser.GetAsync(path + "?format=json");
        var api = await json.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.Equal("application/json", asked.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("application/json", api.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await api.Content.ReadFromJsonAsync<JsonObject>())!["result"]);
    }

    [Theory]
    [InlineData($"/api/researcher-reviews/{Review}/results/mine", 401, "session", "请先登录")]
    [InlineData("/api/researcher-reviews/annual/2026/junior/mine", 401, "session", "请先登录")]
    [InlineData("/api/department-assessment/2026/mine", 401, "session", "请先登录")]
    [InlineData($"/api/researcher-reviews/{Review}/scores/stf-2", 401, "session", "请先登录")]
    [InlineData("/api/department-assessment/panel/dept-duty-judging-x?token=forged", 401, "token", "链接不完整或无效")]
    [InlineData(Certificate, 401, "token", "请通过邮件中的链接打开证书")]
    [InlineData("/api/shadow-training/certificates/septembre/stf-1", 404, "batchId", "证书地址有误")]
    public async Task Refusal_IsAZhCnPageForABrowser_AndProblemJsonForACaller(string path, int status, string field, string zh)
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var caller = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        caller.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var page = await browser.GetAsync(path);
        var problem = await caller.GetAsync(path);

        Assert.Equal(status, (int)page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains(zh, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("must be", html, StringComparison.Ordinal);
        Assert.True((int)problem.StatusCode >= 400);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType!.MediaType);
        Assert.Equal(field, (string?)(await problem.Content.ReadFromJsonAsync<JsonObject>())!["field"]);
    }

    [Fact]
    public async Task DepartmentPanel_IsATableForABrowser_AndJsonWhenAskedFor()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var now = DateTimeOffset.UtcNow;
        StaffTask Judging(string judge, string name, string score) => new()
        {
            Id = $"dept-duty-judging-2026-H1-{judge}",
            Kind = AssessmentKinds.DutyJudging.Name,
            AssigneeId = judge,
            AssigneeName = name,
            InstanceId = "dept-half-2026-H1",
            EventName = TaskDesk.EventName($"dept-duty-judging-2026-H1-{judge}"),
            Subject = "述职评议打分",
            Culture = "zh-CN",
            CreatedAt = now,
            DueAt = now.AddDays(7),
            Status = StaffTaskStatus.Submitted,
            Values = new Dictionary<string, string> { ["dep-03"] = score },
            SubmittedBy = judge,
            SubmittedAt = now,
            ReceiptId = "R-" + judge,
        };
        var mine = Judging("stf-1", "王芳", "91");
        await tasks.CreateAsync(mine, CancellationToken.None);
        await tasks.CreateAsync(Judging("stf-3", "赵主任", "87"), CancellationToken.None);
        await store.DutyPanels.TryAddAsync(
            new DutyPanel(2026, 1, ["dep-03"], new Dictionary<string, string> { ["stf-1"] = mine.Id, ["stf-3"] = "dept-duty-judging-2026-H1-stf-3" }, new Dictionary<string, string> { ["dep-03"] = "基础教育科" }),
            CancellationToken.None);
        string link = $"/api/department-assessment/panel/{mine.Id}{desk.Links.For(mine).Query}";
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var caller = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        caller.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var page = await browser.GetAsync(link);
        var body = await caller.GetFromJsonAsync<JsonObject>(link);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<tr><th>评委</th><th>基础教育科</th></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>王芳（本人）</td><td>91</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>赵主任</td><td>87</td></tr>", html, StringComparison.Ordinal);
        Assert.Equal(["91", "87"], body!["judges"]!.AsArray().Select(j => (string?)j!["scores"]!["dep-03"]));
    }

    private async Task<HttpClient> SignInBrowserAsync(string email)
    {
        var browser = await StaffSessions.SignInAsync(_app, email);
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return browser;
    }

    private async Task SeedResultsAsync()
    {
        var reviews = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var period = new ReviewPeriod(2026, 1);
        var now = DateTimeOffset.UtcNow;
        await reviews.Reviews.TryAddAsync(
            new ReviewRecord
            {
                Id = Review,
                Section = "junior",
                Period = period,
                SchemeVersion = 1,
                Researchers = [new("stf-1", "王芳"), new("stf-2", "李校长")],
                Reviewers = [new("stf-1", "王芳"), new("stf-2", "李校长")],
                OfficeId = "stf-3",
                StartedAt = now,
                PublishedAt = now,
            },
            CancellationToken.None);
        foreach (var (id, name, rank, total) in new[] { ("stf-1", "王芳", 1, 86m), ("stf-2", "李校长", 2, 78m) })
        {
            var result = new ResearcherResult(
                id, name, rank, total, total, 0, [new LevelAScore("quality", "学科教学质量", 35, 30)],
                [new IndicatorScore("q-monitoring", "quality", "学业质量监测成绩", IndicatorSource.Reviewed, 20, 16, "2 位评审", false)], [], []);
            await reviews.Results.TryAddAsync(new ResearcherResultRecord(Review, "junior", period, result), CancellationToken.None);
        }

        var assessment = _app.Services.GetRequiredService<AssessmentStore>();
        foreach (var (department, name, head, rank) in new[] { ("dep-03", "基础教育科", "stf-1", 1), ("dep-05", "教育装备科", "stf-2", 2) })
        {
            await assessment.YearResults.TryAddAsync(
                new YearResult { Year = 2026, DepartmentId = department, DepartmentName = name, HeadId = head, Score = new DepartmentScore(department, 800, 20, 50, 90, 940 - rank, rank) },
                CancellationToken.None);
        }

        var training = _app.Services.GetRequiredService<ShadowTrainingStore>();
        foreach (var (id, name) in new[] { ("stf-1", "王芳"), ("stf-2", "李校长") })
        {
            await training.Trainees.TryAddAsync(
                new TraineeRecord
                {
                    BatchId = "2026-09",
                    TraineeId = id,
                    TraineeName = name,
                    BaseId = "base-4",
                    BaseName = "西苑小学",
                    WeekStart = new DateOnly(2026, 9, 14),
                    Status = TraineeStatus.Completed,
                    Days = 5,
                    AttendedDays = 5,
                    Journals = 5,
                    EvaluationAverage = 88.8m,
                    Summary = true,
                    CertificateNo = "SHT-202609-" + id,
                    RecordedAt = new DateTimeOffset(2026, 9, 23, 2, 0, 0, TimeSpan.Zero),
                },
                CancellationToken.None);
        }
    }
}
