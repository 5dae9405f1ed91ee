using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>host.json's defaultVersion applied by the local host, and each instance's version in the management API.</summary>
[Collection(AzuriteTests.Name)]
public sealed class OrchestrationVersionHostTests(AzuriteFixture azurite)
{
    private const string MasterKey = "test-master-key";
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task DefaultVersionSetting_NewInstancesTakeIt_AndTheManagementApiShowsIt()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", hub)
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:defaultVersion", "2.0"));
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);

        var start = await http.PostAsync($"{Api}/orchestrators/HelloCities", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        string id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        JsonObject status;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50);
            status = (await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{id}"))!;
            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not complete");
        }
        while ((string?)status["runtimeStatus"] != "Completed");

        Assert.Equal("2.0", (string?)status["version"]);
        var listed = (await http.GetFromJsonAsync<JsonArray>($"{Api}/instances"))!;
        Assert.Equal("2.0", (string?)listed.Single(i => (string?)i!["instanceId"] == id)!["version"]);
    }
}
