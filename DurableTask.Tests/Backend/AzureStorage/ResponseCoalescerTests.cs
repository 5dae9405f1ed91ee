using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>Activity responses for one instance travel together, and each is reported stored only once it is.</summary>
public sealed class ResponseCoalescerTests
{
    [Fact]
    public async Task ResponsesCompletingWhileOneIsSent_GoTogetherInTheNextMessage_EachCallerWaitsForItsOwn()
    {
        var sends = new List<int>();
        var firstSend = new TaskCompletionSource();
        var coalescer = new ResponseCoalescer(
            async (_, group) =>
            {
                lock (sends)
                {
                    sends.Add(group.Count);
                }

                if (sends.Count == 1)
                {
                    await firstSend.Task;
                }
            },
            maxBytes: 30_000,
            maxCount: 100);

        var first = coalescer.SendAsync(Response("a", 1), "{}");
        var rest = Enumerable.Range(2, 10).Select(i => coalescer.SendAsync(Response("a", i), "{}")).ToList();
        await Task.Delay(50);

        Assert.Equal([1], sends);
        Assert.False(first.IsCompleted);
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        firstSend.SetResult();
        await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 10], sends);
    }

    [Fact]
    public async Task AFailedSend_FailsEveryCallerInItsGroup_AndTheNextGroupStillGoes()
    {
        var release = new TaskCompletionSource();
        int calls = 0;
        var coalescer = new ResponseCoalescer(
            async (_, group) =>
            {
                int call = Interlocked.Increment(ref calls);
                if (call == 1)
                {
                    await release.Task;
                }
                else if (call == 2)
                {
                    throw new IOException("queue unreachable");
                }
            },
            maxBytes: 30_000,
            maxCount: 3);

        var first = coalescer.SendAsync(Response("a", 1), "{}");
        var failing = Enumerable.Range(2, 3).Select(i => coalescer.SendAsync(Response("a", i), "{}")).ToList();
        var after = coalescer.SendAsync(Response("a", 5), "{}");
        release.SetResult();

        await first;
        foreach (var t in failing)
        {
            await Assert.ThrowsAsync<IOException>(() => t);
        }

        await after.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task DifferentInstances_AreNeverSentTogether()
    {
        var groups = new List<string>();
        var coalescer = new ResponseCoalescer(
            (instanceId, group) =>
            {
                lock (groups)
                {
                    groups.Add(instanceId + ":" + string.Join(",", group.Select(g => g.Message.InstanceId)));
                }

                return Task.Delay(20);
            },
            maxBytes: 30_000,
            maxCount: 100);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => coalescer.SendAsync(Response(i % 2 == 0 ? "a" : "b", i), "{}")));

        Assert.All(groups, g => Assert.DoesNotContain(g.StartsWith('a') ? "b" : "a", g.Split(':')[1], StringComparison.Ordinal));
    }

    private static OrchestrationMessage Response(string instanceId, int taskId) =>
        new(Guid.NewGuid().ToString("N"), instanceId, "e1", new TaskCompletedEvent(-1, taskId, "1"));
}
