namespace EduFlows.DurableTask.Worker;

/// <summary>The longest an activity call may run (<c>host.json</c> <c>functionTimeout</c>).</summary>
/// <param name="Limit">Past it, the call fails with a <see cref="TimeoutException"/> and its <see cref="ActivityCancellation"/> is cancelled.</param>
/// <param name="Clock">
/// The clock the run time is measured on; null: the app's clock (tests move it to time a call out). A host whose app
/// clock can be moved by days (the local host's dev clock) gives the wall clock, or every call in flight when the
/// clock moves would be timed out and fail its orchestration.
/// </param>
public sealed record FunctionTimeout(TimeSpan Limit, TimeProvider? Clock = null);
