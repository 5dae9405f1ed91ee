using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// Bodies a black-box probe sent (issue 16) that used to end in 500s: each is refused with problem+json naming the
/// field at fault, and nothing is stored.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class HostileInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task JsonWithAnUnknownCharset_Is415NamingTheBody()
    {
        var (link, _) = await StartTaskAsync();

        var scheme = await SendAsync(HttpMethod.Put, "/api/researcher-reviews/schemes/junior", Raw("""{"section":"junior"}""", "application/json; charset=nonsense"), office: true);
        var batch = await SendAsync(HttpMethod.Put, "/api/shadow-training/batches/2031-05", Raw("{}", "application/json; charset=nonsense"), office: true);
        var answer = await SendAsync(HttpMethod.Post, link, Raw("""{"acknowledged":true}""", "application/json; charset=nonsense"));
        var utf8 = await SendAsync(HttpMethod.Put, "/api/researcher-reviews/schemes/junior", Raw("{}", "application/json; charset=UTF-8"), office: true);

        await AssertProblemAsync(scheme, HttpStatusCode.UnsupportedMediaType, "body");
        await AssertProblemAsync(batch, HttpStatusCode.UnsupportedMediaType, "body");
        await AssertProblemAsync(answer, HttpStatusCode.UnsupportedMediaType, "body");
        Assert.NotEqual(HttpStatusCode.UnsupportedMediaType, utf8.StatusCode);
        Assert.Equal("open", await TaskStatusAsync(link));
    }

    [Fact]
    public async Task MultipartWithoutABoundary_Is400NamingTheBody()
    {
        var (link, _) = await StartTaskAsync();
        const string Body = "email=wang.fang%40qz.example.cn";

        var signIn = await SendAsync(HttpMethod.Post, "/api/me/sign-in", Raw(Body, "multipart/form-data"));
        var sessionLink = await SendAsync(HttpMethod.Post, "/api/department-assessment/2031/session/link", Raw(Body, "multipart/form-data"));
        var answer = await SendAsync(HttpMethod.Post, link, Raw("acknowledged=true", "multipart/form-data"));

        await AssertProblemAsync(signIn, HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(sessionLink, HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, "body");
        Assert.Equal("open", await TaskStatusAsync(link));
        Assert.DoesNotContain(_app.Mailbox.All, m => m.Subject == "EduFlows 登录链接");
    }

    [Fact]
    public async Task AnAnswerThatIsNotValidText_Is400NamingTheField()
    {
        var (link, _) = await StartTaskAsync();
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes("""{"acknowledged":true,"comment":"a"""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")];
        var rawBytes = new ByteArrayContent(invalidUtf8);
        rawBytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var rawForm = new ByteArrayContent([.. Encoding.ASCII.GetBytes("acknowledged=true&comment=a"), 0xFF, 0xFE]);
        rawForm.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var loneSurrogate = await SendAsync(HttpMethod.Post, link, Raw("""{"acknowledged":true,"comment":"x\ud800y"}""", "application/json"));
        var badBytes = await SendAsync(HttpMethod.Post, link, rawBytes);
        var badForm = await SendAsync(HttpMethod.Post, link, rawForm);

        await AssertProblemAsync(loneSurrogate, HttpStatusCode.BadRequest, "comment");
        await AssertProblemAsync(badBytes, HttpStatusCode.BadRequest, "comment");
        await AssertProblemAsync(badForm, HttpStatusCode.BadRequest, "comment");
        Assert.Equal("open", await TaskStatusAsync(link));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("long")]
    public async Task IdsThatCannotBeTableKeys_Are422NamingTheField(string id)
    {
        if (id == "long")
        {
            id = new string('x', 100 * 1024);
        }

        var record = await SendAsync(HttpMethod.Post, "/api/researcher-reviews/records", Json(new { researcherId = id, kind = RecordKinds.All[0], date = "2026-01-05", description = "x" }), office: true);
        var review = await SendAsync(HttpMethod.Post, "/api/researcher-reviews", Json(new { section = "junior", year = 2025, half = 2, officeId = id }), office: true);
        var owner = await SendAsync(HttpMethod.Put, "/api/shadow-training/batches/2031-05", Json(new { weekStart = "2031-05-05", candidates = new[] { "stf-1" }, ownerId = id }), office: true);
        var candidate = await SendAsync(HttpMethod.Put, "/api/shadow-training/batches/2031-05", Json(new { weekStart = "2031-05-05", candidates = new[] { "stf-1", id }, ownerId = "stf-3" }), office: true);

        await AssertProblemAsync(record, HttpStatusCode.UnprocessableEntity, "researcherId");
        await AssertProblemAsync(review, HttpStatusCode.UnprocessableEntity, "officeId");
        await AssertProblemAsync(owner, HttpStatusCode.UnprocessableEntity, "ownerId");
        await AssertProblemAsync(candidate, HttpStatusCode.UnprocessableEntity, "candidates[1]");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/shadow-training/batches/2031-05", null, office: true)).StatusCode);
    }

    [Fact]
    public async Task ASchemeTooLargeForItsRow_Is413NamingTheField_AndNothingIsStored()
    {
        var defaults = (await (await SendAsync(HttpMethod.Get, "/api/researcher-reviews/schemes/junior", null, office: true)).Content.ReadFromJsonAsync<JsonObject>())!;
        defaults["indicators"]![0]!["name"] = new string('长', 100_000);
        string[] holidays = [.. Enumerable.Range(0, 3000).Select(i => new DateOnly(2031, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

        var researcher = await SendAsync(HttpMethod.Put, "/api/researcher-reviews/schemes/junior", Json(defaults), office: true);
        var department = await SendAsync(HttpMethod.Put, "/api/department-assessment/schemes/2031", Json(new { holidays }), office: true);

        await AssertProblemAsync(researcher, HttpStatusCode.RequestEntityTooLarge, "indicators[0].name");
        await AssertProblemAsync(department, HttpStatusCode.RequestEntityTooLarge, "holidays");
        await AssertSchemesUnchangedAsync();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"colour":"blue","sectoin":"junior"}""")]
    public async Task ASchemeNamingNoneOfItsMembers_Is422NamingTheBody_AndNothingIsStored(string body)
    {
        var researcher = await SendAsync(HttpMethod.Put, "/api/researcher-reviews/schemes/junior", Raw(body, "application/json"), office: true);
        var department = await SendAsync(HttpMethod.Put, "/api/department-assessment/schemes/2031", Raw(body, "application/json"), office: true);

        await AssertProblemAsync(researcher, HttpStatusCode.UnprocessableEntity, "body");
        await AssertProblemAsync(department, HttpStatusCode.UnprocessableEntity, "body");
        await AssertSchemesUnchangedAsync();
    }

    private async Task AssertSchemesUnchangedAsync()
    {
        var researcher = (await (await SendAsync(HttpMethod.Get, "/api/researcher-reviews/schemes/junior", null, office: true)).Content.ReadFromJsonAsync<JsonObject>())!;
        var department = (await (await SendAsync(HttpMethod.Get, "/api/department-assessment/schemes/2031", null, office: true)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)researcher["version"]!);
        Assert.Equal(0, (int)department["version"]!);
    }

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content, bool office = false)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        if (office)
        {
            request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);
            request.Headers.Add(ResearcherReviewApi.ActingStaffHeader, "stf-3");
        }

        return await _http.SendAsync(request);
    }

    private async Task<(string Link, string InstanceId)> StartTaskAsync()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        int before = _app.Mailbox.All.Count;
        string id = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "通知", 72));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_app.Mailbox.All.Count == before)
        {
            await Task.Delay(50, cts.Token);
        }

        var mail = _app.Mailbox.All[^1];
        string link = mail.Text!.Split('\n').Single(l => l.StartsWith("打开任务：", StringComparison.Ordinal))["打开任务：".Length..];
        return (link.Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal), id);
    }

    private async Task<string> TaskStatusAsync(string link)
    {
        string taskId = link.Split('/', '?')[^2];
        var stored = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(taskId, CancellationToken.None))!.Record;
        Assert.Null(stored.Values);
        return stored.Status.ToString().ToLowerInvariant();
    }
}
