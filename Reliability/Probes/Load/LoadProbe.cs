using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EduFlows.Bench;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Probes.Tokens;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Load;

/// <summary>
/// Task links under load: <see cref="Concurrency"/> clients open task forms (HTML, then JSON) and then answer open
/// tasks, each for a fixed time, recording throughput, p50 and p99. Every request must succeed. The full profile
/// also compares with the issue's aim: 3x the old platform's 81 form GETs/s (p99 545 ms) and 24 answers/s (p99 1.2 s).
/// Then the roster import is timed on the quote-laden bodies that once took 28 s (<see cref="RosterImportTiming"/>).
/// </summary>
public sealed class LoadProbe : Probe
{
    /// <summary>Clients at once, as in the issue's measurement.</summary>
    public const int Concurrency = 20;

    private const double GetTarget = 3 * 81, GetP99Target = 545, SubmitTarget = 3 * 24, SubmitP99Target = 1200;
    private const string Answer = """{"acknowledged":"true","comment":"负载测试"}""";

    public override string Name => "load";

    public override string Description =>
        $"{Concurrency} concurrent task form GETs (HTML, JSON) and answers: throughput, p50, p99, no errors; 277 KB quote-laden rosters refused within {RosterImportTiming.Bound.TotalSeconds:F1} s; full: at least 3x the old platform (≥{GetTarget} GETs/s, ≥{SubmitTarget} answers/s)";

    public override async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = context.App;
        var ct = cancellationToken;
        var duration = context.IsFast ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(30);

        // Open tasks to answer, one each: the full pool lasts about 10 s at the aim (opening them is the slow part);
        // when they run out, throughput is taken over the time until then.
        int pool = context.IsFast ? 120 : 800;
        string prefix = $"rload-{context.Seed}-{Guid.NewGuid().ToString("N")[..6]}";
        string person = await NoticeTasks.SeedPersonAsync(app, prefix + "-a", ct);
        var made = Stopwatch.StartNew();
        var links = await OpenTasksAsync(app, prefix, person, pool, ct);
        context.Record("tasks opened for the run", links.Count);
        context.Record("time to open them", made.Elapsed.TotalSeconds, "s");
        // The orchestrations that mailed the tasks settle into waiting before anything is measured.
        await Task.Delay(context.IsFast ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10), ct);
        context.Record("load average before", LoadOne());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency * 2, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Forms are read from the first 20 tasks (each client its own), answers go to the rest, one each.
        var shown = links.Take(Concurrency).ToArray();
        var toAnswer = new ConcurrentQueue<TaskLink>(links.Skip(Concurrency));
        await WarmUpAsync(http, shown, ct);

        var html = await PhaseAsync(context, http, "form GET (HTML)", duration, i => Get(shown[i % shown.Length].Path, "text/html"), ct);
        var json = await PhaseAsync(context, http, "form GET (JSON)", duration, i => Get(shown[i % shown.Length].Path, "application/json"), ct);
        var submit = await PhaseAsync(context, http, "answer POST", duration, _ => toAnswer.TryDequeue(out var link) ? Post(link.Path) : null, ct);
        context.Record("load average after", LoadOne());

        // Alone, after the phases: the import's refusals are timed without the forms' load.
        await RosterImportTiming.MeasureAsync(context, ct);

        if (!context.IsFast)
        {
            bool getsMet = html.PerSecond >= GetTarget && json.PerSecond >= GetTarget && html.P99 <= GetP99Target && json.P99 <= GetP99Target;
            bool submitsMet = submit.PerSecond >= SubmitTarget && submit.P99 <= SubmitP99Target;
            context.Record("form GET target met (≥243/s, p99 ≤ 545 ms)", getsMet ? 1 : 0);
            context.Record("answer target met (≥72/s, p99 ≤ 1.2 s)", submitsMet ? 1 : 0);
            if (!getsMet)
            {
                context.Found("form GETs at 3x the old platform",
                    $"HTML {html.PerSecond:F0}/s p99 {html.P99:F0} ms, JSON {json.PerSecond:F0}/s p99 {json.P99:F0} ms; aim ≥{GetTarget}/s with p99 ≤ {GetP99Target} ms (load average {LoadOne():F1})");
            }

            if (!submitsMet)
            {
                context.Found("answers at 3x the old platform",
                    $"{submit.PerSecond:F0}/s p99 {submit.P99:F0} ms{(submit.RanOut ? " (ran out of open tasks)" : "")}; aim ≥{SubmitTarget}/s with p99 ≤ {SubmitP99Target} ms (load average {LoadOne():F1})");
            }
        }
    }

    private static HttpRequestMessage Get(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    private static HttpRequestMessage Post(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    // Concurrency clients, each sending its next request as soon as the last one answered, until the time is up or
    // there is nothing left to send; every answer but 200 is an error (one finding per distinct status, with the first body).
    private static async Task<Phase> PhaseAsync(ProbeContext context, HttpClient http, string name, TimeSpan duration, Func<int, HttpRequestMessage?> next, CancellationToken ct)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, string>();
        int errorCount = 0, sent = 0;
        bool ranOut = false;
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Concurrency).Select(async client =>
        {
            await Task.Yield();
            while (clock.Elapsed < duration)
            {
                using var request = next(Interlocked.Increment(ref sent));
                if (request is null)
                {
                    ranOut = true;
                    return;
                }

                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    string body = await response.Content.ReadAsStringAsync(ct);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errorCount);
                        errors.TryAdd($"{(int)response.StatusCode}", $"{request.Method} {request.RequestUri} → {(int)response.StatusCode}: {TokensProbe.Excerpt(body)}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Interlocked.Increment(ref errorCount);
                    errors.TryAdd(ex.GetType().Name, $"{request.Method} {request.RequestUri} → {ex.GetType().Name}: {ex.Message}");
                }
            }
        });
        await Task.WhenAll(clients);
        double seconds = clock.Elapsed.TotalSeconds;

        var sorted = latencies.Order().ToArray();
        var phase = new Phase(sorted.Length / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), ranOut);
        context.Record($"{name} requests", sorted.Length);
        context.Record($"{name} throughput", phase.PerSecond, "/s");
        context.Record($"{name} p50", phase.P50, "ms");
        context.Record($"{name} p99", phase.P99, "ms");
        context.Record($"{name} slowest", sorted.Length == 0 ? 0 : sorted[^1], "ms");
        context.Record($"{name} errors", errorCount);
        if (ranOut)
        {
            context.Record($"{name} ran out of open tasks after", seconds, "s");
        }

        foreach (var (status, detail) in errors)
        {
            context.Found($"{name} under load: no errors", $"{errorCount} error(s) in {sorted.Length}; first {status}: {detail}");
        }

        context.Log.WriteLine($"  {name}: {phase.PerSecond:F1}/s p50 {phase.P50:F0} ms p99 {phase.P99:F0} ms, {errorCount} error(s)");
        return phase;
    }

    private static async Task<List<TaskLink>> OpenTasksAsync(AppUnderTest app, string prefix, string person, int count, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                await NoticeTasks.StartAsync(app, $"{prefix}-{i}", person, $"负载通知 {prefix} #{i};", 720, ct);
            }
            finally
            {
                gate.Release();
            }
        }));
        return await NoticeTasks.LinksAsync(app, $"负载通知 {prefix} #", count, ct);
    }

    private static async Task WarmUpAsync(HttpClient http, TaskLink[] links, CancellationToken ct)
    {
        foreach (var link in links.Take(3))
        {
            foreach (string accept in new[] { "text/html", "application/json" })
            {
                using var request = Get(link.Path, accept);
                using var response = await http.SendAsync(request, ct);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double LoadOne() =>
        double.TryParse(MachineFacts.LoadAverage().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out double one) ? one : -1;

    private sealed record Phase(double PerSecond, double P50, double P99, bool RanOut);
}
