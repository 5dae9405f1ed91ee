namespace EduFlows.DurableTask.Worker;

/// <summary>Whether the worker's host is stopping: from the app's ApplicationStopping on, or once the worker is stopped.</summary>
/// <remarks>
/// Both tokens are read, not one linked from them: a call that ends because ApplicationStopping fired may be resumed by
/// that very cancellation, before a linked token (registered earlier, called later) would show it.
/// </remarks>
/// <param name="Worker">The worker's own stopping token.</param>
/// <param name="App">The app's ApplicationStopping, which fires before hosted services are stopped; none without a host.</param>
internal readonly record struct WorkerStopping(CancellationToken Worker, CancellationToken App)
{
    /// <summary>True once either has fired.</summary>
    public bool IsRequested => Worker.IsCancellationRequested || App.IsCancellationRequested;
}
