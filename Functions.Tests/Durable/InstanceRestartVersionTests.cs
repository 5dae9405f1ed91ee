using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Hosting.RedeployedHost;

namespace EduFlows.Tests.Durable;

/// <summary>
/// A versioned orchestration restarted by hand runs at its current version, as any new instance of it does, and not at
/// the version its ended run recorded; the renewal round is one such orchestration, the open selection another, with
/// no restart hook of its own. Any other orchestration restarts at host.json's defaultVersion, as the Durable extension
/// restarts it in Azure. Local host, Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class InstanceRestartVersionTests(AzuriteFixture azurite)
{
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task Restart_OfAnOpenSelectionOfVersion1_ThroughTheManagementApi_RunsAtVersion2_WithItsRecordedInput()
    {
        await using var app = Create(azurite.ConnectionString, AzuriteFixture.NewHubName(), "3.3");
        using var http = CreateClient(app);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        string selectionId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var run = new OpenSelectionRun(selectionId, "stf-3", "Asia/Shanghai", EduFlows.Tests.Processes.OpenSelection.OpenSelectionHarness.Announcement(posts: 1).Timetable, []);
        string id = run.InstanceId;

        // A selection started before version 2.0 (objections during the notice), then ended by hand.
        await client.ScheduleNewOrchestrationInstanceAsync(OpenSelectionOrchestration.Name, run, new StartOrchestrationOptions(id) { Version = "1.0" });
        await EndAsync(client, id);
        var first = (await StartOfAsync(client, id))!;
        Assert.Equal("1.0", first.Version);

        var restarted = await http.PostAsync($"{Api}/instances/{id}/restart", null);
        Assert.True(restarted.StatusCode == HttpStatusCode.Accepted, await restarted.Content.ReadAsStringAsync());
        Assert.Equal(id, (string?)(await restarted.Content.ReadFromJsonAsync<JsonObject>())!["id"]);

        // The new run: of the current version, with the input the ended run had.
        var started = await NewRunAsync(client, id, first.OrchestrationInstance.ExecutionId);
        Assert.Equal(OpenSelectionOrchestration.CurrentVersion, started.Version);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first.Input), JsonNode.Parse(started.Input)), $"{first.Input} became {started.Input}");
    }

    [Fact]
    public async Task Restart_OfAnUnversionedOrchestrationRecordedAt1_ByTheManagementApiOrTheFunctionsClient_RunsAtTheDefaultVersion_AsInAzure()
    {
        // In Azure the Durable extension restarts through StartNewAsync, at host.json's defaultVersion, whether asked by
        // the management API or by an isolated worker's DurableTaskClient.RestartAsync (gRPC RestartInstance).
        await using var app = Create(azurite.ConnectionString, AzuriteFixture.NewHubName(), "3.3");
        using var http = CreateClient(app);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        string byApi = "hello-api-" + Guid.NewGuid().ToString("N")[..8], byClient = "hello-client-" + Guid.NewGuid().ToString("N")[..8];
        foreach (string id in new[] { byApi, byClient })
        {
            await client.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name, null, new StartOrchestrationOptions(id) { Version = "1.0" });
            await EndAsync(client, id);
            Assert.Equal("1.0", (await StartOfAsync(client, id))!.Version);
        }

        var firstByApi = (await StartOfAsync(client, byApi))!.OrchestrationInstance.ExecutionId;
        var firstByClient = (await StartOfAsync(client, byClient))!.OrchestrationInstance.ExecutionId;
        var restarted = await http.PostAsync($"{Api}/instances/{byApi}/restart", null);
        Assert.True(restarted.StatusCode == HttpStatusCode.Accepted, await restarted.Content.ReadAsStringAsync());
        Assert.Equal(byClient, await client.RestartAsync(byClient));

        var (apiRun, clientRun) = (await NewRunAsync(client, byApi, firstByApi), await NewRunAsync(client, byClient, firstByClient));
        Assert.Equal(("3.3", "3.3"), (apiRun.Version, clientRun.Version));
        Assert.Equal(HelloCities.Name, apiRun.Name);
        // At most 60 s of real time, as NewRunAsync: a run that never finishes fails the test instead of hanging the suite.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await client.WaitForInstanceCompletionAsync(byClient, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>());
    }

    // The run started after the one of execution `earlier` (real time, at most 60 s).
    private static async Task<ExecutionStartedEvent> NewRunAsync(DurableTaskClient client, string id, string earlier)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ExecutionStartedEvent? started;
        while ((started = await StartOfAsync(client, id)) is null || started.OrchestrationInstance.ExecutionId == earlier)
        {
            Assert.True(DateTime.UtcNow < deadline, "the restart did not start a new run");
            await Task.Delay(100);
        }

        return started;
    }

    // Terminated if it still runs; either way ended (real time, at most 60 s).
    private static async Task EndAsync(DurableTaskClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        bool terminated = false;
        OrchestrationMetadata? instance;
        while ((instance = await client.GetInstanceAsync(id)) is not { IsCompleted: true })
        {
            Assert.True(DateTime.UtcNow < deadline, "the first run did not end");
            if (!terminated && instance?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                await client.TerminateInstanceAsync(id, "重新启动测试");
                terminated = true;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<ExecutionStartedEvent?> StartOfAsync(DurableTaskClient client, string id) =>
        (await client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>().FirstOrDefault();
}
