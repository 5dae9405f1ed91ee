using Azure.Data.Tables;
using Azure.Storage.Queues;
using DurableTask.Core;
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
/// A host stopped while a step holds an instance: the stop waits for the step, so a step that commits deletes its
/// message rather than have it handed back and delivered again. Handed back, a committed step's message counted one
/// more delivery on every stop, and a healthy instance ended with a row in the Poison table.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StopWithStepInFlightTests(AzuriteFixture azurite)
{
    private const int StopWaits = 2013;
    private const int StopGaveUp = 2014;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task HostStoppedAsEachStepCommits_FiveTimes_NoMessageIsDeliveredAgain_AndNoPoisonRow()
    {
        string hub = AzuriteFixture.NewHubName();

        // Every message may be delivered once: a second delivery of any of them is set aside as poison.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { MaxDequeueCount = 1 };
        var time = new FakeTimeProvider();
        static void Register(DurableTaskRegistry r) => r.AddOrchestratorFunc<object?, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        string id = $"{hub}-waiting";
        const int Cycles = 5;

        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            var sink = new CapturingLoggerProvider();
            using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
            var host = await DurableTestHost.StartAsync(t => new AzureStorageOrchestrationBackend(options, t, loggers), Register, time: time, pollInterval: Poll);
            var stopped = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
            int commits = 0;
            ((AzureStorageOrchestrationBackend)host.Backend).FaultInjector = async point =>
            {
                if (point != "after-commit" || Interlocked.Increment(ref commits) != 1)
                {
                    return;
                }

                // The step's history is written and its message not yet deleted: the host is stopped right then. The step
                // goes on once the stop waits for it (or, if the stop does not wait, once the stop is over).
                var stopping = host.DisposeAsync().AsTask();
                stopped.SetResult(stopping);
                while (!stopping.IsCompleted && sink.Count(StopWaits) == 0)
                {
                    await Task.Delay(10);
                }
            };

            if (cycle == 0)
            {
                await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", new StartOrchestrationOptions(id));
            }
            else
            {
                await host.Client.RaiseEventAsync(id, "nudge", cycle);
            }

            await (await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60))).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Empty(sink.MessagesOf(StopGaveUp));
        }

        await using var reader = new AzureStorageOrchestrationBackend(options, time);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-{reader.PartitionOf(id):D2}");
        Assert.Equal(0, (await control.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(new TableClient(azurite.ConnectionString, $"{hub}Poison").Query<TableEntity>());

        // Each step committed once: the start, and the four nudges the instance keeps while it waits for "go".
        var history = await reader.GetHistoryAsync(id, CancellationToken.None);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(Cycles - 1, history.OfType<EventRaisedEvent>().Count(e => e.Name == "nudge"));
        Assert.Equal(OrchestrationStatus.Running, (await reader.GetStateAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task StepStillRunningWhenTheStopHandsItsMessageBack_CommitsLater_AndDeletesTheMessage()
    {
        string hub = AzuriteFixture.NewHubName();
        string id = $"{hub}-slow";
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { StopTimeout = TimeSpan.FromSeconds(1) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Created before the worker owns a partition, the start goes through the control queue.
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
        await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), CancellationToken.None);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-{worker.PartitionOf(id):D2}");
        var step = (await worker.LockNextOrchestrationAsync(cts.Token))!;

        // The step outlasts the stop's wait: its message is handed back, visible at once to the next owner.
        await worker.DisposeAsync();
        Assert.Single(sink.MessagesOf(StopWaits));
        Assert.Single(sink.MessagesOf(StopGaveUp));
        Assert.Equal(1, Assert.Single((await control.PeekMessagesAsync(cancellationToken: cts.Token)).Value).DequeueCount);

        // Committed before anyone took it again: deleted with the receipt the hand-back was given, not delivered again.
        await worker.CompleteOrchestrationAsync(step, new OrchestrationStep(state with { Status = OrchestrationStatus.Running }, [started], true, [], []), CancellationToken.None);
        Assert.Equal(0, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }
}
