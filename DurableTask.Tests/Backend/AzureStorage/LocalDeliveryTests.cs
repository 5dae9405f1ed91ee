using Azure.Storage.Queues;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// A worker that owns an instance's partition hands it its start and its activity responses in memory; what it held
/// that way reaches the next owner when it lets the partition go, without waiting for timeouts or running a call twice.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LocalDeliveryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ResponseHeldInMemory_WhenTheWorkerStops_ReachesTheNextOwner_AndTheCallIsNotRunAgain()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub);
        var first = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Wait);

        // The first worker takes every partition (a lock call starts it), then starts the instance in its own process.
        var starting = first.LockNextActivityAsync(cts.Token);
        while (first.OwnedPartitions.Count < options.PartitionCount)
        {
            await Task.Delay(50, cts.Token);
        }

        var (state, started) = NewInstance("local-handover");
        await first.CreateInstanceAsync(state, new OrchestrationMessage("start", state.InstanceId, state.ExecutionId, started), CancellationToken.None);
        var step = (await first.LockNextOrchestrationAsync(cts.Token))!;
        var call = new ActivityRequest("call-0", state.InstanceId, state.ExecutionId, 0, "Square", "3");
        await first.CompleteOrchestrationAsync(
            step, new OrchestrationStep(state with { Status = OrchestrationStatus.Running }, [started, new TaskScheduledEvent(0, "Square")], true, [call], []), CancellationToken.None);
        var running = (await starting)!;
        await first.CompleteActivityAsync(running, new OrchestrationMessage("response-0", state.InstanceId, state.ExecutionId, new TaskCompletedEvent(-1, 0, "9")), CancellationToken.None);

        // Stopped before the step that applies the response: the response was never in a queue, the call's message still is.
        await first.DisposeAsync();
        await using var second = new AzureStorageOrchestrationBackend(options with { WorkerId = "second" }, TimeProvider.System);
        var next = await LockWithinAsync(second, TimeSpan.FromSeconds(5));

        Assert.NotNull(next);
        var response = Assert.Single(next.Messages);
        Assert.Equal(0, Assert.IsType<TaskCompletedEvent>(response.Event).TaskScheduledId);
        var workItems = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-workitems");
        Assert.Equal(0, (await workItems.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task ResponseHeldInMemory_ItsCallsMessageCannotBeDeleted_TheStopGivesUpOnceItsTimeRunsOut()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1, StopTimeout = TimeSpan.FromSeconds(2) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Wait);
        var starting = worker.LockNextActivityAsync(cts.Token);
        while (worker.OwnedPartitions.Count < options.PartitionCount)
        {
            await Task.Delay(50, cts.Token);
        }

        var (state, started) = NewInstance($"{hub}-local");
        await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", state.InstanceId, state.ExecutionId, started), CancellationToken.None);
        var step = (await worker.LockNextOrchestrationAsync(cts.Token))!;
        var call = new ActivityRequest("call-0", state.InstanceId, state.ExecutionId, 0, "Square", "3");
        await worker.CompleteOrchestrationAsync(
            step, new OrchestrationStep(state with { Status = OrchestrationStatus.Running }, [started, new TaskScheduledEvent(0, "Square")], true, [call], []), CancellationToken.None);
        await worker.CompleteActivityAsync((await starting)!, new OrchestrationMessage("response-0", state.InstanceId, state.ExecutionId, new TaskCompletedEvent(-1, 0, "9")), CancellationToken.None);

        // The stop sends the response it held through the control queue, then cannot delete the call's message: each
        // try fails after 0.3 s (a storage account that does not answer), and the tries wait 0.2, 0.4, 0.6 and 0.8 s in
        // between, so the fourth starts 2.1 s after the first and the fifth 3.2 s after it.
        int deletes = 0;
        worker.FaultInjector = point =>
        {
            if (point != "activity-delete")
            {
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref deletes);
            return FailAfterAsync(TimeSpan.FromMilliseconds(300));
        };
        await worker.DisposeAsync();

        // Given up within the stop's 2 s, which also bound sending the response first (1 s left it too little on a slow
        // storage emulator): by the fourth try at the latest, not the fifth (due 3.2 s after the first, well past the
        // deadline, so late timers on a loaded machine cannot let it through), which a stop that waited it out made; the
        // response is out.
        Assert.InRange(Volatile.Read(ref deletes), 1, 4);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        Assert.Equal(1, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }

    private static async Task FailAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        throw new IOException("The storage account cannot be reached.");
    }

    private static async Task<OrchestrationWorkItem?> LockWithinAsync(AzureStorageOrchestrationBackend backend, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        return await backend.LockNextOrchestrationAsync(cts.Token);
    }

    private static (OrchestrationInstanceState State, ExecutionStartedEvent Started) NewInstance(string id)
    {
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState
        {
            InstanceId = id,
            Name = "Square",
            ExecutionId = "e1",
            Status = OrchestrationStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Square", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
        return (state, started);
    }
}
