using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// host.json's versionMatchStrategy and versionFailureStrategy on the local host, across a restart on the same task
/// hub: an instance of the old version under a Strict host is failed (Fail) or left waiting for a host of its version (Reject).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class VersionStrategyHostTests(AzuriteFixture azurite)
{
    private const string MasterKey = "test-master-key";
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task StrictAndFail_AnInstanceOfTheOldVersion_FailsNamingBothVersions_AndNewOnesRun()
    {
        string hub = AzuriteFixture.NewHubName();
        string old = await StartWaitingApprovalAsync(hub);

        await using var v2 = CreateFactory(hub, "2", "Strict", "Fail");
        using var http = CreateClient(v2);
        await RaiseAsync(http, old, "\"同意\"");
        var failed = await PollAsync(http, old, s => (string?)s["runtimeStatus"] is "Failed" or "Completed");
        string fresh = await StartApprovalAsync(http);
        await RaiseAsync(http, fresh, "\"同意\"");
        var done = await PollAsync(http, fresh, s => (string?)s["runtimeStatus"] is "Failed" or "Completed");

        Assert.Equal(("Failed", "1"), ((string?)failed["runtimeStatus"], (string?)failed["version"]));
        Assert.Contains("实例版本为 1，本工作进程版本为 2，按 Strict 规则不能运行", (string?)failed["output"], StringComparison.Ordinal);
        Assert.Equal(("Completed", "2", "副校长续聘: 同意"), ((string?)done["runtimeStatus"], (string?)done["version"], (string?)done["output"]));
    }

    [Fact]
    public async Task StrictAndReject_AnInstanceOfTheOldVersion_WaitsUntouched_UntilAHostOfItsVersionFinishesIt()
    {
        string hub = AzuriteFixture.NewHubName();
        string old = await StartWaitingApprovalAsync(hub);

        await using (var v2 = CreateFactory(hub, "2", "Strict", "Reject"))
        {
            using var http = CreateClient(v2);
            await RaiseAsync(http, old, "\"同意\"");
            await Task.Delay(TimeSpan.FromSeconds(5));
            var waiting = (await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{old}"))!;
            Assert.Equal(("Running", "1"), ((string?)waiting["runtimeStatus"], (string?)waiting["version"]));
        }

        await using var v1 = CreateFactory(hub, "1", "Strict", "Reject");
        using var again = CreateClient(v1);
        var done = await PollAsync(again, old, s => (string?)s["runtimeStatus"] is "Failed" or "Completed");
        Assert.Equal(("Completed", "副校长续聘: 同意"), ((string?)done["runtimeStatus"], (string?)done["output"]));
    }

    // Starts an approval on a host of version 1 and stops the host while the approval waits for its event.
    private async Task<string> StartWaitingApprovalAsync(string hub)
    {
        await using var v1 = CreateFactory(hub, "1", null, null);
        using var http = CreateClient(v1);
        string id = await StartApprovalAsync(http);
        var waiting = await PollAsync(http, id, s => s["customStatus"] is not null);
        Assert.Equal("1", (string?)waiting["version"]);
        return id;
    }

    private static async Task<string> StartApprovalAsync(HttpClient http)
    {
        using var body = new StringContent("\"副校长续聘\"", Encoding.UTF8, "application/json");
        var start = await http.PostAsync($"{Api}/orchestrators/{Approval.Name}", body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task RaiseAsync(HttpClient http, string id, string payload)
    {
        using var body = new StringContent(payload, Encoding.UTF8, "application/json");
        var raised = await http.PostAsync($"{Api}/instances/{id}/raiseEvent/{Approval.EventName}", body);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
    }

    private static async Task<JsonObject> PollAsync(HttpClient http, string id, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var answer = await http.GetAsync($"{Api}/instances/{id}");
            string body = await answer.Content.ReadAsStringAsync();
            // As in Durable Functions, a failed instance's status comes with 400, a running one's with 202: read the body whatever the code.
            JsonObject? status = null;
            try
            {
                status = JsonNode.Parse(body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            if (status is not null && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not get there in time: {(int)answer.StatusCode} {body}");
            await Task.Delay(100);
        }
    }

    private static HttpClient CreateClient(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return http;
    }

    private WebApplicationFactory<Program> CreateFactory(string hub, string defaultVersion, string? match, string? failure) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
                .UseSetting("MASTER_KEY", MasterKey)
                .UseSetting("EDUFLOWS_DEMO_DATA", "false")
                .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", hub)
                .UseSetting("AzureFunctionsJobHost:extensions:durableTask:defaultVersion", defaultVersion);
            if (match is not null)
            {
                b.UseSetting("AzureFunctionsJobHost:extensions:durableTask:versionMatchStrategy", match);
            }

            if (failure is not null)
            {
                b.UseSetting("AzureFunctionsJobHost:extensions:durableTask:versionFailureStrategy", failure);
            }
        });
}
