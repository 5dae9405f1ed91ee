using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Hosting;

/// <summary>The Durable Functions HTTP management API through real HTTP, on Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DurableManagementApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string MasterKey = "test-master-key";
    private const string FunctionKey = "test-function-key";
    private const string Api = "/runtime/webhooks/durabletask";
    private readonly string _hub = AzuriteFixture.NewHubName();
    private WebApplicationFactory<Program>? _factory;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("FUNCTION_KEYS", FunctionKey)
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", _hub));
        _http = _factory.CreateClient();
        _http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartHelloCities_PollStatus_CompletesWithTheSampleOutput()
    {
        var start = await _http.PostAsync($"{Api}/orchestrators/HelloCities", null);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = (await start.Content.ReadFromJsonAsync<JsonObject>())!;
        string id = (string)payload["id"]!;
        Assert.Equal(start.Headers.Location!.ToString(), (string)payload["statusQueryGetUri"]!);
        foreach (string uri in new[] { "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.Contains(Uri.EscapeDataString(id), (string)payload[uri]!, StringComparison.Ordinal);
            Assert.Contains($"taskHub={_hub}", (string)payload[uri]!, StringComparison.Ordinal);
        }

        var status = await PollUntilAsync(id, HttpStatusCode.OK);
        Assert.Equal("Completed", (string)status["runtimeStatus"]!);
        Assert.Equal("HelloCities", (string)status["name"]!);
        Assert.Equal("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]", status["output"]!.ToJsonString());

        var withHistory = (await _http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{id}?showHistory=true&showHistoryOutput=true"))!;
        var events = withHistory["historyEvents"]!.AsArray();
        Assert.Equal(3, events.Count(e => (string)e!["EventType"]! == "TaskCompleted"));
        Assert.Contains(events, e => (string?)e!["Result"] == "Hello Seattle!");
    }

    [Fact]
    public async Task WaitingInstance_RaiseEvent_CompletesWithThePayload()
    {
        string id = await StartApprovalAsync("reserve-pool-2026");
        await PollUntilAsync(id, HttpStatusCode.Accepted, s => s["customStatus"] is not null);

        var raised = await _http.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", Json("\"approved by the bureau office\""));

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var status = await PollUntilAsync(id, HttpStatusCode.OK);
        Assert.Equal("reserve-pool-2026: approved by the bureau office", (string)status["output"]!);

        var late = await _http.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", Json("\"again\""));
        await AssertProblemAsync(late, HttpStatusCode.Gone, "instanceId");
    }

    [Fact]
    public async Task Terminate_SuspendResume_Purge_BehaveAsInDurableFunctions()
    {
        string terminated = await StartApprovalAsync("to terminate");
        string paused = await StartApprovalAsync("to pause");
        await PollUntilAsync(terminated, HttpStatusCode.Accepted, s => s["customStatus"] is not null);
        await PollUntilAsync(paused, HttpStatusCode.Accepted, s => s["customStatus"] is not null);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{Api}/instances/{terminated}/terminate?reason=post%20abolished", null)).StatusCode);
        var done = await PollUntilAsync(terminated, HttpStatusCode.BadRequest);
        Assert.Equal("Terminated", (string)done["runtimeStatus"]!);
        Assert.Equal("post abolished", (string)done["output"]!);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{Api}/instances/{paused}/suspend?reason=review", null)).StatusCode);
        await PollUntilAsync(paused, HttpStatusCode.Accepted, s => (string)s["runtimeStatus"]! == "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{Api}/instances/{paused}/raiseEvent/Approval", Json("\"yes\""))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{Api}/instances/{paused}/resume?reason=done", null)).StatusCode);
        Assert.Equal("to pause: yes", (string)(await PollUntilAsync(paused, HttpStatusCode.OK))["output"]!);

        var purged = await _http.DeleteAsync($"{Api}/instances/{terminated}");
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (int)(await purged.Content.ReadFromJsonAsync<JsonObject>())!["instancesDeleted"]!);
        await AssertProblemAsync(await _http.GetAsync($"{Api}/instances/{terminated}"), HttpStatusCode.NotFound, "instanceId");
        await AssertProblemAsync(await _http.DeleteAsync($"{Api}/instances/{terminated}"), HttpStatusCode.NotFound, "instanceId");
    }

    [Fact]
    public async Task ListInstances_PagesWithTheContinuationHeader()
    {
        string prefix = "list-" + Guid.NewGuid().ToString("N")[..8];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{Api}/orchestrators/HelloCities/{prefix}-{i}", null)).StatusCode);
        }

        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/instances?instanceIdPrefix={prefix}&top=2");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(s => (string)s!["instanceId"]!));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), seen);
    }

    [Fact]
    public async Task Refusals_EachHaveTheirStatusAndNameTheField()
    {
        using var anonymous = _factory!.CreateClient();
        await AssertProblemAsync(await anonymous.PostAsync($"{Api}/orchestrators/HelloCities", null), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await anonymous.GetAsync($"{Api}/instances?code=wrong"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await anonymous.GetAsync($"{Api}/instances?code={FunctionKey}"), HttpStatusCode.Unauthorized, "x-functions-key");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Api}/instances?code={MasterKey}")).StatusCode);

        await AssertProblemAsync(await _http.GetAsync($"{Api}/instances/nobody-{Guid.NewGuid():N}"), HttpStatusCode.NotFound, "instanceId");
        await AssertProblemAsync(await _http.PostAsync($"{Api}/instances/nobody/raiseEvent/Approval", Json("1")), HttpStatusCode.NotFound, "instanceId");
        await AssertProblemAsync(await _http.PostAsync($"{Api}/orchestrators/NoSuchProcess", null), HttpStatusCode.NotFound, "functionName");
        await AssertProblemAsync(await _http.GetAsync($"{Api}/instances?runtimeStatus=Sleeping"), HttpStatusCode.BadRequest, "runtimeStatus");
        await AssertProblemAsync(await _http.GetAsync($"{Api}/instances?createdTimeFrom=yesterday"), HttpStatusCode.BadRequest, "createdTimeFrom");
        await AssertProblemAsync(await _http.GetAsync($"{Api}/instances?top=0"), HttpStatusCode.BadRequest, "top");

        string id = await StartApprovalAsync("dup");
        await AssertProblemAsync(await _http.PostAsync($"{Api}/orchestrators/Approval/{id}", Json("\"again\"")), HttpStatusCode.Conflict, "instanceId");
        await AssertProblemAsync(await _http.PostAsync($"{Api}/instances/{id}/raiseEvent/Approval", Json("{not json")), HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(await _http.DeleteAsync($"{Api}/instances/{id}"), HttpStatusCode.Conflict, "instanceId");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> StartApprovalAsync(string subject)
    {
        var response = await _http.PostAsync($"{Api}/orchestrators/Approval", Json($"\"{subject}\""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private async Task<JsonObject> PollUntilAsync(string id, HttpStatusCode status, Func<JsonObject, bool>? condition = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await _http.GetAsync($"{Api}/instances/{id}");
            if (response.StatusCode == status)
            {
                var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (condition is null || condition(body))
                {
                    return body;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not reach {status}; last {response.StatusCode}");
            await Task.Delay(50);
        }
    }
}
