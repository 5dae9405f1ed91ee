using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// What a task link costs in storage requests (issue 16, load): the JSON form GET and the answer POST, counted at the
/// HTTP transport of every storage client the app uses (its own stores and the orchestration provider). The answer
/// used to read the instance twice (once with a repair write), the GET to write the instances table on its first read.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TaskAnswerStorageCostTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Task row; instance state row and instances-table row, read together.</summary>
    private const int JsonGetRequests = 3;

    /// <summary>Task row; the ETag-guarded write of the answer; the instance's state row (the raise's check); the event.</summary>
    private const int AnswerRequests = 4;

    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // The request runs in the test's execution context, so the storage requests it makes can be told from the
        // background work of the orchestration worker.
        _app = new TaskAppFactory(azurite) { RequestsInCallersContext = true };
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task JsonGet_AndAnswer_CostAtMostTheirStorageRequests()
    {
        // Every store and the provider touched once, so that creating tables and queues is not counted.
        var (warm, _) = await _app.StartNoticeAsync("stf-1", "预热通知");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(JsonGet(warm))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsJsonAsync(warm, new { acknowledged = true })).StatusCode);
        var (link, instanceId) = await _app.StartNoticeAsync("stf-1", "关于秋季运动会的通知");

        // Counted once the instance waits for the answer with its reminder timer published: a GET racing the step that
        // publishes it finds the instances table behind the state row and repairs it, one write more than a GET costs.
        await WaitForPublishedTimerAsync(instanceId);

        var (shown, getCost) = await StorageRequests.CountAsync(() => _http.SendAsync(JsonGet(link)));
        var (answered, answerCost) = await StorageRequests.CountAsync(() => _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" }));

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        output.WriteLine($"JSON GET: {getCost.Count} storage requests:\n{string.Join('\n', getCost)}");
        output.WriteLine($"answer: {answerCost.Count} storage requests:\n{string.Join('\n', answerCost)}");
        // At least the task row: the count sees the app's storage requests at all.
        Assert.InRange(getCost.Count, 1, JsonGetRequests);
        Assert.InRange(answerCost.Count, 1, AnswerRequests);
        var receipt = (await answered.Content.ReadFromJsonAsync<JsonObject>())!;
        var done = await _app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(instanceId, true);
        Assert.Equal((string)receipt["receiptId"]!, done.ReadOutputAs<StaffTaskOutcome>()!.Receipt!.ReceiptId);
    }

    private async Task WaitForPublishedTimerAsync(string instanceId)
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(EduFlows.Durable.TimerStatus.TryRead((await client.GetInstanceAsync(instanceId, cts.Token))?.SerializedCustomStatus, out var timer) && timer is not null))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    [Fact]
    public async Task AnswerToATaskWhoseProcessEnded_BeforeAnyRead_Is410_AndTheTaskIsCancelled_NotAnswered()
    {
        // The answer no longer reads the instance before storing; the raise finds it ended and the answer is taken back.
        var (link, instanceId) = await _app.StartNoticeAsync("stf-1", "已终止流程的通知");
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await client.TerminateInstanceAsync(instanceId, "notice withdrawn");
        await client.WaitForInstanceCompletionAsync(instanceId);

        var post = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });
        var again = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });

        string taskId = link.Split('/', '?')[^2];
        var task = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(taskId, CancellationToken.None))!.Record;
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(StaffTaskStatus.Cancelled, task.Status);
        Assert.Null(task.Values);
        Assert.Null(task.ReceiptId);
        Assert.Contains("withdrawn", (string)(await post.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    private static HttpRequestMessage JsonGet(string link)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}
