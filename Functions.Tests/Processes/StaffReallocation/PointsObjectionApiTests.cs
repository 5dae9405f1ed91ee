using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// <c>/api/staff-reallocation/{id}/objections</c> through the whole app: 东关小学 (sch-a) with stf-pa, stf-a1 and stf-a2;
/// the reallocation is started with a one-hour objection window, open while the test runs.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class PointsObjectionApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Id = "staff-reallocation-2027";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await ReallocationCounty.SchoolA.SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Objection_InTheWindow_ByThePersonWithTheirPointsMailLinkOrTheMasterKey_RefusalsNameTheFieldInZhCn()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id, StaffReallocationOptions.Default with { ObjectionWindow = TimeSpan.FromHours(1) }));
        string mail = await PointsMailAsync("stf-a1@qz.example.cn");
        string link = mail.Split('\n').Single(l => l.StartsWith("提出积分异议：", StringComparison.Ordinal))["提出积分异议：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        Assert.Equal(PointsObjectionWindow.Stage, (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record.Stage);

        var appealLinkHere = await _http.PostAsJsonAsync(Route("/appeals") + link[link.IndexOf('?', StringComparison.Ordinal)..], new { reason = "积分有误" });
        var forged = await _http.PostAsJsonAsync(Route("/objections?token=forged"), new { reason = "积分有误" });
        var forSomeoneElse = await _http.PostAsJsonAsync(link, new { staffId = "stf-a2", reason = "积分有误" });
        var noReason = await _http.PostAsJsonAsync(link, new { reason = " " });
        var notTakingPart = await SendAsync(Route("/objections"), new { staffId = "stf-1", reason = "积分有误" });
        var withLink = await _http.PostAsJsonAsync(link, new { reason = "支教年限漏计两年" });
        var byAdministrator = await SendAsync(Route("/objections"), new { staffId = "stf-a2", reason = "家庭情况未计入" });
        using var page = new HttpRequestMessage(HttpMethod.Get, link);
        page.Headers.Accept.ParseAdd("text/html");
        var form = await _http.SendAsync(page);

        Assert.Contains("工龄", mail, StringComparison.Ordinal);
        Assert.Contains("积分办法版本", mail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, appealLinkHere.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "token"), (forged.StatusCode, await FieldAsync(forged)));
        Assert.Equal((HttpStatusCode.Forbidden, "staffId", "只能对本人的积分提出异议。"), (forSomeoneElse.StatusCode, await FieldAsync(forSomeoneElse), await DetailAsync(forSomeoneElse)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason", "请填写异议理由，不超过1000字。"), (noReason.StatusCode, await FieldAsync(noReason), await DetailAsync(noReason)));
        Assert.Equal((HttpStatusCode.NotFound, "staffId"), (notTakingPart.StatusCode, await FieldAsync(notTakingPart)));
        Assert.Equal(["无权办理", "请求内容有误", "未找到"], [(string)(await ProblemAsync(forSomeoneElse))["title"]!, (string)(await ProblemAsync(noReason))["title"]!, (string)(await ProblemAsync(notTakingPart))["title"]!]);
        Assert.Equal(HttpStatusCode.Accepted, withLink.StatusCode);
        Assert.Equal(("stf-a1", "stf-a1"), Lodged(await withLink.Content.ReadFromJsonAsync<JsonObject>()));
        Assert.Equal(HttpStatusCode.Accepted, byAdministrator.StatusCode);
        Assert.Equal(("stf-a2", PointsObjectionApi.ByMasterKey), Lodged(await byAdministrator.Content.ReadFromJsonAsync<JsonObject>()));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("对本人积分明细有异议的", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objection_PostedByAnotherSitesForm_WithTheSessionOrTheLink_Is403NamingOrigin_AndRaisesNothing()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id, StaffReallocationOptions.Default with { ObjectionWindow = TimeSpan.FromHours(1) }));
        string mail = await PointsMailAsync("stf-a2@qz.example.cn");
        string link = mail.Split('\n').Single(l => l.StartsWith("提出积分异议：", StringComparison.Ordinal))["提出积分异议：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        using var a1 = await StaffSessions.SignInAsync(_app, "stf-a1@qz.example.cn");
        async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, HttpContent content, (string Name, string Value)? site, bool browser = false)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            if (site is var (name, v))
            {
                post.Headers.Add(name, v);
            }

            if (browser)
            {
                post.Headers.Accept.ParseAdd("text/html");
            }

            return await http.SendAsync(post);
        }

        // Another site's forms, riding on stf-a1's session cookie (JSON and a browser's form) or carrying stf-a2's link.
        using var json = JsonContent.Create(new { reason = "代填的异议" });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "代填的异议" });
        using var linked = JsonContent.Create(new { reason = "代填的异议" });
        var bySession = await PostAsync(a1, Route("/objections"), json, ("Sec-Fetch-Site", "cross-site"));
        var bySessionForm = await PostAsync(a1, Route("/objections"), form, ("Origin", "https://evil.example"), browser: true);
        var byLink = await PostAsync(_http, link, linked, ("Sec-Fetch-Site", "same-site"));
        // From the app's own page (the browser says so, or sends no such header at all), it is taken.
        using var own = JsonContent.Create(new { reason = "支教年限漏计两年" });
        var ownPage = await PostAsync(a1, Route("/objections"), own, ("Sec-Fetch-Site", "same-origin"));
        var raised = await ObjectionEventsAsync(client, 1);

        foreach (var refused in new[] { bySession, byLink })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "Origin", "请在本系统的页面上提交，其他网站的表单不能代您提交。"), (refused.StatusCode, await FieldAsync(refused), await DetailAsync(refused)));
        }

        Assert.Equal((HttpStatusCode.Forbidden, "text/html"), (bySessionForm.StatusCode, bySessionForm.Content.Headers.ContentType?.MediaType));
        Assert.Contains("其他网站的表单不能代您提交", await bySessionForm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, ownPage.StatusCode);
        Assert.Equal(("stf-a1", "stf-a1"), Lodged(await ownPage.Content.ReadFromJsonAsync<JsonObject>()));
        Assert.Equal(["stf-a1 支教年限漏计两年"], raised);
    }

    // The objections the reallocation was sent, once at least `count` have come in (a refused post would be among them, sent earlier).
    private static async Task<List<string>> ObjectionEventsAsync(DurableTaskClient client, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var events = (await client.GetOrchestrationHistoryAsync(Id, cts.Token)).OfType<EventRaisedEvent>().Where(e => e.Name == PointsObjectionWindow.ObjectionEvent)
                .Select(e => JsonSerializer.Deserialize<PointsObjection>(e.Input, JsonSerializerOptions.Web)!).Select(o => $"{o.StaffId} {o.Reason}").ToList();
            if (events.Count >= count)
            {
                return events;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static (string, string) Lodged(JsonObject? answer) => ((string)answer!["staffId"]!, (string)answer["lodgedBy"]!);

    private static string Route(string rest = "") => $"/api/staff-reallocation/{Id}{rest}";

    private async Task<HttpResponseMessage> SendAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }

    private async Task<string> PointsMailAsync(string email)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!_app.Mailbox.All.Any(m => m.To.Contains(email) && m.Subject == PointsMails.Subject(Id)))
        {
            await Task.Delay(50, cts.Token);
        }

        return _app.Mailbox.All.First(m => m.To.Contains(email) && m.Subject == PointsMails.Subject(Id)).Text!;
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await ProblemAsync(response))["field"];

    private static async Task<string?> DetailAsync(HttpResponseMessage response) => (string?)(await ProblemAsync(response))["detail"];

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
