using Azure.Data.Tables;
using Azure.Storage.Queues;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// A message delivered more than <see cref="AzureStorageBackendOptions.MaxDequeueCount"/> times without completing is
/// set aside with a log line and a row in the Poison table. An activity call set aside fails its call, so its
/// orchestration learns why; a control message set aside leaves its instance where it stood, named in the row.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class PoisonMessageTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task ActivityCallWhoseCompletionKeepsFailing_IsSetAside_AndItsInstanceFailsSayingSo()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { MaxDequeueCount = 2 };
        int runs = 0;
        await using var host = await DurableTestHost.StartAsync(
            time => new AzureStorageOrchestrationBackend(options, time, loggers),
            r => r
                .AddActivityFunc<string, string>("SendNotice", (_, x) =>
                {
                    Interlocked.Increment(ref runs);
                    return Task.FromResult(x);
                })
                .AddOrchestratorFunc<string, string>("Notify", (ctx, x) => ctx.CallActivityAsync<string>("SendNotice", x)),
            pollInterval: Poll);

        // The call runs, but its completion never lands (say the worker loses storage at that moment every time):
        // the dispatcher hands the call back and its message is delivered again.
        ((AzureStorageOrchestrationBackend)host.Backend).FaultInjector = point =>
            point == "activity-complete" ? throw new IOException("storage unreachable while completing") : Task.CompletedTask;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Notify", "meeting moved", new StartOrchestrationOptions($"{hub}-notice"));
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = done.FailureDetails!.InnerFailure ?? done.FailureDetails;
        Assert.Equal(AzureStorageOrchestrationBackend.PoisonFailureType, failure.ErrorType);
        Assert.Contains("activity 'SendNotice' was set aside: delivered 3 times without completing", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(runs >= 3, $"the call ran {runs} times before it was set aside");

        var row = Assert.Single(new TableClient(azurite.ConnectionString, $"{hub}Poison").Query<TableEntity>());
        Assert.Equal("workitems", row.PartitionKey);
        Assert.Equal(3, row.GetInt64("DequeueCount"));
        Assert.Contains(id, row.GetString("Reason"), StringComparison.Ordinal);
        Assert.Contains(id, Assert.Single(sink.MessagesOf(2003)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsSentTogetherWhoseCompletionKeepsFailing_AreEachSetAside_AndTheirInstanceFails()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { MaxDequeueCount = 2 };
        await using var host = await DurableTestHost.StartAsync(
            time => new AzureStorageOrchestrationBackend(options, time),
            r => r
                .AddActivityFunc<int, int>("SendNotice", (_, n) => Task.FromResult(n))
                .AddOrchestratorFunc<object?, int[]>("NotifyAll", (ctx, _) => Task.WhenAll(Enumerable.Range(1, 3).Select(n => ctx.CallActivityAsync<int>("SendNotice", n)))),
            pollInterval: Poll);

        // The three calls go out in one message; each one handed back is sent again on its own, and that message is
        // set aside after its own deliveries.
        ((AzureStorageOrchestrationBackend)host.Backend).FaultInjector = point =>
            point == "activity-complete" ? throw new IOException("storage unreachable while completing") : Task.CompletedTask;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("NotifyAll", new StartOrchestrationOptions($"{hub}-notices"));
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = done.FailureDetails!.InnerFailure ?? done.FailureDetails;
        Assert.Equal(AzureStorageOrchestrationBackend.PoisonFailureType, failure.ErrorType);
        var rows = new TableClient(azurite.ConnectionString, $"{hub}Poison").Query<TableEntity>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.StartsWith("delivered 3 times without completing", row.GetString("Reason"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControlMessageDeliveredTooOften_IsSetAside_AndItsInstanceWaitsWhereItStood()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { MaxDequeueCount = 2 };
        var time = new FakeTimeProvider();
        static void Register(DurableTaskRegistry r) => r.AddOrchestratorFunc<object?, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        string id = $"{hub}-waiting";
        int partition;
        await using (var router = new AzureStorageOrchestrationBackend(options, time))
        {
            partition = router.PartitionOf(id);
        }

        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-{partition:D2}");
        await using (var first = await DurableTestHost.StartAsync(t => new AzureStorageOrchestrationBackend(options, t), Register, time: time, pollInterval: Poll))
        {
            await first.Client.ScheduleNewOrchestrationInstanceAsync("Wait", new StartOrchestrationOptions(id));
            await first.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        }

        // Running shows once the step commits, a moment before its start message is deleted; the stop waits for the
        // step, so the start is not handed back (that copy, not the event, would have been the one delivered too often).
        Assert.Equal(0, (await control.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // With no worker running, the event is sent and then delivered twice without completing, as to two workers
        // that died holding it.
        await using (var sender = new AzureStorageOrchestrationBackend(options, time))
        {
            var raised = new EventRaisedEvent(-1, PayloadJson.Serialize("now")) { Name = "go" };
            await sender.SendMessageAsync(new OrchestrationMessage(Guid.NewGuid().ToString("N"), id, null, raised), CancellationToken.None);
        }

        string? eventMessageId = null;
        for (int delivery = 0; delivery < 2; delivery++)
        {
            var message = (await control.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            Assert.Equal(delivery + 1, message.DequeueCount);
            Assert.Equal(eventMessageId ?? message.MessageId, message.MessageId);
            eventMessageId = message.MessageId;
            await control.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        await using var second = await DurableTestHost.StartAsync(t => new AzureStorageOrchestrationBackend(options, t, loggers), Register, time: time, pollInterval: Poll);
        var poison = new TableClient(azurite.ConnectionString, $"{hub}Poison");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!poison.Query<TableEntity>().Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Poll);
        }

        var row = Assert.Single(poison.Query<TableEntity>());
        Assert.Equal($"control-{partition:D2}", row.PartitionKey);
        Assert.Equal(eventMessageId, row.RowKey);
        Assert.Equal(3, row.GetInt64("DequeueCount"));
        Assert.Equal($"delivered 3 times without completing (instance {id})", row.GetString("Reason"));
        Assert.Contains(id, Assert.Single(sink.MessagesOf(2003)), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await second.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty((await second.Client.GetOrchestrationHistoryAsync(id)).OfType<EventRaisedEvent>());
    }
}
