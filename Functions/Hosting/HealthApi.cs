using EduFlows.Storage;

namespace EduFlows.Hosting;

/// <summary><c>GET /api/health</c> (anonymous, as probes expect): is storage reachable, and what the host reports of itself.</summary>
public sealed class HealthApi(TimeProvider time, StorageAccount? storage = null, IHostStatus? host = null, StaffDirectory.DemoCountyLoader? demo = null)
{
    // A probe answers quickly or not at all.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The health report: 200 when storage answers (or the app runs without it), 503 when it does not.</summary>
    [Function("Health")]
    public async Task<IResult> CheckAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? problem = storage is null ? null : await ProbeAsync(storage, cancellationToken).ConfigureAwait(false);
        var report = new HealthReport(
            problem is null ? "healthy" : "unhealthy",
            storage is null ? "memory" : "azure-storage",
            problem is null,
            problem,
            [.. host?.PartitionsOwned ?? []],
            [.. host?.Timers(time.GetUtcNow()) ?? []],
            DemoCountyWords(demo?.State ?? StaffDirectory.DemoCountyState.Off));
        return problem is null ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The demo county's state as the report spells it: "loading", "loaded", "off" or "failed".</summary>
    public static string DemoCountyWords(StaffDirectory.DemoCountyState state) => state.ToString().ToLowerInvariant();

    private static async Task<string?> ProbeAsync(StorageAccount account, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await foreach (var _ in account.Tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).ConfigureAwait(false))
            {
                break;
            }

            return null;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or AggregateException or HttpRequestException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"Storage at {account.Tables.Uri} (AzureWebJobsStorage) is not reachable: {ex.GetBaseException().Message.Split('\n')[0].Trim()}.";
        }
    }
}

/// <summary>The app's health.</summary>
/// <param name="Status">"healthy" or "unhealthy".</param>
/// <param name="Backend">"memory" (no storage configured) or "azure-storage".</param>
/// <param name="StorageReachable">Whether storage answered.</param>
/// <param name="Problem">What failed, if anything.</param>
/// <param name="PartitionsOwned">Control-queue partitions the host owns (what it reports).</param>
/// <param name="Timers">Timer functions the host schedules (what it reports).</param>
/// <param name="DemoCounty">The demo county's start-up load: "loading", "loaded", "off" (<c>EDUFLOWS_DEMO_DATA=false</c>) or "failed".</param>
public sealed record HealthReport(string Status, string Backend, bool StorageReachable, string? Problem, int[] PartitionsOwned, TimerReport[] Timers, string DemoCounty);
