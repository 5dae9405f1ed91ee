using DurableTask.Core.History;
using System.Net;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>The landing page, the office home, the county page and its staff lists over HTTP on Azurite: rendered with data, refused without the master key.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficePagesApiTests(AzuriteFixture azurite) : IAsyncLifetime
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

    [Fact]
    public async Task Landing_ApiRoot_IsAChinesePageForAnyone_WithSignInAndTheOfficeHome()
    {
        var page = await _http.GetAsync("/api");
        string html = await page.Content.ReadAsStringAsync();
        string office = await _http.GetStringAsync($"/api?code={Key}");
        string english = await _http.GetStringAsync("/api?lang=en");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("县教育局工作流程", html, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-in\" href=\"/api/me\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"office\" href=\"/api/office\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"office\" href=\"/api/office?code={Key}\"", office, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-in\" href=\"/api/me?lang=en\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_AnswersThePrefixOnly()
    {
        var slash = await _http.GetAsync("/api/");
        var other = await _http.GetAsync("/api/no-such-page");

        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task HostRoot_RedirectsToTheLandingPage_KeepingTheQuery()
    {
        var root = await _http.GetAsync("/");
        var withKey = await _http.GetAsync($"/?code={Key}");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/api", root.Headers.Location!.OriginalString);
        Assert.Equal($"/api?code={Key}", withKey.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/api/office")]
    [InlineData("/api/office/county")]
    [InlineData("/api/office/county/school-staff/sch-001")]
    [InlineData("/api/office/county/department-staff/dep-01")]
    public async Task OfficePages_WithoutTheMasterKey_AreRefused_AChinesePageForABrowser(string path)
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, path);
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await _http.SendAsync(browser);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("需要管理员密钥", html, StringComparison.Ordinal);
        await AssertProblemAsync(await _http.GetAsync(path), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync(path + "?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync(path + "?code=wrong"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task OfficeHome_ListsTheRunningProcess_WithItsStageTasksLinksAndTheNextTimers()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        await _app.WaitForOpenTaskAsync(id);

        var page = await _http.GetAsync($"/api/office?code={Key}");
        string html = await page.Content.ReadAsStringAsync();
        string english = await _http.GetStringAsync($"/api/office?code={Key}&lang=en");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("data-orchestrator=\"NoticeAcknowledgement\"", html, StringComparison.Ordinal);
        Assert.Contains("示例：通知确认 <span class=\"count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-instance=\"{id}\">", html, StringComparison.Ordinal);
        Assert.Contains("等待：stf-1", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"open-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"overdue-count\">0</span>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/runtime/webhooks/durabletask/instances/{id}?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/county?code={Key}\"", html, StringComparison.Ordinal);

        // The next 1st-of-the-month 09:00 in the bureau's zone, as the timer would fire.
        var clock = _app.Services.GetRequiredService<BureauClock>();
        var local = TimeZoneInfo.ConvertTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), clock.Zone);
        var first = new DateTime(local.Year, local.Month, 1, 9, 0, 0);
        var next = first > local.DateTime ? first : first.AddMonths(1);
        Assert.Contains($"<tr data-timer=\"DepartmentAssessmentMonthlyDispatch\"><td data-label=\"定时任务\">科室考核每月一调度（每月 1 日）</td>\n<td data-label=\"下次（北京时间）\">{next:yyyy-MM-dd HH:mm}</td>".Replace("\n", string.Empty, StringComparison.Ordinal), html.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("data-timer=\"ResearcherReviewHalfYear\"", html, StringComparison.Ordinal);
        Assert.Contains("Sample: notice acknowledgement", english, StringComparison.Ordinal);
        Assert.Contains("waiting for stf-1", english, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/county?lang=en&amp;code={Key}\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfficeHome_EachInstance_ShowsItsOwnNextTimer_TheDeadlineItWaitsFor_NotAWaitThatIsOver()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var clock = _app.Services.GetRequiredService<BureauClock>();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        // Waiting: its reminder, a day before a three-day deadline. Reminded: its reminder falls due five seconds after the
        // start, so once that timer has fired it waits on the deadline itself.
        string waiting = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        string reminded = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "关于期末考试安排的通知", 24 + (5 / 3600.0)));
        await WaitForHistoryAsync(client, waiting, h => h.OfType<TimerCreatedEvent>().Any());
        await WaitForHistoryAsync(client, reminded, h => h.OfType<TimerFiredEvent>().Any() && h.OfType<TimerCreatedEvent>().Count() == 2);
        var tasks = (await store.AllOpenAsync(CancellationToken.None)).ToDictionary(t => t.InstanceId);
        var waitingDue = tasks[waiting].DueAt;
        var remindedDue = tasks[reminded].DueAt;

        string html = await _http.GetStringAsync($"/api/office?code={Key}");
        string english = await _http.GetStringAsync($"/api/office?code={Key}&lang=en");
        using var json = new HttpRequestMessage(HttpMethod.Get, $"/api/office?code={Key}");
        json.Headers.Accept.ParseAdd("application/json");
        var answer = await _http.SendAsync(json);
        using var document = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        string waitingRow = InstanceRow(html, waiting), remindedRow = InstanceRow(html, reminded);

        Assert.Contains("<th>下次定时器（北京时间）</th>", html, StringComparison.Ordinal);
        Assert.Contains($">{clock.Format(waitingDue.AddDays(-1))}</time>", waitingRow, StringComparison.Ordinal);
        Assert.DoesNotContain("任务到期", waitingRow, StringComparison.Ordinal);
        Assert.Contains($"催办提醒：关于秋季运动会的通知（{tasks[waiting].AssigneeName}）", waitingRow, StringComparison.Ordinal);
        Assert.Contains($">{clock.Format(remindedDue)}</time>", remindedRow, StringComparison.Ordinal);
        Assert.Contains($"任务到期：关于期末考试安排的通知（{tasks[reminded].AssigneeName}）", remindedRow, StringComparison.Ordinal);
        // The reminder's timer has fired: its time (the start's minute, also shown as started) is no longer the next timer.
        Assert.DoesNotContain($">{clock.Format(remindedDue.AddDays(-1))}</time>", remindedRow, StringComparison.Ordinal);
        Assert.Contains($"Task due: 关于期末考试安排的通知 ({tasks[reminded].AssigneeName})", InstanceRow(english, reminded), StringComparison.Ordinal);
        Assert.Contains("<th>Next timer (Beijing time)</th>", english, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("北京时间", document.RootElement.GetProperty("zoneName").GetString());
        var instances = document.RootElement.GetProperty("processes").EnumerateArray().SelectMany(p => p.GetProperty("instances").EnumerateArray())
            .ToDictionary(i => i.GetProperty("instanceId").GetString()!, i => i.GetProperty("nextTimer"));
        Assert.Equal(remindedDue, instances[reminded].GetProperty("firesAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(8), instances[reminded].GetProperty("firesAt").GetDateTimeOffset().Offset);
        Assert.StartsWith("任务到期：", instances[reminded].GetProperty("waitsFor").GetString(), StringComparison.Ordinal);
        Assert.Equal(waitingDue.AddDays(-1), instances[waiting].GetProperty("firesAt").GetDateTimeOffset());
        Assert.Equal($"催办提醒：关于秋季运动会的通知（{tasks[waiting].AssigneeName}）", instances[waiting].GetProperty("waitsFor").GetString());
    }

    private static string InstanceRow(string html, string instanceId)
    {
        int start = html.IndexOf($"<tr data-instance=\"{instanceId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {instanceId}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static async Task WaitForHistoryAsync(DurableTaskClient client, string instanceId, Func<IList<HistoryEvent>, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done(await client.GetOrchestrationHistoryAsync(instanceId, cts.Token)))
        {
            await Task.Delay(100, cts.Token);
        }
    }

    [Fact]
    public async Task OfficeHome_NothingRunning_SaysSo()
    {
        string html = await _http.GetStringAsync($"/api/office?code={Key}");

        Assert.Contains("目前没有正在运行的流程。", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"running-count\">0</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task County_ListsEachRoleHolderWithTheIdToUse()
    {
        var page = await _http.GetAsync($"/api/office/county?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("石梁镇中心学校", html, StringComparison.Ordinal);
        Assert.Contains("<span>周校长 <code>stf-p2</code></span>", html, StringComparison.Ordinal);
        Assert.Contains("<span>吴主任 <code>stf-h1</code></span>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"姓名\">郑教研</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"学科\">数学</td>", html, StringComparison.Ordinal);
        Assert.Contains("实验小学跟岗基地", html, StringComparison.Ordinal);
        Assert.Contains("<code>stf-l1</code></td><td data-label=\"姓名\">钱局长</td>", html, StringComparison.Ordinal);

        // Ordinary staff are not listed; the search finds them.
        Assert.DoesNotContain("王芳", html, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"code\" value=\"{Key}\" />", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stf-1")]
    [InlineData("王芳")]
    public async Task County_Search_FindsStaffByIdOrName(string query)
    {
        string html = await _http.GetStringAsync($"/api/office/county?code={Key}&q={Uri.EscapeDataString(query)}");

        Assert.Contains("id=\"found\"", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"编号\"><code>stf-1</code></td>\n<td data-label=\"姓名\">王芳</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"单位\">衢州市柯城区实验小学教育集团白云校区（本部及附属幼儿园）</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wang.fang@", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task County_Search_NobodyOrOddInput_SaysNobodyFound()
    {
        string nobody = await _http.GetStringAsync($"/api/office/county?code={Key}&q=%E6%9F%90%E4%BA%BA");
        string odd = await _http.GetStringAsync($"/api/office/county?code={Key}&q={Uri.EscapeDataString("a/b#'\"<x>")}");

        Assert.Contains("没有找到。", nobody, StringComparison.Ordinal);
        Assert.Contains("没有找到。", odd, StringComparison.Ordinal);
        Assert.DoesNotContain("<x>", odd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task County_EachSchoolAndDepartmentRow_LinksItsStaffPage()
    {
        string html = await _http.GetStringAsync($"/api/office/county?code={Key}");

        Assert.Contains($"<a class=\"staff\" href=\"/api/office/county/school-staff/sch-001?code={Key}\">教职工</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"staff\" href=\"/api/office/county/school-staff/sch-002?code={Key}\">教职工</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"staff\" href=\"/api/office/county/department-staff/dep-01?code={Key}\">人员</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolStaff_ListsTheSchoolsStaffAPageAtATime_EachOnce_WithWorkingEditAndDeleteLinks()
    {
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-120", "航埠镇中心小学", "primary", "航埠镇", true)], CancellationToken.None);
        var staff = Enumerable.Range(1, 2 * CountyApi.StaffPageSize + 20)
            .Select(i => new StaffMember { Id = $"stf-h{i:000}", Name = $"航埠教师{i}", Gender = "female", SchoolId = "sch-120", Post = "teacher", Subject = "chinese", Section = "primary", Email = $"hangbu{i}@qz.example.cn" })
            .ToList();
        await directory.Staff.ApplyAsync(staff, CancellationToken.None);

        var pages = new List<string>();
        string? next = $"/api/office/county/school-staff/sch-120?code={Key}";
        while (next is not null && pages.Count < 10)
        {
            var page = await _http.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            pages.Add(await page.Content.ReadAsStringAsync());
            next = NextPage().Match(pages[^1]) is { Success: true } link ? System.Net.WebUtility.HtmlDecode(link.Groups[1].Value) : null;
        }

        var listed = pages.Select(p => StaffRow().Matches(p).Select(m => m.Groups[1].Value).ToList()).ToList();
        Assert.Equal([CountyApi.StaffPageSize, CountyApi.StaffPageSize, 20], listed.Select(l => l.Count));
        Assert.Empty(listed[0].Intersect(listed[1]));
        Assert.Equal(staff.Select(s => s.Id).Order(StringComparer.Ordinal), listed.SelectMany(l => l));
        Assert.Contains("航埠镇中心小学的教职工", pages[0], StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"姓名\">航埠教师1</td>", pages[0], StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"学段 / 学科\">小学 语文</td>", pages[0], StringComparison.Ordinal);
        Assert.DoesNotContain("hangbu1@", string.Concat(pages), StringComparison.Ordinal);
        Assert.DoesNotContain("stf-p1", string.Concat(pages), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"first-page\"", pages[0], StringComparison.Ordinal);
        Assert.Contains($"id=\"first-page\" href=\"/api/office/county/school-staff/sch-120?code={Key}\"", pages[1], StringComparison.Ordinal);

        // Each row's links open the existing office forms for that person.
        Assert.Contains($"<a class=\"edit\" href=\"/api/office/county/staff/stf-h051?code={Key}\">修改</a> <a class=\"delete\" href=\"/api/office/county/staff/stf-h051/delete?code={Key}\">删除</a>", pages[1], StringComparison.Ordinal);
        var edit = await _http.GetAsync($"/api/office/county/staff/stf-h051?code={Key}");
        var delete = await _http.GetAsync($"/api/office/county/staff/stf-h051/delete?code={Key}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (edit.StatusCode, delete.StatusCode));
        Assert.Contains("value=\"航埠教师51\"", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("将从名录中删除航埠教师51（stf-h051）", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DepartmentStaff_ListsItsPeopleOnly()
    {
        string html = await _http.GetStringAsync($"/api/office/county/department-staff/dep-01?code={Key}");

        Assert.Contains("办公室的人员", html, StringComparison.Ordinal);
        Assert.Equal(["stf-h1"], StaffRow().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("<td data-label=\"岗位\">机关干部</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"next-page\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("school-staff/sch-404", "名录中没有编号为“sch-404”的学校。")]
    [InlineData("department-staff/dep-404", "名录中没有编号为“dep-404”的科室。")]
    public async Task UnitStaff_UnknownUnit_Is404_AChinesePageForABrowser_ProblemJsonOtherwise(string path, string reason)
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/api/office/county/{path}?code={Key}");
        browser.Headers.Accept.ParseAdd("text/html");
        var page = await _http.SendAsync(browser);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains(reason, html, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([(path, html)]);
        await AssertProblemAsync(await _http.GetAsync($"/api/office/county/{path}?code={Key}"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task SchoolStaff_APageLinkNoTableKeyTakes_Is400NamingAfter()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/api/office/county/school-staff/sch-001?after=%01%2F&code={Key}");
        browser.Headers.Accept.ParseAdd("text/html");
        var page = await _http.SendAsync(browser);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("翻页参数无效，请从第一页重新查看。", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertProblemAsync(await _http.GetAsync($"/api/office/county/school-staff/sch-001?after=%01%2F&code={Key}"), HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task OfficePages_InChinese_HoldNoLatinWordsButIds()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        await _app.WaitForOpenTaskAsync(id);
        var pages = new List<(string, string)>();
        foreach (string path in new[] { "/api", $"/api?code={Key}", $"/api/office?code={Key}", $"/api/office/county?code={Key}&q=stf-r1", $"/api/office/county/school-staff/sch-001?code={Key}", $"/api/office/county/department-staff/dep-02?code={Key}" })
        {
            // The raw custom status is the office's fallback for shapes the page cannot name: JSON as published.
            pages.Add((path, Details().Replace(await _http.GetStringAsync(path), " ")));
        }

        OfficeClients.AssertNoLatinWords(pages);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<details>.*?</details>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Details();

    [System.Text.RegularExpressions.GeneratedRegex("<tr data-staff=\"([^\"]+)\">")]
    private static partial System.Text.RegularExpressions.Regex StaffRow();

    [System.Text.RegularExpressions.GeneratedRegex("id=\"next-page\" href=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex NextPage();
}
