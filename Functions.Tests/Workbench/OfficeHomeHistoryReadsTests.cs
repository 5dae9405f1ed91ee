using System.Text.Json;
using DurableTask.Core.History;
using EduFlows.Durable;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office home takes each instance's next timer from the custom status it publishes (read with the instance list):
/// no history is read for an instance that publishes it; only one whose status publishes none (last run before timers
/// were published) has its history read, and only among the instances the page lists.
/// </summary>
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
    public async Task Home_WithMoreInstancesRunningThanItLists_ReadsNoHistory_ShowsEachPublishedTimerAndWhatItIsFor_AndLinksToTheRest()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        int running = OfficeHomeApi.InstancesShown + 2;
        var ids = await StartNoticesAsync(client, running);

        var counting = new CountingHistories(client, writtenBefore: []);
        using var json = await HomeAsync(counting);

        var notices = Notices(json);
        var listed = notices.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(0, counting.HistoryReads);
        Assert.Equal(running, notices.GetProperty("count").GetInt32());
        Assert.Equal(OfficeHomeApi.InstancesShown, listed.Count);

        // Each waits for its reminder, a day before the task is due (72 h after it opened), and says so.
        var bureau = _app.Services.GetRequiredService<BureauClock>();
        var open = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).ToDictionary(t => t.InstanceId, StringComparer.Ordinal);
        foreach (var instance in listed)
        {
            string id = instance.GetProperty("instanceId").GetString()!;
            var task = open[id];
            var timer = instance.GetProperty("nextTimer");
            Assert.Equal(bureau.Format(task.DueAt.AddDays(-1)), timer.GetProperty("at").GetString());
            Assert.Equal($"催办提醒：{task.Subject}（王芳）", timer.GetProperty("waitsFor").GetString());
        }

        Assert.Equal(ids.Count, open.Keys.Intersect(ids).Count());
        Assert.Equal($"/api/office/instances?name={NoticeAcknowledgement.Name}&code={TaskAppFactory.MasterKey}", notices.GetProperty("more").GetString());
    }

    [Fact]
    public async Task Home_InstanceWhoseStatusPublishesNoTimer_HasOnlyItsHistoryRead_AndItsTimerStillShown()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var ids = await StartNoticesAsync(client, 3);

        // One instance's status as written before timers were published (its last step ran under the earlier version).
        var counting = new CountingHistories(client, writtenBefore: [ids[1]]);
        using var json = await HomeAsync(counting);

        var listed = Notices(json).GetProperty("instances").EnumerateArray().ToDictionary(i => i.GetProperty("instanceId").GetString()!, StringComparer.Ordinal);
        Assert.Equal(1, counting.HistoryReads);
        Assert.Equal([ids[1]], counting.HistoriesRead);
        var bureau = _app.Services.GetRequiredService<BureauClock>();
        var open = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).ToDictionary(t => t.InstanceId, StringComparer.Ordinal);
        foreach (string id in ids)
        {
            var timer = listed[id].GetProperty("nextTimer");
            Assert.Equal(bureau.Format(open[id].DueAt.AddDays(-1)), timer.GetProperty("at").GetString());

            // Read from the history, the reminder is no task's due time: nothing tells what it is for.
            Assert.Equal(id == ids[1] ? string.Empty : $"催办提醒：{open[id].Subject}（王芳）", timer.GetProperty("waitsFor").GetString());
        }
    }

    [Fact]
    public async Task Instance_AfterItsTaskIsAnswered_PublishesNoTimer_TheCancelledReminderIsGone()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var ids = await StartNoticesAsync(client, 1);
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var task = (await store.AllOpenAsync(CancellationToken.None)).Single(t => t.InstanceId == ids[0]);

        // The answer ends the wait: the reminder timer is cancelled, and the instance completes.
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, task.Id, "stf-1", new Dictionary<string, string?> { ["acknowledged"] = "true" }, CancellationToken.None)).Result);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await client.WaitForInstanceCompletionAsync(ids[0], cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(TimerStatus.TryRead(done.SerializedCustomStatus, out var published));
        Assert.Null(published);
    }

    [Fact]
    public async Task Home_ApprovalWaitingForItsDecision_ShowsItsDeadline72HoursOn_FromItsStatus_ReadingNoHistory()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(Approval.Name, $"采购申请（{Guid.NewGuid().ToString("N")[..6]}）");

        var settling = System.Diagnostics.Stopwatch.StartNew();
        JsonElement? timer = null;
        while (timer is null)
        {
            Assert.True(settling.Elapsed < TimeSpan.FromSeconds(30), "the approval's deadline was not shown within 30 s");
            using var shown = await HomeAsync(client);
            if (Listed(shown, id) is { } instance && instance.GetProperty("nextTimer").ValueKind == JsonValueKind.Object)
            {
                timer = instance.GetProperty("nextTimer").Clone();
            }
            else
            {
                await Task.Delay(100);
            }
        }

        var counting = new CountingHistories(client, writtenBefore: []);
        using var json = await HomeAsync(counting);
        var published = Listed(json, id)!.Value.GetProperty("nextTimer");

        // The deadline is the one durable timer it waits on: 72 hours after its first step (its clock then).
        var history = await client.GetOrchestrationHistoryAsync(id);
        var started = history.OfType<OrchestratorStartedEvent>().First().Timestamp;
        var fires = history.OfType<TimerCreatedEvent>().Single().FireAt;
        Assert.Equal(Approval.Deadline, fires - started);
        Assert.Equal(0, counting.HistoryReads);
        Assert.Equal(_app.Services.GetRequiredService<BureauClock>().Format(new DateTimeOffset(DateTime.SpecifyKind(fires, DateTimeKind.Utc))), published.GetProperty("at").GetString());
        Assert.Equal("审批截止", published.GetProperty("waitsFor").GetString());
        await client.TerminateInstanceAsync(id);
    }

    // Starts notices to 王芳 and waits until each has its task open and its reminder timer published.
    private async Task<List<string>> StartNoticesAsync(DurableTaskClient client, int count)
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        for (int n = 0; n < count; n++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", $"关于第{n + 1}次教学常规检查的通知（{run}）", 72)));
        }

        foreach (string id in ids)
        {
            await _app.WaitForOpenTaskAsync(id);
        }

        // Each instance creates its reminder timer in the step after its task opens: wait until every listed one has it, so the
        // counted read sees the settled page (reading through the plain client, which counts nothing).
        var settling = System.Diagnostics.Stopwatch.StartNew();
        while (!await EveryListedHasItsTimerAsync(client))
        {
            Assert.True(settling.Elapsed < TimeSpan.FromSeconds(30), "the instances' reminder timers were not all published within 30 s");
            await Task.Delay(100);
        }

        return ids;
    }

    private static JsonElement Notices(JsonDocument json) =>
        json.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("orchestrator").GetString() == NoticeAcknowledgement.Name);

    private static JsonElement? Listed(JsonDocument json, string instanceId) =>
        json.RootElement.GetProperty("processes").EnumerateArray()
            .Where(p => p.GetProperty("orchestrator").GetString() == Approval.Name)
            .SelectMany(p => p.GetProperty("instances").EnumerateArray())
            .Cast<JsonElement?>()
            .FirstOrDefault(i => i!.Value.GetProperty("instanceId").GetString() == instanceId);

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

    /// <summary>
    /// The app's client, counting the instance histories read through it; the instances named <c>writtenBefore</c> are
    /// listed with their status as an earlier version wrote it (without the published timer).
    /// </summary>
    internal sealed class CountingHistories(DurableTaskClient inner, IReadOnlyCollection<string> writtenBefore) : ForwardingDurableTaskClient(inner, "counting-histories")
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _read = new();

        public int HistoryReads => _read.Count;

        public IReadOnlyList<string> HistoriesRead => [.. _read];

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
            Pageable.Create<OrchestrationMetadata>(async (continuation, cancellation) =>
            {
                var all = new List<OrchestrationMetadata>();
                await foreach (var instance in Inner.GetAllInstancesAsync(filter).WithCancellation(cancellation))
                {
                    all.Add(writtenBefore.Contains(instance.InstanceId) ? WrittenBefore(instance) : instance);
                }

                return new Page<OrchestrationMetadata>(all, null);
            });

        public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
        {
            _read.Enqueue(instanceId);
            return Inner.GetOrchestrationHistoryAsync(instanceId, cancellation);
        }

        // NoticeAcknowledgement's status before it published its timers: who it waits for, nothing more.
        private static OrchestrationMetadata WrittenBefore(OrchestrationMetadata instance) => new(instance.Name, instance.InstanceId)
        {
            RuntimeStatus = instance.RuntimeStatus,
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
            SerializedInput = instance.SerializedInput,
            SerializedCustomStatus = JsonSerializer.Serialize(new { waitingFor = "stf-1" }),
            Tags = instance.Tags,
        };
    }
}
