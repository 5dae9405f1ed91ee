using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Durable;

/// <summary>The orchestrators and activities a worker can run, registered explicitly by name.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, OrchestratorInvoker>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityInvoker> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>The registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers a class-based orchestrator, created through DI for every execution.</summary>
    /// <exception cref="ArgumentException">When the name is taken.</exception>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator, TInput, TOutput>(string? name = null)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>
    {
        Add(_orchestrators, name ?? typeof(TOrchestrator).Name, services =>
        {
            var orchestrator = ActivatorUtilities.CreateInstance<TOrchestrator>(services);
            return async (context, input) =>
                DataConverter.Serialize(await orchestrator.RunAsync(context, DataConverter.Deserialize<TInput>(input)!));
        });
        return this;
    }

    /// <summary>Registers an orchestrator function.</summary>
    /// <exception cref="ArgumentException">When the name is taken.</exception>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        OrchestratorInvoker invoker = async (context, input) =>
            DataConverter.Serialize(await orchestrator(context, DataConverter.Deserialize<TInput>(input)!));
        Add(_orchestrators, name, _ => invoker);
        return this;
    }

    /// <summary>Registers a class-based activity, resolved from a fresh DI scope for every call.</summary>
    /// <exception cref="ArgumentException">When the name is taken.</exception>
    public DurableTaskRegistry AddActivity<TActivity, TInput, TOutput>(string? name = null)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        Add(_activities, name ?? typeof(TActivity).Name, async (services, context, input, cancellationToken) =>
        {
            var activity = ActivatorUtilities.CreateInstance<TActivity>(services);
            return DataConverter.Serialize(await activity.RunAsync(context, DataConverter.Deserialize<TInput>(input)!, cancellationToken));
        });
        return this;
    }

    /// <summary>Registers an activity function.</summary>
    /// <exception cref="ArgumentException">When the name is taken.</exception>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Add(_activities, name, async (_, context, input, _) =>
            DataConverter.Serialize(await activity(context, DataConverter.Deserialize<TInput>(input)!)));
        return this;
    }

    internal bool TryGetOrchestrator(string name, IServiceProvider services, out OrchestratorInvoker invoker)
    {
        if (_orchestrators.TryGetValue(name, out var factory))
        {
            invoker = factory(services);
            return true;
        }

        invoker = null!;
        return false;
    }

    internal bool TryGetActivity(string name, out ActivityInvoker invoker) => _activities.TryGetValue(name, out invoker!);

    private static void Add<T>(Dictionary<string, T> map, string name, T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, value))
        {
            throw new ArgumentException($"'{name}' is already registered.", nameof(name));
        }
    }
}

/// <summary>Runs an orchestrator on serialized input and returns serialized output.</summary>
internal delegate Task<string?> OrchestratorInvoker(TaskOrchestrationContext context, string? input);

/// <summary>Runs an activity on serialized input in a DI scope and returns serialized output.</summary>
internal delegate Task<string?> ActivityInvoker(IServiceProvider services, TaskActivityContext context, string? input, CancellationToken cancellationToken);
