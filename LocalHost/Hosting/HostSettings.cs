using EduFlows.DurableTask.Providers;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Logging;

namespace EduFlows.Hosting;

/// <summary>The settings of <c>host.json</c> that EduFlows reads; defaults are those of Azure Functions where it has one.</summary>
public sealed record HostSettings
{
    /// <summary>The longest an activity may run before it is cancelled and fails (<c>functionTimeout</c>). Default 5 minutes.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Minimum log level per category (<c>logging.logLevel</c>); the key "default" applies to all others.</summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; init; } = new Dictionary<string, LogLevel>();

    /// <summary>The prefix of HTTP function routes (<c>extensions.http.routePrefix</c>). Default "api".</summary>
    public string RoutePrefix { get; init; } = "api";

    /// <summary>The task hub (<c>extensions.durableTask.hubName</c>). Default "EduFlows".</summary>
    public string HubName { get; init; } = "EduFlows";

    /// <summary>
    /// The storage provider (<c>extensions.durableTask.storageProvider.type</c>): <c>EduFlows</c> (default; its timers
    /// follow the app's clock) or <c>AzureStorage</c> (Microsoft's, as Azure Functions runs it; wall-clock timers).
    /// </summary>
    public DurableStorageProvider StorageProvider { get; init; } = DurableStorageProvider.EduFlows;

    /// <summary>Control-queue partitions (<c>extensions.durableTask.storageProvider.partitionCount</c>). Default 4.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>
    /// How long a received control-queue message stays invisible, renewed while held
    /// (<c>extensions.durableTask.storageProvider.controlQueueVisibilityTimeout</c>): how long what a killed host held
    /// waits for the next one. Default: the provider's (ours 30 s, Microsoft's 5 minutes).
    /// </summary>
    public TimeSpan? ControlQueueVisibilityTimeout { get; init; }

    /// <summary>
    /// How long a received activity call stays invisible, renewed while it runs
    /// (<c>extensions.durableTask.storageProvider.workItemQueueVisibilityTimeout</c>): how long the calls a killed host
    /// was running wait to run again. Default: the provider's (ours 30 s, Microsoft's 5 minutes).
    /// </summary>
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; init; }

    /// <summary>Activities run at once per worker (<c>extensions.durableTask.maxConcurrentActivityFunctions</c>). Default 10 per core.</summary>
    public int MaxConcurrentActivityFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestration steps run at once per worker (<c>extensions.durableTask.maxConcurrentOrchestratorFunctions</c>). Default 10 per core.</summary>
    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>
    /// The version of orchestrations started without one, and this host's own version for matching
    /// (<c>extensions.durableTask.defaultVersion</c>). Default none.
    /// </summary>
    public string? DefaultVersion { get; init; }

    /// <summary>
    /// Which instance versions this host runs (<c>extensions.durableTask.versionMatchStrategy</c>): <c>None</c>,
    /// <c>CurrentOrOlder</c> (default, as in Durable Functions) or <c>Strict</c>.
    /// </summary>
    public DurableTaskWorkerOptions.VersionMatchStrategy? VersionMatchStrategy { get; init; }

    /// <summary>
    /// What happens to an instance of a version this host does not run (<c>extensions.durableTask.versionFailureStrategy</c>):
    /// <c>Reject</c> (default: left for a host of its version) or <c>Fail</c>.
    /// </summary>
    public DurableTaskWorkerOptions.VersionFailureStrategy? VersionFailureStrategy { get; init; }

    /// <summary>The worker's versioning, or <see langword="null"/> when <c>host.json</c> names none of the three settings.</summary>
    public DurableTaskWorkerOptions.VersioningOptions? Versioning() =>
        DefaultVersion is null && VersionMatchStrategy is null && VersionFailureStrategy is null
            ? null
            : new DurableTaskWorkerOptions.VersioningOptions
            {
                Version = DefaultVersion ?? string.Empty,
                DefaultVersion = DefaultVersion ?? string.Empty,
                MatchStrategy = VersionMatchStrategy ?? DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
                FailureStrategy = VersionFailureStrategy ?? DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
            };
}
