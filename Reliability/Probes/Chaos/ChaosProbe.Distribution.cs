using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Chaos;

/// <summary>(a) and (c): the fan-out/fan-in sample under kill -9 and with storage frozen.</summary>
public sealed partial class ChaosProbe
{
    private const string Sample = "NoticeDistribution";

    /// <summary>Distributes to <paramref name="schools"/> schools, killing the host up to <paramref name="kills"/> times; returns the kills done.</summary>
    private static async Task<int> DistributeWithKillsAsync(ProbeContext context, TableClient receipts, int schools, int kills, List<double> resumes, CancellationToken cancellationToken)
    {
        int killed = 0;
        string id = $"chaos-distribution-{Tag(context)}";
        await StartDistributionAsync(context, id, schools, cancellationToken);

        // Kill when a seeded share of the receipts is filed (0 is a kill right after the start was accepted).
        var at = Enumerable.Range(0, kills).Select(_ => context.Random.Next(0, schools * 9 / 10)).Order().ToList();
        var watch = Stopwatch.StartNew();
        foreach (int target in at)
        {
            int filed = await CountAsync(receipts, id, cancellationToken);
            while (filed < target && watch.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(50, cancellationToken);
                filed = await CountAsync(receipts, id, cancellationToken);
            }

            // Progress is the orchestration's, not an activity's: its status changes when it takes in a result. Status and
            // update time come from one read: the time is given to the second, so a last step committed between two reads,
            // or within the second of the one before, would otherwise look like no progress for an instance already done.
            var updated = await ProgressAsync(context, id, cancellationToken);
            if (updated?.Status == "Completed")
            {
                context.Log.WriteLine($"  distribution finished before the kill at {target} receipts");
                break;
            }

            int before = await CountAsync(receipts, id, cancellationToken);
            killed++;
            double? resumed = await KillAndResumeAsync(context, $"a distribution to {schools} schools ({before} receipts filed)",
                async () => await ProgressAsync(context, id, cancellationToken) is { } now && (now != updated || now.Status == "Completed"),
                cancellationToken);
            if (resumed is { } seconds)
            {
                resumes.Add(seconds);
            }
            else
            {
                context.Found("resumes after kill -9", $"POST {Durable}/orchestrators/{Sample}/{id} with {schools} schools, killed at {before} receipts: no receipt and no completion within {StuckBound(context).TotalSeconds:F0} s after the restart.\nhost output:\n{context.App.RecentOutput}");
                resumes.Add(StuckBound(context).TotalSeconds);
            }
        }

        context.Record("distribution: kills", killed);
        await CheckDistributionAsync(context, receipts, id, schools, "kill -9", cancellationToken);
        return killed;
    }

    private static async Task DistributeWithStoragePausedAsync(ProbeContext context, TableClient receipts, CancellationToken cancellationToken)
    {
        int schools = context.IsFast ? 30 : 200;
        var pause = TimeSpan.FromSeconds(context.IsFast ? 5 : 10);
        string id = $"chaos-paused-{Tag(context)}";
        await StartDistributionAsync(context, id, schools, cancellationToken);
        var watch = Stopwatch.StartNew();
        while (await CountAsync(receipts, id, cancellationToken) == 0 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, cancellationToken);
        }

        HttpStatusCode? whilePaused;
        context.App.Azurite.Pause();
        try
        {
            var paused = Stopwatch.StartNew();
            whilePaused = await HealthAsync(context, TimeSpan.FromSeconds(Math.Min(8, pause.TotalSeconds - 0.5)), cancellationToken);
            if (pause - paused.Elapsed is { } left && left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }
        }
        finally
        {
            context.App.Azurite.Resume();
        }

        var resumed = Stopwatch.StartNew();
        context.Record("health while storage frozen", whilePaused is { } s ? (int)s : 0, "status (0: no answer)");
        if (whilePaused is not HttpStatusCode.ServiceUnavailable)
        {
            context.Found("health answers 503 while storage is frozen", $"GET /api/health with Azurite stopped (SIGSTOP) answered {(whilePaused is { } w ? ((int)w).ToString(System.Globalization.CultureInfo.InvariantCulture) : "nothing")} within {pause.TotalSeconds - 0.5:F1} s; expected 503.");
        }

        HttpStatusCode? after = null;
        while (resumed.Elapsed < TimeSpan.FromSeconds(30) && after is not HttpStatusCode.OK)
        {
            after = await HealthAsync(context, TimeSpan.FromSeconds(5), cancellationToken);
            if (after is not HttpStatusCode.OK)
            {
                await Task.Delay(200, cancellationToken);
            }
        }

        context.Record("health healthy again after storage resumed", Math.Round(resumed.Elapsed.TotalSeconds, 1), "s");
        if (after is not HttpStatusCode.OK)
        {
            context.Found("health answers 200 after storage is back", $"GET /api/health answered {(int?)after} for 30 s after Azurite resumed (SIGCONT).");
        }

        await CheckDistributionAsync(context, receipts, id, schools, $"Azurite frozen {pause.TotalSeconds:F0} s", cancellationToken);
        context.Record("distribution done after storage resumed", Math.Round(resumed.Elapsed.TotalSeconds, 1), "s");
    }

    private static async Task StartDistributionAsync(ProbeContext context, string id, int schools, CancellationToken cancellationToken)
    {
        var input = new JsonObject
        {
            ["notice"] = "关于开展学期末安全检查的通知",
            ["schoolIds"] = new JsonArray([.. Enumerable.Range(1, schools).Select(i => (JsonNode)$"school-{i:D4}")]),
        };
        using var start = await SendAsync(context.App, HttpMethod.Post, $"{Durable}/orchestrators/{Sample}/{id}", input.ToJsonString(), cancellationToken);
        if (!IsOk(start.StatusCode))
        {
            throw new InvalidOperationException($"POST {Durable}/orchestrators/{Sample}/{id} answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Waits for the distribution to complete, then counts lost and doubled receipts and checks the output.</summary>
    private static async Task CheckDistributionAsync(ProbeContext context, TableClient receipts, string id, int schools, string what, CancellationToken cancellationToken)
    {
        string label = what == "kill -9" ? "distribution" : "distribution, storage frozen";
        var watch = Stopwatch.StartNew();
        (string? Status, JsonNode? Output) instance = (null, null);
        while (watch.Elapsed < StuckBound(context))
        {
            instance = await InstanceAsync(context.App, id, cancellationToken);
            if (instance.Status is "Completed" or "Failed" or "Terminated")
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in receipts.QueryAsync<TableEntity>(e => e.PartitionKey == id, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No receipt table: nothing was filed.
        }

        bool stuck = instance.Status != "Completed";
        int lost = schools - rows.Count;

        // A doubled effect of a fan-out is the orchestration scheduling a school's call twice or taking in one call's
        // result twice; the receipt table cannot show either (the activity files once by design), the history can.
        var (scheduledTwice, takenInTwice) = stuck ? (0, 0) : await DoubledInHistoryAsync(context, id, schools, cancellationToken);
        int doubled = scheduledTwice + takenInTwice;
        int reruns = rows.Sum(r => Math.Max(0, (r.GetInt32("Runs") ?? 1) - 1));
        context.Record($"{label}: schools", schools);
        context.Record($"{label}: receipts lost", lost);
        context.Record($"{label}: calls scheduled or results taken in twice (doubled effects)", doubled);
        context.Record($"{label}: activities run again (at-least-once, allowed)", reruns);
        context.Record($"{label}: stuck", stuck ? 1 : 0);
        context.Record($"{label}: finished after last disturbance", Math.Round(watch.Elapsed.TotalSeconds, 1), "s");

        string start = $"POST {Durable}/orchestrators/{Sample}/{id} {{\"schoolIds\":[{schools} schools]}} with {what}";
        if (stuck)
        {
            context.Found("no instance stuck", $"{start}: runtimeStatus {instance.Status ?? "(no answer)"} {StuckBound(context).TotalSeconds:F0} s after the last disturbance; output {instance.Output?.ToJsonString()}.\nhost output:\n{context.App.RecentOutput}");
        }

        if (lost != 0)
        {
            context.Found("no receipt lost", $"{start}: {rows.Count} of {schools} receipts in {Hub}NoticeReceipts (partition {id}).");
        }

        if (doubled != 0)
        {
            context.Found("no effect doubled", $"{start}: the history schedules {scheduledTwice} call(s) beyond one per school and takes in {takenInTwice} result(s) a second time.");
        }

        if (!stuck && (Number(instance.Output, "schools") != schools || Number(instance.Output, "filed") != schools))
        {
            context.Found("the output is right", $"{start}: output {instance.Output?.ToJsonString()}; expected schools = filed = {schools}.");
        }
    }

    /// <summary>
    /// From the finished instance's history: calls scheduled beyond one per school, and results (completed or failed)
    /// taken in more than once for one scheduled call.
    /// </summary>
    internal static (int ScheduledTwice, int TakenInTwice) DoubledIn(JsonArray history, int schools)
    {
        int scheduled = history.Count(e => (string?)e?["EventType"] == "TaskScheduled");
        int takenInTwice = history
            .Where(e => (string?)e?["EventType"] is "TaskCompleted" or "TaskFailed")
            .GroupBy(e => (int?)e!["TaskScheduledId"])
            .Sum(g => g.Count() - 1);
        return (Math.Max(0, scheduled - schools), takenInTwice);
    }

    private static async Task<(int ScheduledTwice, int TakenInTwice)> DoubledInHistoryAsync(ProbeContext context, string id, int schools, CancellationToken cancellationToken)
    {
        var status = await context.App.GetJsonAsync($"{Durable}/instances/{Uri.EscapeDataString(id)}?showHistory=true", cancellationToken: cancellationToken);
        return status["historyEvents"] is JsonArray history
            ? DoubledIn(history, schools)
            : throw new InvalidOperationException($"The management API gave no historyEvents for {id}.");
    }

    // The instance's status and last update time as one read of the management API; null when the host does not answer.
    private static async Task<(string? Status, string? LastUpdated)?> ProgressAsync(ProbeContext context, string id, CancellationToken cancellationToken)
    {
        try
        {
            var status = await context.App.GetJsonAsync($"{Durable}/instances/{Uri.EscapeDataString(id)}", cancellationToken: cancellationToken);
            return (status["runtimeStatus"]?.GetValue<string>(), status["lastUpdatedTime"]?.ToJsonString());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static int? Number(JsonNode? output, string name) =>
        output is JsonObject o && (o[name] ?? o[char.ToUpperInvariant(name[0]) + name[1..]]) is JsonValue v && v.TryGetValue<int>(out int n) ? n : null;

    private static async Task<int> CountAsync(TableClient receipts, string id, CancellationToken cancellationToken)
    {
        int count = 0;
        try
        {
            await foreach (var _ in receipts.QueryAsync<TableEntity>(e => e.PartitionKey == id, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                count++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The table comes with the first receipt.
        }

        return count;
    }

    private static async Task<HttpStatusCode?> HealthAsync(ProbeContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            using var response = await context.App.Http.GetAsync(new Uri("/api/health", UriKind.Relative), cancel.Token);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
