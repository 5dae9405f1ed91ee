using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>The office's exchange and secondment page (<c>/api/office/secondments</c>) on Azurite: an assignment started through the process's route shows with its stage and its next step, the consent tasks and who owes them.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeSecondmentsPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SecondmentsPage_ShowsAStartedAssignmentWithItsStageAndTheConsentsItWaitsFor_InChinese()
    {
        string empty = await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        var start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/secondments/2026-office") { Content = JsonContent.Create(SecondmentHarness.Assignment(start, 12)) };
        post.Headers.Add("x-functions-key", Key);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.SendAsync(post)).StatusCode);
        await WaitForConsentsAsync("2026-office");

        var page = await _http.GetAsync($"/api/office/secondments?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Contains("id=\"no-assignments\"", empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>双向交流与挂职锻炼</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"consent-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("data-assignment=\"2026-office\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/secondments/2026-office/report?code={Key}\">钱科员</a>", html, StringComparison.Ordinal);
        Assert.Contains("组织人事科 → 旗城学校", html, StringComparison.Ordinal);
        Assert.Contains("挂职锻炼", html, StringComparison.Ordinal);
        Assert.Contains("<strong>征求意见</strong>", html, StringComparison.Ordinal);
        string next = html[html.IndexOf("class=\"next\"", StringComparison.Ordinal)..];
        next = next[..next.IndexOf("</td>", StringComparison.Ordinal)];
        Assert.Contains("刘校长", next, StringComparison.Ordinal);
        Assert.Contains("周科长", next, StringComparison.Ordinal);
        Assert.Contains("钱科员", next, StringComparison.Ordinal);
        Assert.Contains("截止", next, StringComparison.Ordinal);

        // The report the row links to answers.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/secondments/2026-office/report?code={Key}")).StatusCode);
    }

    [Fact]
    public async Task ReportsListAndDownload_ThreeSecondmentsEndedReturnedStayedAndExtended_SayHowEachEnded_InChinese()
    {
        // Three year-long secondments from 2025-09-01, ended as the process leaves them: back on time, staying at the
        // host, and back after an extension of three months.
        var store = _app.Services.GetRequiredService<SecondmentStore>();
        var start = new DateOnly(2025, 9, 1);
        var at = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
        await store.Assignments.PutAsync(Ended("2025-001", "stf-30", "钱科员", start, new SecondmentState
        {
            Stage = SecondmentStages.Returned, Month = 13, TotalMonths = 12, Outcome = "return",
            Decisions = ["赵主任决定按期返回原单位：挂职期满，考核合格。"],
        }, at), CancellationToken.None);
        await store.Assignments.PutAsync(Ended("2025-002", "stf-32", "孙科员", start, new SecondmentState
        {
            Stage = SecondmentStages.Stayed, Month = 13, TotalMonths = 12, Outcome = "stay",
            Decisions = ["赵主任决定留任接收单位：学校需要，本人同意。"],
        }, at), CancellationToken.None);
        await store.Assignments.PutAsync(Ended("2025-003", "stf-33", "李科员", start, new SecondmentState
        {
            Stage = SecondmentStages.Returned, Month = 16, TotalMonths = 15, Extensions = 1, Outcome = "return",
            Decisions = ["赵主任决定延期3个月：接收单位申请延长。", "赵主任决定按期返回原单位：延期期满。"],
        }, at), CancellationToken.None);

        string returned = await Workbench.OfficeFormPosts.GetPageAsync(_http, "/api/office/secondments/2025-001/report");
        string stayed = await Workbench.OfficeFormPosts.GetPageAsync(_http, "/api/office/secondments/2025-002/report");
        string extended = await Workbench.OfficeFormPosts.GetPageAsync(_http, "/api/office/secondments/2025-003/report");
        string list = await Workbench.OfficeFormPosts.GetPageAsync(_http, "/api/office/secondments");
        string csv = await _http.GetStringAsync($"/api/office/secondments/table/csv?code={Key}");

        Assert.Contains("<dt>状态</dt><dd>期满返回</dd>", returned, StringComparison.Ordinal);
        Assert.Contains("<dt>期限</dt><dd>2025-09-01 至 2026-08-31，共12个月（未延期）</dd>", returned, StringComparison.Ordinal);
        Assert.Contains(Placement("2026-09-01", "未延期", "2026-09-01 返回派出单位"), returned, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"事项\">去留决定</td><td data-label=\"内容\">赵主任决定按期返回原单位：挂职期满，考核合格。</td>", returned, StringComparison.Ordinal);

        Assert.Contains("<dt>状态</dt><dd>期满留任</dd>", stayed, StringComparison.Ordinal);
        Assert.Contains("<dt>期限</dt><dd>2025-09-01 至 2026-08-31，共12个月（未延期）</dd>", stayed, StringComparison.Ordinal);
        Assert.Contains(Placement("2026-09-01", "未延期", "2026-09-01 起留任接收单位"), stayed, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"内容\">赵主任决定留任接收单位：学校需要，本人同意。</td>", stayed, StringComparison.Ordinal);

        Assert.Contains("<dt>状态</dt><dd>期满返回</dd>", extended, StringComparison.Ordinal);
        Assert.Contains("<dt>期限</dt><dd>2025-09-01 至 2026-11-30，共15个月（原定12个月，延期1次）</dd>", extended, StringComparison.Ordinal);
        Assert.Contains(Placement("2026-12-01", "延期1次，共3个月", "2026-12-01 返回派出单位"), extended, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"内容\">赵主任决定延期3个月：接收单位申请延长。</td>", extended, StringComparison.Ordinal);
        foreach (string page in new[] { returned, stayed, extended })
        {
            Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(page)));
        }

        // The office list: each one's stage and how it ended; the download has the stage, extensions and decisions.
        Assert.Contains("<span class=\"count\" id=\"ended-count\">3</span>", list, StringComparison.Ordinal);
        Assert.Contains("<strong>期满返回</strong>", Row(list, "2025-001"), StringComparison.Ordinal);
        Assert.Contains("已于 2026-09-01 返回原单位原岗位", Row(list, "2025-001"), StringComparison.Ordinal);
        Assert.Contains("<strong>期满留任</strong>", Row(list, "2025-002"), StringComparison.Ordinal);
        Assert.Contains("留任接收单位，名录已更新", Row(list, "2025-002"), StringComparison.Ordinal);
        Assert.Contains("共15个月<span class=\"muted\">（延期1次）</span>", Row(list, "2025-003"), StringComparison.Ordinal);
        Assert.Contains("已于 2026-12-01 返回原单位原岗位", Row(list, "2025-003"), StringComparison.Ordinal);
        Assert.Contains("2025-001,挂职锻炼,stf-30,钱科员,组织人事科,bureau-cadre,旗城学校,挂职副校长,吴敏,2025-09-01,12,0,期满返回,,0,0,,,赵主任决定按期返回原单位：挂职期满，考核合格。,,", csv, StringComparison.Ordinal);
        Assert.Contains("2025-002,挂职锻炼,stf-32,孙科员,组织人事科,bureau-cadre,旗城学校,挂职副校长,吴敏,2025-09-01,12,0,期满留任,,0,0,,,赵主任决定留任接收单位：学校需要，本人同意。,,", csv, StringComparison.Ordinal);
        Assert.Contains("2025-003,挂职锻炼,stf-33,李科员,组织人事科,bureau-cadre,旗城学校,挂职副校长,吴敏,2025-09-01,15,1,期满返回,,0,0,,,赵主任决定延期3个月：接收单位申请延长。；赵主任决定按期返回原单位：延期期满。,,", csv, StringComparison.Ordinal);
    }

    private static SecondmentRecord Ended(string id, string personId, string name, DateOnly start, SecondmentState state, DateTimeOffset at) =>
        new(
            new SecondmentPlan(
                id, SecondmentKinds.Secondment, personId, name, "bureau-cadre",
                new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长"),
                new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长"),
                "挂职副校长", "vice-principal", start, 12, "stf-12", "吴敏", "stf-3", "Asia/Shanghai", "赵主任"),
            state,
            at);

    // The 去向与返回 row's last three cells: due back, extensions, and how it ended.
    private static string Placement(string plannedReturn, string extension, string ended) =>
        $"<td data-label=\"计划返回\">{plannedReturn}</td><td data-label=\"延期\">{extension}</td><td data-label=\"返回情况\">{ended}</td>";

    private static string Row(string html, string id)
    {
        string row = html[html.IndexOf($"data-assignment=\"{id}\"", StringComparison.Ordinal)..];
        return row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task SecondmentsPage_WithoutTheMasterKey_IsRefused()
    {
        await AssertProblemAsync(await _http.GetAsync("/api/office/secondments"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync("/api/office/secondments?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    private async Task WaitForConsentsAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(cts.Token)).Count(t => t.Id.StartsWith("secondment-consent-" + id, StringComparison.Ordinal)) < 3
            || await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync(id, cts.Token) is null)
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
