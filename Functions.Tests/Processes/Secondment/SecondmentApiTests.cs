using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary><c>/api/secondments</c> through the whole app on Azurite: keys, refusals that change nothing, start, status and the zh-CN report.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class SecondmentApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private DateOnly _start;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Start_BadAssignments_Are422NamingTheFieldAndStartNothing()
    {
        var good = Body(_start, 12);
        var cases = new (object Body, string Field)[]
        {
            (good with { Months = 30 }, "months"),
            (good with { Months = 0 }, "months"),
            (good with { Months = 1 }, "months"),
            (good with { PersonId = "stf-999" }, "personId"),
            (good with { Kind = "holiday" }, "kind"),
            (good with { HostUnitId = "dep-02" }, "hostUnitId"),
            (good with { HomeUnitId = "sch-qc" }, "homeUnitId"),
            (good with { MentorId = "stf-31" }, "mentorId"),
            (good with { HostPost = "king" }, "hostPost"),
            (good with { Role = " " }, "role"),
            (good with { Start = _start.AddDays(-60) }, "start"),
            (good with { OwnerId = null }, "ownerId"),
        };

        foreach (var (body, field) in cases)
        {
            var refused = await SendAsync(HttpMethod.Post, "/api/secondments/2026-bad", body);
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, field);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (string)problem["errors"]![0]!["reason"]!);
        }

        var badId = await SendAsync(HttpMethod.Post, "/api/secondments/a%20b", good);
        var functionKey = await SendAsync(HttpMethod.Post, "/api/secondments/2026-bad", good, "task-function-key");

        await ProblemAssertions.AssertProblemAsync(badId, HttpStatusCode.UnprocessableEntity, "secondmentId");
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Null(await _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(SecondmentPlan.InstanceIdOf("2026-bad")));
        Assert.Null(await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-bad", CancellationToken.None));
        await ProblemAssertions.AssertProblemAsync(await SendAsync(HttpMethod.Get, "/api/secondments/2026-bad/status"), HttpStatusCode.NotFound, "secondmentId");
        Assert.Equal(("dep-02", "bureau-cadre"), ((await _app.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync("stf-30", CancellationToken.None))!.DepartmentId, (await _app.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync("stf-30", CancellationToken.None))!.Post));
        Assert.DoesNotContain(await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None), t => t.Kind.StartsWith("secondment-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AGoodAssignment_AsksForConsentAndReportsInChinese()
    {
        var started = await SendAsync(HttpMethod.Post, "/api/secondments/2026-api", Body(_start, 12));
        var again = await SendAsync(HttpMethod.Post, "/api/secondments/2026-api", Body(_start, 12));
        var consents = await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-api");
        var status = (await (await SendAsync(HttpMethod.Get, "/api/secondments/2026-api/status")).Content.ReadFromJsonAsync<JsonObject>())!;
        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/secondments/2026-api/report");
        page.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        page.Headers.Add("Accept", "text/html");
        var report = await _http.SendAsync(page);
        string html = await report.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict, "secondmentId");
        Assert.Equal(["stf-10", "stf-30", "stf-31"], consents.Select(t => t.AssigneeId).Order(StringComparer.Ordinal));
        Assert.Equal("consent", (string)status["record"]!["state"]!["stage"]!);
        Assert.Equal("text/html", report.Content.Headers.ContentType!.MediaType);
        Assert.Contains("挂职锻炼 · 钱科员", html, StringComparison.Ordinal);
        Assert.Contains("征求意见", html, StringComparison.Ordinal);
        Assert.Contains("最多延期1次，每次不超过6个月", html, StringComparison.Ordinal);
        Assert.Contains("width=device-width", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ShowsThePersonsMovesWithUnitNamesInChinese_OnTheOfficePageAndInTheJson()
    {
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Moves.UpsertAsync(new StaffMove("earlier-move", "stf-30", new DateOnly(2024, 9, 1), "sch-qc", null, "teacher", null, "dep-02", "bureau-cadre", "选调至教育局", "proc-1"), CancellationToken.None);
        await directory.Moves.UpsertAsync(new StaffMove("gone-unit-move", "stf-30", new DateOnly(2023, 9, 1), "sch-gone", null, "teacher", "sch-qc", null, "teacher", "学校撤并", "proc-0"), CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/secondments/2026-moves", Body(_start, 12))).StatusCode);
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-moves");

        using var page = new HttpRequestMessage(HttpMethod.Get, $"/api/office/secondments/2026-moves/report?code={TaskAppFactory.MasterKey}");
        page.Headers.Add("Accept", "text/html");
        var report = await _http.SendAsync(page);
        string html = await report.Content.ReadAsStringAsync();
        var json = (await _http.GetFromJsonAsync<JsonObject>($"/api/office/secondments/2026-moves/report?format=json&code={TaskAppFactory.MasterKey}"))!;

        // Oldest first, in a table of their own: the day, the units by name (the id of one no longer in the directory) and posts in Chinese, and why.
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        string moves = Section(html, "moves");
        int older = moves.IndexOf("<tr><td data-label=\"日期\">2023-09-01</td><td data-label=\"原单位（岗位）\">sch-gone（教师）</td><td data-label=\"新单位（岗位）\">旗城学校（教师）</td><td data-label=\"原因\">学校撤并</td></tr>", StringComparison.Ordinal);
        int newer = moves.IndexOf("<tr><td data-label=\"日期\">2024-09-01</td><td data-label=\"原单位（岗位）\">旗城学校（教师）</td><td data-label=\"新单位（岗位）\">组织人事科（机关干部）</td><td data-label=\"原因\">选调至教育局</td></tr>", StringComparison.Ordinal);
        Assert.True(older > 0 && newer > older, moves);
        Assert.Equal(moves.IndexOf("2023-09-01", StringComparison.Ordinal) + html.IndexOf(moves, StringComparison.Ordinal), html.LastIndexOf("2023-09-01", StringComparison.Ordinal));
        Assert.DoesNotContain("人员调动</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/directory/", html, StringComparison.Ordinal);
        Assert.Equal("2026-moves", (string)json["id"]!);
        Assert.Equal("consent", (string)json["state"]!["stage"]!);
        Assert.Equal(
            ["2023-09-01|sch-gone（教师）|旗城学校（教师）|学校撤并", "2024-09-01|旗城学校（教师）|组织人事科（机关干部）|选调至教育局"],
            json["moves"]!.AsArray().Select(m => $"{m!["on"]}|{m["from"]}|{m["to"]}|{m["reason"]}"));
    }

    [Fact]
    public async Task Report_HasATableOfTheMoveOutAndBack_WithItsColumns_InChinese_ApartFromTheFigures()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/secondments/2026-table", Body(_start, 12))).StatusCode);
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-table");

        using var page = new HttpRequestMessage(HttpMethod.Get, $"/api/office/secondments/2026-table/report?code={TaskAppFactory.MasterKey}");
        page.Headers.Add("Accept", "text/html");
        var report = await _http.SendAsync(page);
        string html = await report.Content.ReadAsStringAsync();
        string placement = Section(html, "placement");

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("width=device-width", html, StringComparison.Ordinal);
        Assert.Contains("<h2>去向与返回</h2>", placement, StringComparison.Ordinal);
        Assert.Contains("<thead><tr><th>人员</th><th>派出单位</th><th>接收单位</th><th>到岗日期</th><th>计划返回</th><th>延期</th><th>返回情况</th></tr></thead>", placement, StringComparison.Ordinal);
        string end = _start.AddMonths(12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string start = _start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(
            $"<tr><td data-label=\"人员\">钱科员</td><td data-label=\"派出单位\">组织人事科</td><td data-label=\"接收单位\">旗城学校（",
            placement,
            StringComparison.Ordinal);
        Assert.Contains($"<td data-label=\"到岗日期\">{start}</td><td data-label=\"计划返回\">{end}</td><td data-label=\"延期\">未延期</td><td data-label=\"返回情况\">尚未到岗（征求意见中）</td></tr>", placement, StringComparison.Ordinal);

        // The tables stack into labelled cards on a phone, and a staff member reads no English on the page (the
        // assignment's id, 编号, is the one Latin word: the office quotes it).
        Assert.Contains("@media (max-width:640px)", html, StringComparison.Ordinal);
        Assert.Contains("table.stack td::before{content:attr(data-label)", html, StringComparison.Ordinal);
        Assert.Contains("编号 <code>2026-table</code>", html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html), ["2026-table"]));
    }

    // The markup of the page's section with this id.
    private static string Section(string html, string id)
    {
        int from = html.IndexOf($"<section class=\"card\" id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(from >= 0, $"no section {id}");
        return html[from..html.IndexOf("</section>", from, StringComparison.Ordinal)];
    }

    private static SecondmentAssignment Body(DateOnly start, int months) => SecondmentHarness.Assignment(start, months);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", key);
        return await _http.SendAsync(request);
    }
}
