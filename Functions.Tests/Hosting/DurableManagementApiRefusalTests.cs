using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// Every refusal of the Durable HTTP management API is problem+json naming the field, its status as before, with a
/// Chinese title and the Chinese detail first (the English after), as the app's other refusals.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DurableManagementApiRefusalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string MasterKey = "test-master-key";
    private const string Api = "/runtime/webhooks/durabletask";

    // Names the Chinese must use as they are: the API's fields and values, and what the caller sent.
    private static readonly string[] Names =
    [
        "instanceId", "functionName", "eventName", "top", "runtimeStatus", "createdTimeFrom", "createdTimeTo", "x-functions-key", "code",
        .. Enum.GetNames<Microsoft.DurableTask.Client.OrchestrationRuntimeStatus>(), "NoSuchOrchestrator", "Sleeping", "yesterday", "application/json",
    ];

    private WebApplicationFactory<Program>? _factory;
    private HttpClient _http = null!;
    private HttpClient _anonymous = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("FUNCTION_KEYS", "test-function-key")
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        _http = _factory.CreateClient();
        _http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        _anonymous = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _anonymous.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnUnusableInstanceId_Is400NamingInstanceId_InChineseFirst()
    {
        string tooLong = new('i', 200);

        var longId = await _http.PostAsync($"{Api}/orchestrators/HelloCities/{tooLong}", null);
        var controlCharacter = await _http.PostAsync($"{Api}/orchestrators/HelloCities/bad%01id", null);
        var blank = await _http.PostAsync($"{Api}/orchestrators/HelloCities/%20", null);

        await AssertChineseFirstAsync(longId, HttpStatusCode.BadRequest, "instanceId", "“instanceId”（实例编号）无效，未启动：编号过长：最多 128 个字符（现为 200 个）。", "instanceId must be an id of at most 128 characters.");
        await AssertChineseFirstAsync(controlCharacter, HttpStatusCode.BadRequest, "instanceId", "“instanceId”（实例编号）无效，未启动：编号中不能有 / \\ # ? 或控制字符。", "instanceId must be an id without");
        await AssertChineseFirstAsync(blank, HttpStatusCode.BadRequest, "instanceId", "“instanceId”（实例编号）无效，未启动：编号不能为空白。", "instanceId is blank.");
    }

    [Fact]
    public async Task NoSuchInstanceOrOrchestrator_Is404_InChineseFirst()
    {
        string id = Guid.NewGuid().ToString("N");

        var status = await _http.GetAsync($"{Api}/instances/{id}");
        var terminate = await _http.PostAsync($"{Api}/instances/{id}/terminate", null);
        var purge = await _http.DeleteAsync($"{Api}/instances/{id}");
        var orchestrator = await _http.PostAsync($"{Api}/orchestrators/NoSuchOrchestrator", null);

        await AssertChineseFirstAsync(status, HttpStatusCode.NotFound, "instanceId", $"“instanceId”（实例编号）：没有编号为“{id}”的实例。", $"No instance with id '{id}' exists.");
        await AssertChineseFirstAsync(terminate, HttpStatusCode.NotFound, "instanceId", $"“instanceId”（实例编号）：没有编号为“{id}”的实例。", null);
        await AssertChineseFirstAsync(purge, HttpStatusCode.NotFound, "instanceId", $"“instanceId”（实例编号）：没有编号为“{id}”的实例。", $"No instance with id '{id}' exists.");
        await AssertChineseFirstAsync(orchestrator, HttpStatusCode.NotFound, "functionName", "“functionName”（编排程序名）：没有名为“NoSuchOrchestrator”的编排程序。", "No orchestrator named 'NoSuchOrchestrator' is registered.");
    }

    [Fact]
    public async Task BadQueriesBodiesAndKeys_AreRefusedInChineseFirst_WithTheirStatus()
    {
        var top = await _http.GetAsync($"{Api}/instances?top=0");
        var status = await _http.GetAsync($"{Api}/instances?runtimeStatus=Sleeping");
        var time = await _http.GetAsync($"{Api}/instances?createdTimeFrom=yesterday");
        var purgeAll = await _http.DeleteAsync($"{Api}/instances");
        var notJson = await _http.PostAsync($"{Api}/orchestrators/HelloCities", new StringContent("{not json", Encoding.UTF8, "application/json"));
        var eventAsText = await _http.PostAsync($"{Api}/instances/any-id/raiseEvent/Approval", new StringContent("yes", Encoding.UTF8, "text/plain"));
        var blankEvent = await _http.PostAsync($"{Api}/instances/any-id/raiseEvent/%20", null);
        var noKey = await _anonymous.GetAsync($"{Api}/instances");

        await AssertChineseFirstAsync(top, HttpStatusCode.BadRequest, "top", "“top”（每页条数）须为 1 至 1000 的整数。", "top must be a whole number from 1 to 1000.");
        await AssertChineseFirstAsync(status, HttpStatusCode.BadRequest, "runtimeStatus", "“runtimeStatus”（运行状态）中的“Sleeping”无效：只能是 Running、", "'Sleeping' is not a runtime status");
        await AssertChineseFirstAsync(time, HttpStatusCode.BadRequest, "createdTimeFrom", "“createdTimeFrom”须为日期时间（如 2026-12-01T00:00:00Z），“yesterday”无法识别。", "'yesterday' is not a date and time (ISO 8601).");
        await AssertChineseFirstAsync(purgeAll, HttpStatusCode.BadRequest, "createdTimeFrom", "批量清除须给出筛选条件：“createdTimeFrom”", "A purge of many instances needs a filter");
        await AssertChineseFirstAsync(notJson, HttpStatusCode.BadRequest, "body", "提交的内容不是有效的 JSON，未作任何处理。", "The body is not valid JSON");
        await AssertChineseFirstAsync(eventAsText, HttpStatusCode.BadRequest, "Content-Type", "事件内容须为 JSON，并以 application/json 发送。", "The event payload must be JSON sent as application/json.");
        await AssertChineseFirstAsync(blankEvent, HttpStatusCode.BadRequest, "eventName", "“eventName”（事件名称）为空白：请填写编排程序等待的事件名称。", "The event name is blank");
        await AssertChineseFirstAsync(noKey, HttpStatusCode.Unauthorized, "x-functions-key", "须提供主密钥：放在请求头“x-functions-key”或地址参数“code”中。", "This endpoint needs a master key");
    }

    // Problem+json naming the field, a Chinese title, the detail's Chinese first and in no Latin words but the API's names,
    // then the English (when given, from its start).
    private static async Task AssertChineseFirstAsync(HttpResponseMessage response, HttpStatusCode status, string field, string zh, string? en)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 400)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(field, (string)problem["field"]!);
        Assert.Equal(FieldProblem.TitleZh((int)status), (string)problem["title"]!);
        string detail = (string)problem["detail"]!;
        Assert.StartsWith(zh, detail, StringComparison.Ordinal);
        int chineseEnd = detail.LastIndexOfAny(['。', '：', '）', '”']) + 1;
        Assert.Empty(ChineseText.LatinWords(detail[..chineseEnd], Names));
        if (en is not null)
        {
            Assert.StartsWith(en, detail[chineseEnd..].TrimStart(), StringComparison.Ordinal);
        }
    }
}
