using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Triggers.Timers;

namespace EduFlows.Hosting;

/// <summary>The local host's own facts for the app's health report: partitions our provider owns here, timers scheduled here.</summary>
internal sealed class LocalHostStatus(IServiceProvider services, TimerTriggerService timers) : IHostStatus
{
    // Only the EduFlows provider has partitions this host can report; Microsoft's keeps its leases to itself.
    public IReadOnlyList<int> PartitionsOwned =>
        services.GetService<IOrchestrationBackend>() is AzureStorageOrchestrationBackend azure ? [.. azure.OwnedPartitions.Order()] : [];

    public IReadOnlyList<TimerReport> Timers(DateTimeOffset now) =>
        [.. timers.Names.Zip(timers.Schedules, (name, schedule) => new TimerReport(name, schedule.ToString(), schedule.NextAfter(now)))];
}
