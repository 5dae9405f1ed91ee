namespace EduFlows.DurableTask.Worker;

/// <summary>The longest an activity call may run (<c>host.json</c> <c>functionTimeout</c>), measured on the app's clock.</summary>
/// <param name="Limit">Past it, the call fails with a <see cref="TimeoutException"/> and its <see cref="ActivityCancellation"/> is cancelled.</param>
public sealed record FunctionTimeout(TimeSpan Limit);
