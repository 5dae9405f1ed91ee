namespace EduFlows.Durable;

/// <summary>A class-based activity, resolved from DI for each call; activities do the I/O orchestrators must not.</summary>
/// <typeparam name="TInput">The call's input.</typeparam>
/// <typeparam name="TOutput">The call's result.</typeparam>
/// <remarks>Delivery is at-least-once: an activity may run again after a crash, so make its effects idempotent.</remarks>
public abstract class TaskActivity<TInput, TOutput>
{
    /// <summary>Runs the activity.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);
}
