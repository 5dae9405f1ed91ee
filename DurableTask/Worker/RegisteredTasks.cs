using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;

namespace EduFlows.DurableTask.Worker;

/// <summary>Answers whether an orchestrator name is registered, as the Durable HTTP management API must before a start.</summary>
/// <remarks>The SDK's registry keeps its names to itself; the worker hands over the factory it builds from it.</remarks>
public sealed class RegisteredTasks(IServiceProvider services)
{
    private IDurableTaskFactory? _factory;

    /// <summary>True when an orchestrator is registered under <paramref name="name"/> (case-insensitive, as the SDK looks names up).</summary>
    /// <exception cref="InvalidOperationException">Before the worker has been created.</exception>
    public bool HasOrchestrator(string name)
    {
        var factory = _factory ?? throw new InvalidOperationException("The durable worker has not been created yet.");
        return !string.IsNullOrWhiteSpace(name) && factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator) && orchestrator is not null;
    }

    /// <summary>True when an activity is registered under <paramref name="name"/> (case-insensitive, as the SDK looks names up).</summary>
    /// <exception cref="InvalidOperationException">Before the worker has been created.</exception>
    public bool HasActivity(string name)
    {
        var factory = _factory ?? throw new InvalidOperationException("The durable worker has not been created yet.");
        return !string.IsNullOrWhiteSpace(name) && factory.TryCreateActivity(new TaskName(name), services, out var activity) && activity is not null;
    }

    internal void Use(IDurableTaskFactory factory) => _factory = factory;
}
