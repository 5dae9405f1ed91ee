using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask;
using EduFlows.DurableTask.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests;

/// <summary>A worker and client over a given backend, on a fake clock that tests move (Temporal-style time skipping).</summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(120);
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private readonly IOrchestrationBackend? _backend;

    private DurableTestHost(ServiceProvider services, FakeTimeProvider time, TimeProvider clock, TimeSpan pollInterval)
    {
        _services = services;
        Time = time;
        Clock = clock;
        PollInterval = pollInterval;
        _backend = services.GetService<IOrchestrationBackend>();
        Service = services.GetRequiredService<IOrchestrationServiceClient>();
        Client = services.GetRequiredService<DurableTaskClient>();
        _hosted = [.. services.GetServices<IHostedService>()];
    }

    public DurableTaskClient Client { get; }

    /// <summary>The services activities are resolved from.</summary>
    public IServiceProvider Services => _services;

    public FakeTimeProvider Time { get; }

    /// <summary>The clock the worker, client and provider run by: <see cref="Time"/>, or the wall clock when a test asked for it.</summary>
    public TimeProvider Clock { get; }

    /// <summary>True when the host runs by <see cref="Time"/>, so moving it moves the instances' time.</summary>
    public bool OnFakeClock => ReferenceEquals(Clock, Time);

    /// <summary>Moves the fake clock on; on the wall clock time passes by itself, so this does nothing.</summary>
    public void Advance(TimeSpan by)
    {
        if (OnFakeClock)
        {
            Time.Advance(by);
        }
    }

    /// <summary>Sets the fake clock to <paramref name="at"/>; on the wall clock time gets there by itself.</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (OnFakeClock)
        {
            Time.SetUtcNow(at);
        }
    }

    /// <summary>The EduFlows provider's backend.</summary>
    /// <exception cref="InvalidOperationException">When the host runs another provider.</exception>
    public IOrchestrationBackend Backend => _backend ?? throw new InvalidOperationException("This host does not run the EduFlows provider.");

    /// <summary>The provider as DurableTask.Core's client sees it, beneath the SDK client's own checks.</summary>
    public IOrchestrationServiceClient Service { get; }

    /// <summary>How often the helpers poll (real time): often for memory, gently for a storage emulator.</summary>
    public TimeSpan PollInterval { get; }

    public static Task<DurableTestHost> StartAsync(
        Func<TimeProvider, IOrchestrationBackend> backend,
        Action<DurableTaskRegistry> register,
        EduFlowsProviderOptions? options = null,
        Action<IServiceCollection>? configureServices = null,
        FakeTimeProvider? time = null,
        TimeSpan? pollInterval = null) =>
        StartWithProviderAsync(
            (services, clock) => services.AddSingleton(_ => backend(clock)).AddEduFlowsProvider(options),
            register,
            configureServices,
            time,
            pollInterval);

    /// <summary>Starts a host over whatever provider <paramref name="provider"/> registers on the given clock.</summary>
    /// <param name="provider">Registers the provider's services, on the clock the host runs by.</param>
    /// <param name="register">The orchestrators and activities.</param>
    /// <param name="configureServices">Anything else the test needs.</param>
    /// <param name="time">The fake clock tests move (a new one at 2026-01-01 01:00 by default).</param>
    /// <param name="pollInterval">How often the helpers poll.</param>
    /// <param name="clock">The clock the worker, client and provider run by: <paramref name="time"/> unless a test needs the wall clock.</param>
    public static async Task<DurableTestHost> StartWithProviderAsync(
        Action<IServiceCollection, TimeProvider> provider,
        Action<DurableTaskRegistry> register,
        Action<IServiceCollection>? configureServices = null,
        FakeTimeProvider? time = null,
        TimeSpan? pollInterval = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero));
        clock ??= time;
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton(clock);
        provider(collection, clock);
        collection.AddDurableTask(register);
        configureServices?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        var host = new DurableTestHost(services, time, clock, pollInterval ?? TimeSpan.FromMilliseconds(2));
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    /// <summary>Waits for the instance to finish, moving the fake clock to each open timer once the instance is idle.</summary>
    public async Task<OrchestrationMetadata> RunToCompletionAsync(string instanceId, bool skipTime = true)
    {
        using var cts = new CancellationTokenSource(RealTimeout);
        int lastCount = -1;
        int stablePolls = 0;
        while (true)
        {
            var meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (meta is { IsCompleted: true })
            {
                return meta;
            }

            if (skipTime && OnFakeClock)
            {
                IReadOnlyList<HistoryEvent> history = [.. await Client.GetOrchestrationHistoryAsync(instanceId, cts.Token)];
                stablePolls = history.Count == lastCount ? stablePolls + 1 : 0;
                lastCount = history.Count;
                if (stablePolls >= 3 && NextOpenTimer(history) is { } due && due > Time.GetUtcNow())
                {
                    Time.SetUtcNow(due);
                    stablePolls = 0;
                }
            }

            await Task.Delay(PollInterval, cts.Token);
        }
    }

    /// <summary>Waits (in real time) until the instance's history satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> condition)
    {
        using var cts = new CancellationTokenSource(RealTimeout);
        while (true)
        {
            IReadOnlyList<HistoryEvent> history = [.. await Client.GetOrchestrationHistoryAsync(instanceId, cts.Token)];
            if (condition(history))
            {
                return history;
            }

            await Task.Delay(PollInterval, cts.Token);
        }
    }

    /// <summary>Waits (in real time) until the instance has the given status.</summary>
    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTime.UtcNow + RealTimeout;
        while (true)
        {
            var meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (meta is not null && meta.RuntimeStatus == status)
            {
                return meta;
            }

            if (DateTime.UtcNow > deadline)
            {
                // Say where it stands, so a hang reads as a story instead of a bare cancellation.
                var history = meta is null ? [] : await Client.GetOrchestrationHistoryAsync(instanceId);
                throw new TimeoutException(
                    $"'{instanceId}' is {meta?.RuntimeStatus.ToString() ?? "missing"}, not {status}, after {RealTimeout}; fake time {Time.GetUtcNow():O}; " +
                    $"status {meta?.SerializedCustomStatus}; last events: {string.Join(", ", history.TakeLast(60).Select(Describe))}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"TaskScheduled#{t.EventId} {t.Name}",
        TaskCompletedEvent t => $"TaskCompleted({t.TaskScheduledId})",
        TaskFailedEvent t => $"TaskFailed({t.TaskScheduledId})",
        TimerCreatedEvent t => $"TimerCreated#{t.EventId} {t.FireAt:O}",
        TimerFiredEvent t => $"TimerFired({t.TimerId})",
        EventRaisedEvent t => $"EventRaised {t.Name}",
        EventSentEvent t => $"EventSent {t.Name} to {t.InstanceId}",
        _ => e.EventType.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }

    private static DateTimeOffset? NextOpenTimer(IReadOnlyList<HistoryEvent> history)
    {
        var fired = history.OfType<TimerFiredEvent>().Select(t => t.TimerId).ToHashSet();
        return history.OfType<TimerCreatedEvent>()
            .Where(t => !fired.Contains(t.EventId))
            .Select(t => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(t.FireAt, DateTimeKind.Utc)))
            .Min();
    }
}

/// <summary>One page of instances, read the way the Durable HTTP management API pages them.</summary>
public sealed record InstancePageView(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

public static class DurableTaskClientPaging
{
    /// <summary>Reads the page of <paramref name="query"/> that its continuation token names.</summary>
    public static async Task<InstancePageView> GetPageAsync(this DurableTaskClient client, OrchestrationQuery query)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize))
        {
            return new InstancePageView([.. page.Values], page.ContinuationToken);
        }

        return new InstancePageView([], null);
    }
}
