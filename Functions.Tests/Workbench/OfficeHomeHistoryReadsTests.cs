using System.Text.Json;
using DurableTask.Core.History;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>The office home reads the histories of the few instances it lists, not of every one running.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeHomeHistoryReadsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Home_WithMoreInstancesRunningThanItLists_ReadsOnlyTheListedInstancesHistories_AndLinksToTheRest()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        int running = OfficeHomeApi.InstancesShown + 2;
        var ids = new List<string>();
        for (int n = 0; n < running; n++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", $"关于第{n + 1}次教学常规检查的通知", 72)));
        }

        foreach (string id in ids)
        {
            await _app.WaitForOpenTaskAsync(id);
        }

        // Each instance creates its due timer in the step after its task opens: wait until every listed one has it, so the
        // counted read below sees the settled page (reading through the plain client, which counts nothing).
        var settling = System.Diagnostics.Stopwatch.StartNew();
        while (!await EveryListedHasItsTimerAsync(client))
        {
            Assert.True(settling.Elapsed < TimeSpan.FromSeconds(30), "the instances' due timers were not all created within 30 s");
            await Task.Delay(100);
        }

        var counting = new CountingHistories(client);
        using var json = await HomeAsync(counting);

        var notices = json.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("orchestrator").GetString() == NoticeAcknowledgement.Name);
        var listed = notices.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(OfficeHomeApi.InstancesShown, counting.HistoryReads);
        Assert.Equal(running, notices.GetProperty("count").GetInt32());
        Assert.Equal(OfficeHomeApi.InstancesShown, listed.Count);
        Assert.All(listed, i => Assert.Equal(JsonValueKind.Object, i.GetProperty("nextTimer").ValueKind));
        Assert.Equal($"/api/office/instances?name={NoticeAcknowledgement.Name}&code={TaskAppFactory.MasterKey}", notices.GetProperty("more").GetString());
    }

    private async Task<bool> EveryListedHasItsTimerAsync(DurableTaskClient client)
    {
        using var json = await HomeAsync(client);
        var notices = json.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("orchestrator").GetString() == NoticeAcknowledgement.Name);
        return notices.GetProperty("instances").EnumerateArray().All(i => i.GetProperty("nextTimer").ValueKind == JsonValueKind.Object);
    }

    // The office home as a script asks for it (JSON), answered through the given client.
    private async Task<JsonDocument> HomeAsync(DurableTaskClient client)
    {
        using var scope = _app.Services.CreateScope();
        var api = ActivatorUtilities.CreateInstance<OfficeHomeApi>(scope.ServiceProvider);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Path = "/api/office";
        context.Request.QueryString = new QueryString($"?code={TaskAppFactory.MasterKey}");
        context.Request.Headers.Accept = "application/json";
        using var body = new MemoryStream();
        context.Response.Body = body;

        var result = await api.ShowAsync(context.Request, client, CancellationToken.None);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return JsonDocument.Parse(body.ToArray());
    }

    /// <summary>The app's client, counting the instance histories read through it.</summary>
    private sealed class CountingHistories(DurableTaskClient inner) : ForwardingDurableTaskClient(inner, "counting-histories")
    {
        private int _historyReads;

        public int HistoryReads => Volatile.Read(ref _historyReads);

        public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref _historyReads);
            return Inner.GetOrchestrationHistoryAsync(instanceId, cancellation);
        }
    }
}
