using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Chaos;

/// <summary>
/// kill -9 of the host at seeded random points while a notice is distributed to many schools (fan-out/fan-in, the
/// <c>NoticeDistribution</c> sample), while a half-year researcher review opens and mails its tasks and while a staff
/// reallocation runs its rounds, and Azurite frozen during a distribution. Counts receipts lost, calls scheduled or results taken in twice (from the history),
/// instances stuck, tasks opened twice, mails sent twice or never, people placed twice or lost, and how long a
/// restarted host takes to make progress again.
/// </summary>
public sealed partial class ChaosProbe : Probe
{
    private const string Durable = "/runtime/webhooks/durabletask";
    private const string Hub = "EduFlows";

    public override string Name => "chaos";

    public override string Description =>
        "kill -9 at seeded random points during a notice distributed to 100 (full: 1,000) schools, one activity each, while a half-year " +
        "researcher review opens and mails its tasks (full: also its scoring tasks, after the dev clock ends the collection), 2 (full: 5) " +
        "times during a staff reallocation (issue 17) of 104 (full: 328) seeded staff run through every round with tasks answered from mail " +
        "and the dev clock closing windows, plus Azurite frozen for 5 s (full: 10 s) during a distribution: 0 receipts lost, 0 calls or results doubled, " +
        "0 instances stuck, 0 tasks opened twice, 0 mails sent twice or lost, 0 people placed twice or lost, /api/health 503 while frozen and 200 after.";

    /// <summary>
    /// How long a distribution or review may take to finish after the last restart before it counts as stuck: the
    /// durable layer delivers again the messages the killed host held (running or prefetched) only when their queue
    /// visibility (30 s; the fast profile's app 10 s) lapses, and takes its partitions at once (a provably dead holder's
    /// claim) or when their lease (30 s) runs out; plus a wide margin for a loaded machine.
    /// </summary>
    private static TimeSpan StuckBound(ProbeContext context) => TimeSpan.FromMinutes(3);

    public override async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var receipts = new TableClient(context.App.Azurite.ConnectionString, Hub + "NoticeReceipts");
        var resumes = new List<double>();

        int schools = context.IsFast ? 100 : 1000;
        int kills = context.IsFast ? 1 : 3;
        int killed = await DistributeWithKillsAsync(context, receipts, schools, kills, resumes, cancellationToken);
        killed += await ReviewWithKillsAsync(context, resumes, cancellationToken);
        killed += await ReallocateWithKillsAsync(context, resumes, cancellationToken);
        await DistributeWithStoragePausedAsync(context, receipts, cancellationToken);

        // Every kill -9 done, in every part; a kill after a part's last mail or receipt has no resume time to count.
        context.Record("kills", killed);
        context.Record("kills timed to a resume", resumes.Count);
        if (resumes.Count > 0)
        {
            context.Record("resume after kill -9 (s), mean", resumes.Average(), "s");
            context.Record("resume after kill -9 (s), max", resumes.Max(), "s");
        }
    }

    /// <summary>Kills the host now and starts it again; the seconds until <paramref name="progressed"/> holds (null: never within the bound).</summary>
    private static async Task<double?> KillAndResumeAsync(ProbeContext context, string what, Func<Task<bool>> progressed, CancellationToken cancellationToken)
    {
        context.App.Kill();
        context.Log.WriteLine($"  kill -9 during {what}");
        var watch = Stopwatch.StartNew();
        await context.App.StartHostAsync(cancellationToken);
        while (watch.Elapsed < StuckBound(context))
        {
            if (await progressed())
            {
                context.Log.WriteLine($"  resumed after {watch.Elapsed.TotalSeconds:F1} s");
                return Math.Round(watch.Elapsed.TotalSeconds, 1);
            }

            await Task.Delay(250, cancellationToken);
        }

        return null;
    }

    /// <summary>The instance's status as the management API answers it: runtime status and output (null while the host does not answer).</summary>
    private static async Task<(string? Status, JsonNode? Output)> InstanceAsync(AppUnderTest app, string id, CancellationToken cancellationToken)
    {
        try
        {
            var status = await app.GetJsonAsync($"{Durable}/instances/{Uri.EscapeDataString(id)}", cancellationToken: cancellationToken);
            return ((string?)status["runtimeStatus"], status["output"]);
        }
        catch (HttpRequestException ex) when (ex.Message.Contains(" answered 400", StringComparison.Ordinal))
        {
            // 400: failed or terminated; the body is the status.
            return ("Failed", ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, null);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(AppUnderTest app, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(method, path), AppUnderTest.MasterKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await app.Http.SendAsync(request, cancellationToken);
    }

    private static async Task PutAsync(AppUnderTest app, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(app, HttpMethod.Put, path, body.ToJsonString(), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string Tag(ProbeContext context) => context.Random.Next(0x10000, 0xFFFFF).ToString("x", CultureInfo.InvariantCulture);

    private static bool IsOk(HttpStatusCode status) => status is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Created;
}
