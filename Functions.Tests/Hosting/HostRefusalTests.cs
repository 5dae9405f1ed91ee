using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// What a black-box probe of the local host found (issue 16): each refusal is a 4xx problem+json naming the field,
/// keys are checked before bodies, and a malformed request changes nothing.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class HostRefusalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Api = "/runtime/webhooks/durabletask";
    private TaskAppFactory _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _anonymous = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);
        _anonymous = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task PurgeWithoutAFilter_IsRefused_AndPurgesNothing()
    {
        string id = "purge-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{Api}/orchestrators/HelloCities/{id}", null)).StatusCode);
        await PollAsync(id, s => (string?)s["runtimeStatus"] == "Completed");

        await AssertProblemAsync(await _admin.DeleteAsync($"{Api}/instances/"), HttpStatusCode.BadRequest, "createdTimeFrom");
        await AssertProblemAsync(await _admin.DeleteAsync($"{Api}/instances"), HttpStatusCode.BadRequest, "createdTimeFrom");

        // A status or an end time alone still spans every finished instance: as in Durable Functions, createdTimeFrom is needed.
        await AssertProblemAsync(await _admin.DeleteAsync($"{Api}/instances?runtimeStatus=Completed"), HttpStatusCode.BadRequest, "createdTimeFrom");
        await AssertProblemAsync(await _admin.DeleteAsync($"{Api}/instances?createdTimeTo=2999-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "createdTimeFrom");

        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"{Api}/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_BlankNameNonJsonBodyOrWrongType_IsRefused_BadPayloadNeverKillsTheApprovalSample()
    {
        string id = await StartApprovalAsync("reserve-pool");
        await PollAsync(id, s => s["customStatus"] is JsonObject);

        await AssertProblemAsync(await _admin.PostAsync($"{Api}/instances/{id}/raiseEvent/%20", Json("\"approved\"")), HttpStatusCode.BadRequest, "eventName");
        await AssertProblemAsync(await _admin.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", new StringContent("approved", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest, "Content-Type");

        // A payload of the wrong type is refused at the API (the sample declares a string), so it never reaches the instance.
        var wrongType = await _admin.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", Json("true"));
        await AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "body");
        Assert.StartsWith("事件“Approval”的内容应为非空的 JSON 字符串（审批决定）。", (string)(await wrongType.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
        var waiting = await PollAsync(id, s => s["customStatus"] is JsonObject);
        Assert.Equal("Running", (string)waiting["runtimeStatus"]!);
        Assert.Null(waiting["customStatus"]!["ignored"]);

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", Json("\"approved\""))).StatusCode);
        var done = await PollAsync(id, s => (string?)s["runtimeStatus"] == "Completed");
        Assert.Equal("reserve-pool: approved", (string)done["output"]!);
    }

    [Fact]
    public async Task ABadPayloadRaisedPastTheApi_IsNotedAndIgnored_TheApprovalSampleStillDecides()
    {
        // The API refuses a wrong payload first; this raises one straight through the durable client, as another
        // process or a future API could, to show the sample itself never dies of it.
        string id = await StartApprovalAsync("reserve-pool");
        await PollAsync(id, s => s["customStatus"] is JsonObject);
        var client = _app.Services.GetRequiredService<DurableTaskClient>();

        await client.RaiseEventAsync(id, "Approval", true);
        var ignored = await PollAsync(id, s => s["customStatus"]?["ignored"] is not null);
        Assert.Equal("Running", (string)ignored["runtimeStatus"]!);
        Assert.Equal(1, (int)ignored["customStatus"]!["ignored"]!);
        Assert.Equal("true", (string)ignored["customStatus"]!["lastIgnored"]!);

        await client.RaiseEventAsync(id, "Approval", "approved");
        var done = await PollAsync(id, s => (string?)s["runtimeStatus"] == "Completed");
        Assert.Equal("reserve-pool: approved", (string)done["output"]!);
    }

    [Fact]
    public async Task AnInputThatIsNotText_Is400NamingTheBody_AndNoInstanceStarts()
    {
        string id = "not-text-" + Guid.NewGuid().ToString("N");
        var loneSurrogate = await _admin.PostAsync($"/runtime/webhooks/durabletask/orchestrators/Approval/{id}", Json("\"\\ud800\""));
        var notUtf8 = new ByteArrayContent([(byte)'"', 0xFF, 0xFE, (byte)'"']);
        notUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var invalidBytes = await _admin.PostAsync($"/runtime/webhooks/durabletask/orchestrators/Approval/{id}", notUtf8);

        await AssertProblemAsync(loneSurrogate, HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(invalidBytes, HttpStatusCode.BadRequest, "body");
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/runtime/webhooks/durabletask/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task WithoutAKey_AMalformedBodyGets401_NotADiagnosisOfTheBody()
    {
        await AssertProblemAsync(await _anonymous.PutAsync("/api/shadow-training/batches/2026-05", Json("{")), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _anonymous.PostAsync($"{Api}/orchestrators/HelloCities", Json("{")), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _anonymous.PostAsync($"{Api}/instances/any/raiseEvent/Approval", Json("{")), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _anonymous.PostAsync("/api/dev/clock", Json("{")), HttpStatusCode.Unauthorized, "x-functions-key");

        // With the key, the same body is what is wrong.
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsync("/api/shadow-training/batches/2026-05", Json("{"))).StatusCode);
        await AssertProblemAsync(await _admin.PostAsync("/api/dev/clock", Json("{")), HttpStatusCode.BadRequest, "body");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task AnUnmappedRoute_Gets404ProblemJson(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        await AssertProblemAsync(await _anonymous.SendAsync(request), HttpStatusCode.NotFound, "path");
    }

    [Fact]
    public async Task AnUploadOverTheHostsLimit_FromABrowser_IsAChinesePage_AndFromAScriptProblemJson()
    {
        // A phone choosing a 5 MB presentation on a task form: the host refuses before the function runs.
        using var fromBrowser = new HttpRequestMessage(HttpMethod.Post, "/api/department-assessment/presentations/t-1?token=x") { Content = FiveMegabyteUpload() };
        fromBrowser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var fromScript = new HttpRequestMessage(HttpMethod.Post, "/api/department-assessment/presentations/t-1?token=x") { Content = FiveMegabyteUpload() };

        var page = await _anonymous.SendAsync(fromBrowser);
        var problem = await _anonymous.SendAsync(fromScript);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>文件过大</h1>", html, StringComparison.Ordinal);
        Assert.Contains("4 MB", html, StringComparison.Ordinal);
        await AssertProblemAsync(problem, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    private static MultipartFormDataContent FiveMegabyteUpload() =>
        new() { { new ByteArrayContent(new byte[5 * 1024 * 1024]), "file", "slides.pptx" } };

    [Theory]
    [InlineData("GET", "/api/no-such-thing", HttpStatusCode.NotFound, "页面不存在")]
    [InlineData("DELETE", "/api/me/sign-in", HttpStatusCode.MethodNotAllowed, "不支持的操作")]
    public async Task AnUnmappedRouteOpenedInABrowser_GetsAChinesePage(string method, string path, HttpStatusCode expected, string heading)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await _anonymous.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains($"<h1>{heading}</h1>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevMailbox_NeedsTheMasterKey_AndItsSendGridEndpointTakesStrangersOnlyWithTheAppsKey()
    {
        using var send = new HttpRequestMessage(HttpMethod.Post, "/dev/sendgrid/v3/mail/send") { Content = Json(Mail) };
        send.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var sent = await _anonymous.SendAsync(send);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        string id = sent.Headers.GetValues("X-Message-Id").Single();

        await AssertProblemAsync(await _anonymous.GetAsync("/dev/mail"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _anonymous.GetAsync($"/dev/mail/{id}"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _anonymous.GetAsync("/dev/mail?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
        var page = await _anonymous.GetStringAsync($"/dev/mail?code={TaskAppFactory.MasterKey}");
        Assert.Contains($"/dev/mail/{id}?code={TaskAppFactory.MasterKey}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/dev/mail/{id}")).StatusCode);

        int before = _app.Mailbox.All.Count;
        Assert.Equal(StatusCodes.Status401Unauthorized, (await SendFromElsewhereAsync("k")).Response.StatusCode);
        Assert.Equal(before, _app.Mailbox.All.Count);
        // Without SENDGRID_API_KEY the app sends with a key made at start: one read in the source opens nothing.
        Assert.Equal(StatusCodes.Status401Unauthorized, (await SendFromElsewhereAsync("dev-sendgrid-key")).Response.StatusCode);
        Assert.Equal(before, _app.Mailbox.All.Count);
        string appKey = _app.Services.GetRequiredService<MailSettings>().ApiKey;
        Assert.NotEqual("dev-sendgrid-key", appKey);
        Assert.Equal(StatusCodes.Status202Accepted, (await SendFromElsewhereAsync(appKey)).Response.StatusCode);
        Assert.Equal(before + 1, _app.Mailbox.All.Count);
    }

    private const string Mail = """{"personalizations":[{"to":[{"email":"a@b.cn"}]}],"from":{"email":"n@b.cn"},"subject":"s","content":[{"type":"text/plain","value":"v"}]}""";

    private Task<HttpContext> SendFromElsewhereAsync(string bearer) => _app.Server.SendAsync(c =>
    {
        c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        c.Request.Method = "POST";
        c.Request.Path = "/dev/sendgrid/v3/mail/send";
        c.Request.ContentType = "application/json";
        c.Request.Headers.Authorization = "Bearer " + bearer;
        byte[] body = Encoding.UTF8.GetBytes(Mail);
        c.Request.ContentLength = body.Length;
        c.Request.Body = new MemoryStream(body);
    });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> StartApprovalAsync(string subject)
    {
        var response = await _admin.PostAsync($"{Api}/orchestrators/Approval", Json($"\"{subject}\""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private async Task<JsonObject> PollAsync(string id, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await _admin.GetAsync($"{Api}/instances/{id}");
            if (response.Content.Headers.ContentType?.MediaType == "application/json"
                && await response.Content.ReadFromJsonAsync<JsonObject>() is { } status && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not get there in time; last {response.StatusCode}");
            await Task.Delay(50);
        }
    }
}
