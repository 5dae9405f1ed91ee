using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;

namespace EduFlows.Tests.Calendar;

/// <summary><c>/api/calendar/{year}</c> on the whole app: the seeded years, edits by the master key only, refusals that change nothing.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class CalendarApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string FunctionKey = "task-function-key";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Get_SeededYear_IsTheNotice_AYearWithoutData_Is404NamingTheYear()
    {
        var seeded = await _http.GetFromJsonAsync<JsonObject>($"/api/calendar/2017?code={FunctionKey}");
        var missing = await _http.GetAsync($"/api/calendar/2027?code={FunctionKey}");

        Assert.Equal(26, seeded!["holidays"]!.AsArray().Count);
        Assert.Equal("2017-01-22", (string)seeded["adjustedWorkingDays"]![0]!);
        await ProblemAssertions.AssertProblemAsync(missing, HttpStatusCode.NotFound, "year");
        Assert.StartsWith("日历中没有 2027 年", (string)(await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WithTheMasterKey_StoresTheYearSorted_WithAFunctionKeyOrNone_Is401AndNothingChanges()
    {
        var body = new { holidays = new[] { "2030-10-02", "2030-10-01" }, adjustedWorkingDays = new[] { "2030-09-29" }, notice = "测试" };

        var noKey = await Put(2030, body, null);
        var functionKey = await Put(2030, body, FunctionKey);
        var before = await _http.GetAsync($"/api/calendar/2030?code={FunctionKey}");
        var stored = await Put(2030, body, TaskAppFactory.MasterKey);
        var after = await _http.GetFromJsonAsync<JsonObject>($"/api/calendar/2030?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal((2030, "2030-10-01", "2030-10-02", "2030-09-29"), ((int)after!["year"]!, (string)after["holidays"]![0]!, (string)after["holidays"]![1]!, (string)after["adjustedWorkingDays"]![0]!));
    }

    [Theory]
    [InlineData("{\"holidays\": [\"2031-01-01\"], \"adjustedWorkingDays\": [\"2030-12-28\"]}", "adjustedWorkingDays")] // outside the year
    [InlineData("{\"holidays\": [\"2032-01-01\"]}", "holidays")]
    [InlineData("{\"adjustedWorkingDays\": [\"2031-01-03\"]}", "adjustedWorkingDays")] // a Friday
    [InlineData("{\"holidays\": [\"2031-01-04\"], \"adjustedWorkingDays\": [\"2031-01-04\"]}", "adjustedWorkingDays")] // both
    [InlineData("{\"holidays\": null}", "holidays")]
    [InlineData("{\"year\": 2030}", "year")]
    [InlineData("{\"holidays\": [\"not a day\"]}", "holidays[0]")]
    public async Task Put_Invalid_Is422NamingTheField_AndTheStoredYearStaysAsItWas(string json, string field)
    {
        var original = await Put(2031, new { holidays = new[] { "2031-01-01" } }, TaskAppFactory.MasterKey);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/calendar/2031") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);

        var refused = await _http.SendAsync(request);
        var after = await _http.GetFromJsonAsync<JsonObject>($"/api/calendar/2031?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        await ProblemAssertions.AssertProblemAsync(refused, field == "holidays[0]" ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal(["2031-01-01"], after!["holidays"]!.AsArray().Select(d => (string)d!));
        Assert.Empty(after["adjustedWorkingDays"]!.AsArray());
    }

    [Fact]
    public async Task Put_TooLargeOrUnreadable_IsRefusedInChinese_NamingTheField_AndNothingIsStored()
    {
        var tooLarge = await Put(2032, new { holidays = new[] { "2032-01-01" }, notice = new string('通', 40_000) }, TaskAppFactory.MasterKey);
        var notJson = await PutRaw(2032, ProblemAssertions.Raw("holidays=2032-01-01", "text/plain"));
        var badDay = await PutRaw(2032, ProblemAssertions.Raw("{\"holidays\": [\"2032-13-01\"]}", "application/json"));
        var noMember = await PutRaw(2032, ProblemAssertions.Raw("{\"days\": [\"2032-01-01\"]}", "application/json"));
        var stored = await _http.GetAsync($"/api/calendar/2032?code={FunctionKey}");

        await AssertInChineseAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "notice", "节假日安排过长");
        await AssertInChineseAsync(notJson, HttpStatusCode.UnsupportedMediaType, "body", "内容须为 JSON 格式");
        await AssertInChineseAsync(badDay, HttpStatusCode.BadRequest, "holidays[0]", "“holidays[0]”无法读取");
        await AssertInChineseAsync(noMember, HttpStatusCode.UnprocessableEntity, "body", "提交的内容中没有任何应填的项");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    // The office reads the refusal: the title is Chinese (not the status's English phrase) and the detail starts in Chinese.
    private static async Task AssertInChineseAsync(HttpResponseMessage response, HttpStatusCode status, string field, string detailStart)
    {
        await response.Content.LoadIntoBufferAsync();
        await ProblemAssertions.AssertProblemAsync(response, status, field);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(FieldProblem.TitleZh((int)status), (string)problem["title"]!);
        Assert.StartsWith(detailStart, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PutRaw(int year, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calendar/{year}") { Content = content };
        request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> Put(int year, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calendar/{year}") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(FunctionKeys.HeaderName, key);
        }

        return await _http.SendAsync(request);
    }
}
