namespace EduFlows.DurableTask.Worker;

/// <summary>Tells an activity call that it should stop: its function timeout has passed.</summary>
/// <remarks>
/// The SDK's activities take no token, so a call that wants to stop early asks for this scoped service instead, as an
/// Azure Functions activity would take the invocation's <see cref="CancellationToken"/>. One per call.
/// </remarks>
public sealed class ActivityCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Cancelled when the call should stop.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    internal Task CancelAsync() => _source.CancelAsync();
}
