using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Triggers.Timers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Hosting;

/// <summary><c>GET /api/health</c>: is storage reachable, which partitions this host owns, which timers are registered.</summary>
public static class HealthApi
{
    /// <summary>Maps the route (anonymous, as probes expect).</summary>
    public static RouteHandlerBuilder MapHealthApi(this RouteGroupBuilder functions, string? storage)
    {
        ArgumentNullException.ThrowIfNull(functions);
        // Only the EduFlows provider has partitions this host can report; Microsoft's keeps its leases to itself.
        return functions.MapGet("/health", (IServiceProvider services, TimerTriggerService timers, TimeProvider time, CancellationToken cancellationToken) =>
            CheckAsync(storage, services.GetService<IOrchestrationBackend>(), timers, time, cancellationToken)).WithTags("Host");
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        string? storage, IOrchestrationBackend? backend, TimerTriggerService timers, TimeProvider time, CancellationToken cancellationToken)
    {
        string? problem = storage is null ? null : await StorageProbe.ProbeAsync(storage, cancellationToken).ConfigureAwait(false);
        var report = new HealthReport(
            problem is null ? "healthy" : "unhealthy",
            storage is null ? "memory" : "azure-storage",
            problem is null,
            problem,
            backend is AzureStorageOrchestrationBackend azure ? [.. azure.OwnedPartitions.Order()] : [],
            [.. timers.Names.Zip(timers.Schedules, (name, schedule) => new TimerReport(name, schedule.ToString(), schedule.NextAfter(time.GetUtcNow())))]);
        return problem is null ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The host's health.</summary>
/// <param name="Status">"healthy" or "unhealthy".</param>
/// <param name="Backend">"memory" or "azure-storage".</param>
/// <param name="StorageReachable">Whether storage answered.</param>
/// <param name="Problem">What failed, if anything.</param>
/// <param name="PartitionsOwned">Control-queue partitions this host owns.</param>
/// <param name="Timers">Registered timer functions.</param>
public sealed record HealthReport(string Status, string Backend, bool StorageReachable, string? Problem, int[] PartitionsOwned, TimerReport[] Timers);

/// <summary>A registered timer function.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Schedule">Its schedule and zone.</param>
/// <param name="NextOccurrence">When it next runs.</param>
public sealed record TimerReport(string Name, string Schedule, DateTimeOffset NextOccurrence);
