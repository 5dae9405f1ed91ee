using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// Requests the reliability suite's fuzz probe (issue 16) found answered with a 500, a 2xx or an HTML page for a JSON
/// caller: each is now refused with problem+json naming the field, and nothing starts or moves.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class FuzzFindingsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Management = "/runtime/webhooks/durabletask";
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

    [Theory]
    [InlineData("a%23b%3Fc%5Cd")]
    [InlineData("a%01b")]
    [InlineData("%20")]
    public async Task StartWithAnInstanceIdNoStoreCanKey_Is400NamingTheInstanceId(string instanceId)
    {
        var start = await SendAsync(HttpMethod.Post, $"{Management}/orchestrators/HelloCities/{instanceId}", Raw("{}", "application/json"));

        await AssertProblemAsync(start, HttpStatusCode.BadRequest, "instanceId");
    }

    [Fact]
    public async Task JsonInAnUnknownCharset_Is415_ForStartsEventsTheDevClockAndDirectoryRecords()
    {
        var approval = await SendAsync(HttpMethod.Post, $"{Management}/orchestrators/Approval/fuzz-approval", Raw("\"x\"", "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        var clockBefore = await ClockAsync();

        var start = await SendAsync(HttpMethod.Post, $"{Management}/orchestrators/HelloCities/fuzz-start", Raw("{}", "application/json; charset=nonsense"));
        var raise = await SendAsync(HttpMethod.Post, $"{Management}/instances/fuzz-approval/raiseEvent/Approval", Raw("{}", "application/json; charset=nonsense"));
        var clock = await SendAsync(HttpMethod.Post, "/api/dev/clock", Raw("""{"advanceBy":"1.00:00:00"}""", "application/json; charset=nonsense"));
        var clockEmptyCharset = await SendAsync(HttpMethod.Post, "/api/dev/clock", Raw("""{"advanceBy":"1.00:00:00"}""", "application/json; charset="));
        var trainingBase = await SendAsync(HttpMethod.Put, "/api/directory/training-bases/tb-1", Raw("{}", "application/json; charset=nonsense"));

        await AssertProblemAsync(start, HttpStatusCode.UnsupportedMediaType, "body");
        await AssertProblemAsync(raise, HttpStatusCode.UnsupportedMediaType, "body");
        await AssertProblemAsync(clock, HttpStatusCode.UnsupportedMediaType, "body");
        Assert.True((int)clockEmptyCharset.StatusCode is >= 400 and < 500, $"{(int)clockEmptyCharset.StatusCode}");
        Assert.Equal("application/problem+json", clockEmptyCharset.Content.Headers.ContentType?.MediaType);
        await AssertProblemAsync(trainingBase, HttpStatusCode.UnsupportedMediaType, "body");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{Management}/instances/fuzz-start", null)).StatusCode);
        Assert.True(await ClockAsync() - clockBefore < TimeSpan.FromHours(1), "the dev clock moved a day");
    }

    [Fact]
    public async Task ABodyThatIsNotJson_OnTheDevClock_Is415SayingWhatToSend()
    {
        var form = await SendAsync(HttpMethod.Post, "/api/dev/clock", Raw("advanceBy=1.00:00:00", "application/x-www-form-urlencoded; charset=nonsense"));

        await AssertProblemAsync(form, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(await form.Content.ReadAsStringAsync())!["detail"]));
    }

    [Theory]
    [InlineData("schoolId", "long")]
    [InlineData("departmentId", "a/b")]
    [InlineData("schoolId", "a#b")]
    public async Task StaffReferencingAnIdNoTableCanKey_Is422NamingTheField(string field, string value)
    {
        var staff = new JsonObject { ["id"] = "stf-9", ["name"] = "钱老师", ["gender"] = "female", ["post"] = "teacher", [field] = value == "long" ? new string('x', 100 * 1024) : value };

        var put = await SendAsync(HttpMethod.Put, "/api/directory/staff/stf-9", JsonContent.Create(staff));

        await AssertProblemAsync(put, HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/directory/staff/stf-9", null)).StatusCode);
    }

    [Fact]
    public async Task AQueryValueThatDoesNotBind_AskedForAsHtml_IsStillProblemJsonNamingIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Management}/instances/any?showHistory=%E5%BC%A0");
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]));
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid\r\n--x--\r\n")]
    [InlineData("multipart/form-data; boundary=", "--\r\n\r\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid,name")]
    public async Task ARosterUploadThatIsNoReadableForm_Is400NamingTheBody(string contentType, string body)
    {
        var import = await SendAsync(HttpMethod.Post, "/api/directory/staff/import", Raw(body, contentType));

        await AssertProblemAsync(import, HttpStatusCode.BadRequest, "body");
    }

    [Theory]
    [InlineData("officeDepartmentId", "a/b")]
    [InlineData("organisationDepartmentId", "a#b?c")]
    public async Task ASchemeNamingADepartmentIdNoTableCanKey_Is422NamingTheField_AndNoVersionIsStored(string field, string value)
    {
        var scheme = (await (await SendAsync(HttpMethod.Get, "/api/department-assessment/schemes/2031", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        scheme[field] = value == "long" ? new string('d', 100 * 1024) : value;

        var put = await SendAsync(HttpMethod.Put, "/api/department-assessment/schemes/2031", JsonContent.Create(scheme));

        await AssertProblemAsync(put, HttpStatusCode.UnprocessableEntity, field);
        var after = (await (await SendAsync(HttpMethod.Get, "/api/department-assessment/schemes/2031", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(0, (int)after["version"]!);
    }

    [Fact]
    public async Task ASpentSignInLink_AskedForAsJson_Is410ProblemJson_AndAPageForABrowser()
    {
        var json = await SendAsync(HttpMethod.Get, "/api/me/sign-in/not-a-secret", null);
        var redeem = await SendAsync(HttpMethod.Post, "/api/me/sign-in/not-a-secret", null);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/me/sign-in/not-a-secret");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await _http.SendAsync(page);

        await AssertProblemAsync(json, HttpStatusCode.Gone, "secret");
        await AssertProblemAsync(redeem, HttpStatusCode.Gone, "secret");
        Assert.Equal(HttpStatusCode.Gone, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
    }

    private async Task<DateTimeOffset> ClockAsync() =>
        (await (await SendAsync(HttpMethod.Get, "/api/dev/clock", null)).Content.ReadFromJsonAsync<JsonObject>())!["utcNow"]!.GetValue<DateTimeOffset>();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
