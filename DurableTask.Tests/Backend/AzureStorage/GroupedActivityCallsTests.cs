using Azure.Storage.Queues;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>A step's activity calls travel several to a work-item message; each still runs once, and an abandoned one alone runs again.</summary>
[Collection(AzuriteTests.Name)]
public sealed class GroupedActivityCallsTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AStepsCalls_GoInOneMessage_AnAbandonedCallAloneRunsAgain_AndEveryResponseArrives()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var backend = new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState
        {
            InstanceId = "grouped",
            Name = "FanOut",
            ExecutionId = "e1",
            Status = OrchestrationStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        var started = new ExecutionStartedEvent(-1, null) { Name = "FanOut", OrchestrationInstance = new OrchestrationInstance { InstanceId = "grouped", ExecutionId = "e1" } };
        await backend.CreateInstanceAsync(state, new OrchestrationMessage("start", "grouped", "e1", started), CancellationToken.None);

        using var cts = new CancellationTokenSource(Wait);
        var first = await backend.LockNextOrchestrationAsync(cts.Token);
        Assert.NotNull(first);
        var calls = Enumerable.Range(0, 5).Select(i => new ActivityRequest($"call-{i}", "grouped", "e1", i, "Square", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await backend.CompleteOrchestrationAsync(
            first,
            new OrchestrationStep(state with { Status = OrchestrationStatus.Running }, [started, .. calls.Select(c => (HistoryEvent)new TaskScheduledEvent(c.TaskScheduledId, c.Name))], true, calls, []),
            CancellationToken.None);

        // One work-item message for the five calls (the count includes a message already taken and still invisible).
        var workItems = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-workitems");
        Assert.Equal(1, (await workItems.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var locked = new List<ActivityWorkItem>();
        for (int i = 0; i < 5; i++)
        {
            locked.Add((await backend.LockNextActivityAsync(cts.Token))!);
        }

        Assert.Equal(calls.Select(c => c.Id).Order(), locked.Select(l => l.Request.Id).Order());
        var abandoned = locked[2];
        await backend.AbandonActivityAsync(abandoned, CancellationToken.None);
        foreach (var call in locked.Where(l => l != abandoned))
        {
            await backend.CompleteActivityAsync(call, Response(call.Request), CancellationToken.None);
        }

        // Only the abandoned call comes round again, and soon (not after the message's visibility timeout).
        var again = await backend.LockNextActivityAsync(cts.Token);
        Assert.Equal(abandoned.Request.Id, again!.Request.Id);
        await backend.CompleteActivityAsync(again, Response(again.Request), CancellationToken.None);
        using (var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            Assert.Null(await backend.LockNextActivityAsync(quiet.Token));
        }

        // Every response reaches the instance, however they were grouped on the way.
        var answered = new List<int>();
        while (answered.Count < 5)
        {
            var step = (await backend.LockNextOrchestrationAsync(cts.Token))!;
            answered.AddRange(step.Messages.Select(m => ((TaskCompletedEvent)m.Event).TaskScheduledId));
            await backend.CompleteOrchestrationAsync(step, new OrchestrationStep(null, [], false, [], []), CancellationToken.None);
        }

        Assert.Equal([0, 1, 2, 3, 4], answered.Order());
    }

    private static OrchestrationMessage Response(ActivityRequest call) =>
        new(Guid.NewGuid().ToString("N"), call.InstanceId, call.ExecutionId, new TaskCompletedEvent(-1, call.TaskScheduledId, "1"));
}
