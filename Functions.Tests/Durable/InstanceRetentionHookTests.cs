using EduFlows.Durable;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Durable;

/// <summary>
/// The nightly purge asks every process's hook before it purges a finished instance: one that says no, or throws, keeps
/// the instance (the throw logged as event 3103), and only what was purged is counted. No storage: a client in memory.
/// </summary>
public sealed class InstanceRetentionHookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 19, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PurgeAsync_AHookSaysNoOrThrows_KeepsThatInstance_LogsTheThrowAs3103_AndPurgesAndCountsTheRest()
    {
        var client = new FinishedInstances("keep-me", "throws", "goes");
        var hooks = new IInstancePurgeHook[] { new Hook(id => id != "keep-me"), new Hook(id => id == "throws" ? throw new InvalidOperationException("table down") : true) };
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var retention = CreateSut(hooks, loggers);

        int purged = await retention.PurgeAsync(client, CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(["goes"], client.Purged);
        Assert.Equal(1, logs.Count(3103));
        Assert.Contains("throws", Assert.Single(logs.MessagesOf(3103)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeAsync_EveryHookAgrees_PurgesEachFinishedInstance_AndAsksEachHookOfEach()
    {
        var client = new FinishedInstances("a", "b");
        var asked = new List<string>();
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var retention = CreateSut([new Hook(id => { asked.Add(id); return true; })], loggers);

        int purged = await retention.PurgeAsync(client, CancellationToken.None);

        Assert.Equal(2, purged);
        Assert.Equal(["a", "b"], client.Purged);
        Assert.Equal(["a", "b"], asked);
        Assert.Equal(0, logs.Count(3103));
    }

    private static InstanceRetention CreateSut(IEnumerable<IInstancePurgeHook> hooks, ILoggerFactory factory)
    {
        var purges = new InstancePurges(hooks, factory.CreateLogger<InstancePurges>());
        return new InstanceRetention(new ConfigurationBuilder().Build(), new FakeTimeProvider(Now), factory.CreateLogger<InstanceRetention>(), purges: purges);
    }

    private sealed class Hook(Func<string, bool> answer) : IInstancePurgeHook
    {
        public Task<bool> BeforePurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) => Task.FromResult(answer(instanceId));
    }

    // Terminated instances last changed a year ago; a purge removes one from the list.
    private sealed class FinishedInstances(params string[] ids) : DurableTaskClient("memory")
    {
        private readonly List<OrchestrationMetadata> _instances = [.. ids.Select(id => new OrchestrationMetadata("Secondment", id)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Terminated,
            CreatedAt = Now.AddYears(-1),
            LastUpdatedAt = Now.AddYears(-1),
        })];

        public List<string> Purged { get; } = [];

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
            Pageable.Create((string? token, int? size, CancellationToken cancellation) => Task.FromResult(new Page<OrchestrationMetadata>([.. _instances], null)));

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            Task.FromResult(_instances.FirstOrDefault(i => i.InstanceId == instanceId));

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        {
            int removed = _instances.RemoveAll(i => i.InstanceId == instanceId);
            Purged.AddRange(Enumerable.Repeat(instanceId, removed));
            return Task.FromResult(new PurgeResult(removed));
        }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
