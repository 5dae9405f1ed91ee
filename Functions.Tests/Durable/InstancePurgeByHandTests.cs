using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Durable;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Durable;

/// <summary>
/// A purge by hand asks the processes' hooks as the nightly one does: the office's 清除 and the Durable management API's
/// purge of one instance refuse with 409 naming instanceId while a hook keeps it; a purge by filter skips it and counts
/// only what it purged. Here a hook keeps every instance whose id starts with "keep-".
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class InstancePurgeByHandTests(AzuriteFixture azurite)
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task PurgeByHand_AHookKeepsTheInstance_OfficeAndManagementApiAnswer409_FilterSkipsItAndCountsTheRest()
    {
        await using var factory = new TaskAppFactory(azurite);
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInstancePurgeHook>(new KeepPrefixed("keep-"))));
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var since = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(-1);
        string kept = $"keep-{Guid.NewGuid():N}", goes = $"drop-{Guid.NewGuid():N}";
        foreach (string id in new[] { kept, goes })
        {
            await client.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name, new StartOrchestrationOptions(id));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await client.WaitForInstanceCompletionAsync(id, cts.Token);
        }

        var office = await http.PostAsync($"/api/office/instances/{kept}/purge?code={Key}", new FormUrlEncodedContent([]));
        using var one = new HttpRequestMessage(HttpMethod.Delete, $"{Api}/instances/{kept}");
        one.Headers.Add("x-functions-key", Key);
        var managed = await http.SendAsync(one);
        using var many = new HttpRequestMessage(HttpMethod.Delete, $"{Api}/instances?createdTimeFrom={Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))}&runtimeStatus=Completed");
        many.Headers.Add("x-functions-key", Key);
        var filtered = await http.SendAsync(many);

        string officeText = await office.Content.ReadAsStringAsync();
        await AssertProblemAsync(office, HttpStatusCode.Conflict, "instanceId");
        Assert.Contains("该实例暂不能清除：其流程尚未记下它的结束情况", officeText, StringComparison.Ordinal);
        // The title too is Chinese (left out, ASP.NET Core's English "Conflict" was read first).
        Assert.Equal(EduFlows.Hosting.FieldProblem.TitleZh(409), (string)JsonNode.Parse(officeText)!["title"]!);
        string managedText = await managed.Content.ReadAsStringAsync();
        await AssertProblemAsync(managed, HttpStatusCode.Conflict, "instanceId");
        var problem = JsonNode.Parse(managedText)!;
        Assert.StartsWith("该实例暂不能清除", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(EduFlows.Hosting.FieldProblem.TitleZh(409), (string)problem["title"]!);
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Equal(1, (int)(await filtered.Content.ReadFromJsonAsync<JsonObject>())!["instancesDeleted"]!);
        Assert.NotNull(await client.GetInstanceAsync(kept));
        Assert.Null(await client.GetInstanceAsync(goes));
    }

    private sealed class KeepPrefixed(string prefix) : IInstancePurgeHook
    {
        public Task<bool> BeforePurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
            Task.FromResult(!instanceId.StartsWith(prefix, StringComparison.Ordinal));
    }
}
