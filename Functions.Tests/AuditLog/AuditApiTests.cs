using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.AuditLog;

/// <summary><c>/api/audit/{stream}</c> and <c>/verify</c> on the whole app, master key only.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class AuditApiTests(AzuriteFixture azurite) : IAsyncLifetime
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
    public async Task ListAndVerify_WithTheMasterKey_ShowTheChain_AnEditedRowIsNamed_AFunctionKeyIs401()
    {
        var store = _app.Services.GetRequiredService<AuditLogStore>();
        await store.AppendAsync(new AuditAppend("selection-2017-01", "objection-1", "objection", "anonymous", "applicant-0007", """{"text": "年龄不符"}"""), CancellationToken.None);
        await store.AppendAsync(new AuditAppend("selection-2017-01", "objection-1-answer", "decision", "stf-00002", "applicant-0007", """{"upheld": false}"""), CancellationToken.None);

        var withFunctionKey = await Get("/api/audit/selection-2017-01/verify", FunctionKey);
        var listed = await (await Get("/api/audit/selection-2017-01", TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>();
        var intact = await (await Get("/api/audit/selection-2017-01/verify", TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>();
        var row = (await store.Table.GetEntityAsync<TableEntity>("selection-2017-01", "e000000000002")).Value;
        row["Payload"] = """{"upheld": true}""";
        await store.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var changed = await (await Get("/api/audit/selection-2017-01/verify", TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Equal(["objection-1", "objection-1-answer"], listed!["entries"]!.AsArray().Select(e => (string)e!["entryId"]!));
        Assert.Null(listed["next"]);
        Assert.True((bool)intact!["intact"]!);
        Assert.False((bool)changed!["intact"]!);
        Assert.Equal((2, "objection-1-answer", "changed"), ((int)changed["firstProblem"]!["sequence"]!, (string)changed["firstProblem"]!["entryId"]!, (string)changed["firstProblem"]!["problem"]!));
        Assert.StartsWith("第 2 条记录", (string)changed["firstProblem"]!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FromZero_Is400NamingFrom()
    {
        var response = await Get("/api/audit/selection-2017-01?from=0", TaskAppFactory.MasterKey);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task AStreamIdTooLongForATableKey_Is422NamingStream_TitledAndExplainedInChinese()
    {
        var response = await Get($"/api/audit/{new string('s', 200)}/verify", TaskAppFactory.MasterKey);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "stream");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("请求内容有误", (string)problem["title"]!);
        Assert.StartsWith("日志流标识无效：编号过长：最多 128 个字符（现为 200 个）。", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Get(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(FunctionKeys.HeaderName, key);
        return await _http.SendAsync(request);
    }
}
