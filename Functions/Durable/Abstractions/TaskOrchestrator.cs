namespace EduFlows.Durable;

/// <summary>A class-based orchestrator with a typed input and output.</summary>
/// <typeparam name="TInput">The instance's input.</typeparam>
/// <typeparam name="TOutput">The instance's output.</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput>
{
    /// <summary>Runs (and re-runs, on replay) the orchestration.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);
}
