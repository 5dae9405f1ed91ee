namespace EduFlows.DurableTask.Providers;

/// <summary>
/// The storage provider under the worker and client, named as Durable Functions names it in <c>host.json</c>
/// (<c>extensions.durableTask.storageProvider.type</c>).
/// </summary>
public enum DurableStorageProvider
{
    /// <summary>
    /// Ours (the default): one ETag-guarded commit per step, leased partitions, timers fired by the app's
    /// <see cref="TimeProvider"/> (so the dev clock and fake-clock tests move them) with no length limit.
    /// </summary>
    EduFlows = 0,

    /// <summary>
    /// Microsoft's <c>DurableTask.AzureStorage</c>, the provider Azure Functions runs. Its timers are queue messages
    /// with a wall-clock visibility delay: no clock but the wall clock moves them.
    /// </summary>
    AzureStorage = 1,
}
