using System.Net;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>The office's per-process pages over HTTP on Azurite: rendered from stored process state, downloads that open and keep formulas inert, refused without the master key.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class ProcessPagesApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/office/researcher-reviews")]
    [InlineData("/api/office/researcher-reviews/" + ProcessPagesSeed.ReviewId)]
    [InlineData("/api/office/researcher-reviews/" + ProcessPagesSeed.ReviewId + "/results/xlsx")]
    [InlineData("/api/office/department-assessment/2026")]
    [InlineData("/api/office/department-assessment/2026/table/csv")]
    [InlineData("/api/office/shadow-training")]
    [InlineData("/api/office/shadow-training/" + ProcessPagesSeed.BatchId)]
    public async Task ProcessPages_WithoutTheMasterKey_AreRefused(string path)
    {
        await _app.SeedReviewAsync();
        await _app.SeedAssessmentAsync();
        await _app.SeedBatchAsync();

        await AssertProblemAsync(await _http.GetAsync(path), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync(path + "?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task OfficeHome_LinksTheProcessPages()
    {
        string html = await _http.GetStringAsync($"/api/office?code={Key}");

        Assert.Contains($"href=\"/api/office/researcher-reviews?code={Key}\"", html, StringComparison.Ordinal);
        int year = _app.Services.GetRequiredService<BureauClock>().DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year;
        Assert.Contains($"href=\"/api/office/department-assessment/{year}?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/shadow-training?code={Key}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewList_ListsEachReviewUnderItsSection()
    {
        await _app.SeedReviewAsync();

        string html = await _http.GetStringAsync($"/api/office/researcher-reviews?code={Key}");

        Assert.Contains("data-section=\"primary\"><h2>小学</h2>", html.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}?code={Key}\">2026年上半年</a>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"教研员 / 评审\">3 / 3</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPage_ShowsStageUnansweredAndTheRankingWithEachIndicatorsBreakdown()
    {
        await _app.SeedReviewAsync();

        var page = await _http.GetAsync($"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}?code={Key}");
        string html = await page.Content.ReadAsStringAsync();
        string english = await _http.GetStringAsync($"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}?code={Key}&lang=en");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>2026年上半年小学教研员考核</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"state\">待启动</strong>", html, StringComparison.Ordinal);

        // Who has not answered: the one open scoring task, overdue.
        Assert.Contains("id=\"unanswered-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"人员\">李教研 <code>stf-r3</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("（已逾期）", html, StringComparison.Ordinal);

        // The ranking in rank order, and each researcher's indicators with source, points and basis.
        int first = html.IndexOf("<tr data-researcher=\"stf-r2\">", StringComparison.Ordinal);
        int second = html.IndexOf("<tr data-researcher=\"stf-r1\">", StringComparison.Ordinal);
        int third = html.IndexOf("<tr data-researcher=\"stf-r3\">", StringComparison.Ordinal);
        Assert.True(first > 0 && first < second && second < third, $"{first} {second} {third}");
        Assert.Contains("<th>教研工作（60）</th>", html, StringComparison.Ordinal);
        string zheng = html[html.IndexOf("id=\"r-stf-r1\"", StringComparison.Ordinal)..];
        Assert.Contains("<td data-label=\"二级指标\">听课评课</td>\n<td data-label=\"来源\">评审打分</td>\n<td data-label=\"得分 / 满分\">7 / 10（按规则补足）</td>", zheng, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"依据\">36 / 40 条记录</td>", zheng, StringComparison.Ordinal);
        Assert.Contains("<li>吴主任 · 听课评课 · 2（其他评审平均 8.5）</li>", zheng, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}/results/xlsx?code={Key}\"", html, StringComparison.Ordinal);

        Assert.Contains("<h1>2026 H1 primary researcher review</h1>", english, StringComparison.Ordinal);
        Assert.Contains("panel scores", english, StringComparison.Ordinal);

        // A default scheme's indicator reads in English wherever it is named; a name the scheme wrote itself stays as written.
        string zhengEnglish = english[english.IndexOf("id=\"r-stf-r1\"", StringComparison.Ordinal)..];
        Assert.Contains("<td data-label=\"Indicator\">Lessons observed and discussed</td>", zhengEnglish, StringComparison.Ordinal);
        // The basis scoring wrote in Chinese reads in English too.
        Assert.Contains("<td data-label=\"Basis\">36 / 40 records</td>", zhengEnglish, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Basis\">0 reviewers</td>", zhengEnglish, StringComparison.Ordinal);
        Assert.DoesNotContain("条记录", english, StringComparison.Ordinal);
        Assert.Contains("<li>吴主任 · Lessons observed and discussed · 2", zhengEnglish, StringComparison.Ordinal);
        Assert.Contains("<th>教研工作 (60)</th>", english, StringComparison.Ordinal);
        Assert.DoesNotContain("听课评课", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPage_UnknownReview_IsNotFound()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/researcher-reviews/researcher-review-1999H1-primary?code={Key}"), HttpStatusCode.NotFound, "reviewId");
    }

    [Fact]
    public async Task ReviewResults_Xlsx_OpensWithTheRankingAndFormulasNeutralised()
    {
        await _app.SeedReviewAsync();

        var file = await _http.GetAsync($"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}/results/xlsx?code={Key}");
        using var content = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        var rows = content.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal($"{ProcessPagesSeed.ReviewId}-results.xlsx", file.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(["=1+1孙", "郑教研", "李教研"], rows.Select(r => Restored(r["姓名"])));
        Assert.Equal("'=1+1孙", Convert.ToString(rows[0]["姓名"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("'+加分待审", Convert.ToString(rows[0]["标注"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("7（补）", Convert.ToString(rows[1]["听课评课（满分 10）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(14.0, rows[1]["教研工作（权重 60）"]);
        Assert.Equal((1.0, "stf-r2", 30.0, 20.0, 10.0), (rows[0]["名次"], rows[0]["编号"], rows[0]["总分"], rows[0]["基础分"], rows[0]["加分"]));
    }

    [Fact]
    public async Task ReviewResults_Csv_HasTheSameTableWithFormulasNeutralised()
    {
        await _app.SeedReviewAsync();

        var file = await _http.GetAsync($"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}/results/csv?code={Key}");
        string csv = await file.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType!.MediaType);
        string[] lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("名次,编号,姓名,总分,基础分,加分,教研工作（权重 60）,服务满意度（权重 40）,下校指导（满分 10）,听课评课（满分 10）,校长满意度（满分 5）,标注", lines[0], StringComparison.Ordinal);
        Assert.Equal("1,stf-r2,'=1+1孙,30,20,10,15,5,7,8,5,'+加分待审", lines[1]);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("XLSX.exe")]
    public async Task ReviewResults_OtherFormat_IsNotFound_NamingTheFormat(string format)
    {
        await _app.SeedReviewAsync();

        await AssertProblemAsync(await _http.GetAsync($"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}/results/{format}?code={Key}"), HttpStatusCode.NotFound, "format");
    }

    [Fact]
    public async Task ProcessPages_InChinese_HoldNoLatinWordsButIds()
    {
        await _app.SeedReviewAsync();
        await _app.SeedAssessmentAsync();
        await _app.SeedBatchAsync();
        var pages = new List<(string, string)>();
        foreach (string path in new[] { $"/api/office/shadow-training?code={Key}", $"/api/office/shadow-training/{ProcessPagesSeed.BatchId}?code={Key}", $"/api/office/researcher-reviews?code={Key}", $"/api/office/researcher-reviews/{ProcessPagesSeed.ReviewId}?code={Key}", $"/api/office/department-assessment/2026?code={Key}", $"/api/office/department-assessment/2025?code={Key}" })
        {
            pages.Add((path, await _http.GetStringAsync(path)));
        }

        OfficeClients.AssertNoLatinWords(pages);
    }

    [Fact]
    public async Task AssessmentPage_ShowsTheYearMonthsHalvesChartsAndTheTwoYearWindow()
    {
        await _app.SeedAssessmentAsync();

        var page = await _http.GetAsync($"/api/office/department-assessment/2026?code={Key}");
        string html = (await page.Content.ReadAsStringAsync()).Replace("\n", string.Empty, StringComparison.Ordinal);
        string english = await _http.GetStringAsync($"/api/office/department-assessment/2026?code={Key}&lang=en");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>2026 年科室考核</h1>", html, StringComparison.Ordinal);

        // The year, best first, the last marked.
        string year = html[html.IndexOf("id=\"year\"", StringComparison.Ordinal)..html.IndexOf("id=\"two-year\"", StringComparison.Ordinal)];
        Assert.True(year.IndexOf("dep-09", StringComparison.Ordinal) < year.IndexOf("dep-01", StringComparison.Ordinal) && year.IndexOf("dep-01", StringComparison.Ordinal) < year.IndexOf("dep-02", StringComparison.Ordinal));
        Assert.Contains("<td data-label=\"名次\">3（末位）</td><td data-label=\"科室\">教研室</td>", year, StringComparison.Ordinal);

        // The two-year window: 教研室 last in 2025 and 2026 under the same head; nobody else.
        Assert.Contains("<li data-department=\"dep-02\"><strong>教研室</strong> · 2025 年 900 分、2026 年 880 分，均为末位，负责人须作岗位调整决定。</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<li data-department=\"dep-01\">", html, StringComparison.Ordinal);

        // Months: the baseline after each month's deductions; halves: the duty score.
        string months = html[html.IndexOf("id=\"months\"", StringComparison.Ordinal)..html.IndexOf("id=\"halves\"", StringComparison.Ordinal)];
        Assert.Contains("<tr data-department=\"dep-01\"><td data-label=\"科室\">办公室</td><td data-label=\"1 月\">500</td><td data-label=\"2 月\">495（扣 5）</td><td data-label=\"3 月\">495</td></tr>", months, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"3 月\">498（扣 2）</td>", months, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"上半年述职得分\">85</td>", html, StringComparison.Ordinal);

        // A chart per department, as inline SVG scaled to the screen.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(html, "<section class=\"card chart\" data-department=\"dep-0[129]\"><h2>[^<]+</h2><svg viewBox=\"0 0 560 220\""));
        Assert.Contains("Department assessment 2026", english, StringComparison.Ordinal);
        Assert.Contains("head faces a reassignment decision", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssessmentPage_YearWithNothing_SaysSo()
    {
        string html = await _http.GetStringAsync($"/api/office/department-assessment/2030?code={Key}");

        Assert.Contains("id=\"not-published\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-months\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"two-year-none\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssessmentTable_XlsxAndCsv_HoldTheSameRowsWithFormulasNeutralised()
    {
        await _app.SeedAssessmentAsync();

        var xlsx = await _http.GetAsync($"/api/office/department-assessment/2026/table/xlsx?code={Key}");
        using var content = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = content.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        string csv = await _http.GetStringAsync($"/api/office/department-assessment/2026/table/csv?code={Key}");
        string[] lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("department-assessment-2026.xlsx", xlsx.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(["dep-09", "dep-01", "dep-02"], rows.Select(r => Convert.ToString(r["科室编号"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("'=2+3科", Convert.ToString(rows[0]["科室"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(495.0, rows[1]["2月"]);
        Assert.Equal((880.0, 3.0), (rows[2]["总分"], rows[2]["名次"]));
        Assert.Null(rows[2]["4月"]);
        Assert.Equal("是", Convert.ToString(rows[2]["连续两年末位"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, lines.Length);
        Assert.Equal("科室编号,科室,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月,上半年述职,下半年述职,基础分,扣分,创新分,满意度,总分,名次,末位,上年末位,连续两年末位", lines[0]);
        Assert.Equal("dep-02,教研室,500,500,498,,,,,,,,,,,,480,20,100,300,880,3,是,是,是", lines[3]);
        Assert.StartsWith("dep-09,'=2+3科,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShadowBoard_ShowsEachTraineeAtTheirBaseDayByDay_AndWhatIsMissing()
    {
        var monday = await _app.SeedBatchAsync();
        string list = await _http.GetStringAsync($"/api/office/shadow-training?code={Key}");

        var page = await _http.GetAsync($"/api/office/shadow-training/{ProcessPagesSeed.BatchId}?code={Key}");
        string html = (await page.Content.ReadAsStringAsync()).Replace("\n", string.Empty, StringComparison.Ordinal);
        string english = await _http.GetStringAsync($"/api/office/shadow-training/{ProcessPagesSeed.BatchId}?code={Key}&lang=en");

        Assert.Contains($"href=\"/api/office/shadow-training/{ProcessPagesSeed.BatchId}?code={Key}\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h2>实验小学跟岗基地 <span class=\"count\">2</span></h2><p class=\"muted\">导师: 陈校长</p>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"missing-count\">1</span>", html, StringComparison.Ordinal);
        string wang = html[html.IndexOf("<tr data-trainee=\"stf-1\">", StringComparison.Ordinal)..];
        wang = wang[..wang.IndexOf("</tr>", StringComparison.Ordinal)];
        string D(int i) => $"{monday.AddDays(i).Month}月{monday.AddDays(i).Day}日";
        Assert.Contains($"<td data-label=\"{D(0)} ", wang, StringComparison.Ordinal);
        Assert.Equal(["✓ / ✓", "✗ / ✗", "! / ·", "· / ·", "· / ·", "· / ·"], System.Text.RegularExpressions.Regex.Matches(wang, "class=\"nowrap\">([^<]*)</td>").Select(m => m.Groups[1].Value));
        Assert.Contains($"<td data-label=\"缺项\" class=\"missing\">缺勤或未登记考勤：{D(1)}、{D(2)}；未交日志：{D(1)}</td>", wang, StringComparison.Ordinal);
        Assert.Contains("<tr data-trainee=\"stf-r1\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"missing\">无</td>", html, StringComparison.Ordinal);
        Assert.Contains("journal not handed in: ", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShadowBoard_UnknownBatch_IsNotFound()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/shadow-training/no-such-batch?code={Key}"), HttpStatusCode.NotFound, "batchId");
    }

    private static string Restored(object? cell) => EduFlows.StaffDirectory.RosterFile.Restore(Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
}
