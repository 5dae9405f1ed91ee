using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// Every HTTP operation the app's OpenAPI document lists (the functions and the Durable management API) with
/// generated bad input (<see cref="FuzzCases"/>): no answer may be a 5xx, every 4xx is problem+json naming what was
/// wrong (or a page for a browser), a request without the right key gets 401 before its body is read, a mutating
/// operation accepts none of it, and the app's state (<see cref="FuzzState"/>) is the same after as before.
/// </summary>
public sealed class FuzzProbe : Probe
{
    private const int FullRequests = 10_000;
    private const int FastRequests = 450;
    private const int Concurrency = 4;

    public override string Name => "fuzz";

    public override string Description =>
        "every operation of /api/openapi.json with bad keys, route values, query values, bodies, content types and charsets: expects 0 5xx, problem+json on every 4xx, 401 before the body, no state change";

    public override async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = context.App;
        var operations = FuzzOperation.FromOpenApi(await app.GetJsonAsync("/api/openapi.json", cancellationToken: cancellationToken)).ToList();
        if (operations.Count == 0)
        {
            throw new InvalidOperationException("The OpenAPI document lists no operation.");
        }

        // The management API's start without an instance id is a route of its own (the document lists the one with it).
        operations.Add(new FuzzOperation("POST", "/runtime/webhooks/durabletask/orchestrators/{functionName}", FuzzKeyLevel.Master, "POST /runtime/webhooks/durabletask/orchestrators/{functionName}"));

        var fixtures = await FuzzFixtures.CreateAsync(app, context.Seed, cancellationToken);
        await SettleAsync(app, cancellationToken);
        var before = await FuzzState.TakeAsync(app, fixtures, cancellationToken);

        var cases = Plan(operations, fixtures, context);
        var tally = new Tally();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (fuzz, ct) =>
        {
            RawResponse response;
            var sentAt = DateTimeOffset.UtcNow;
            try
            {
                response = await Send(app, fuzz, ct);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                tally.Count(fuzz, 0);
                tally.Sent.Add(new(sentAt, DateTimeOffset.UtcNow, fuzz, 0));
                Found(context, tally, fuzz, "an answer", $"{fuzz.Describe()} -> connection failed: {ex.Message}");
                return;
            }

            tally.Count(fuzz, response.Status);
            tally.Sent.Add(new(sentAt, DateTimeOffset.UtcNow, fuzz, response.Status));
            Check(context, tally, fuzz, response);
        });
        watch.Stop();

        await SettleAsync(app, cancellationToken);
        var after = await FuzzState.TakeAsync(app, fixtures, cancellationToken);
        var changes = after.ChangesSince(before);
        foreach (var change in changes)
        {
            context.Found("no state change", change.Text + Suspects(change, tally.Sent));
        }

        context.Record("requests", tally.Requests);
        context.Record("operations fuzzed (method and route)", tally.Operations.Count);
        foreach (var missed in operations.Where(op => !tally.Operations.ContainsKey(op.Key)))
        {
            // The full profile sends every operation's whole pass at least once: an operation left out is untested.
            context.Found("every operation fuzzed", $"no case was sent to {missed.Key}");
        }

        context.Record("operations to fuzz (the OpenAPI document's and the management API's start)", operations.Count);
        context.Record("5xx", tally.ServerErrors);
        context.Record("4xx not problem+json", tally.NotProblemJson);
        context.Record("401 expected but not given", tally.KeyNotFirst);
        context.Record("bad input accepted (2xx)", tally.Accepted);
        context.Record("state changes", changes.Count);
        context.Record("requests per second", Math.Round(tally.Requests / watch.Elapsed.TotalSeconds, 1), "/s");
        foreach (var (status, count) in tally.Statuses.OrderBy(s => s.Key))
        {
            context.Record($"answered {status}", count);
        }
    }

    private static List<FuzzCase> Plan(List<FuzzOperation> operations, FuzzFixtures fixtures, ProbeContext context)
    {
        var random = context.Random;
        var pass = operations.SelectMany(op => FuzzCases.For(op, fixtures, random)).ToList();
        if (context.IsFast)
        {
            // Every operation's key check and a few of its other cases, then a random sample of the rest.
            var chosen = new List<FuzzCase>();
            foreach (var group in pass.GroupBy(c => c.Operation.Key))
            {
                var keys = group.Where(c => c.ExpectUnauthorized).ToList();
                if (keys.Count > 0)
                {
                    chosen.Add(keys[random.Next(keys.Count)]);
                }

                chosen.AddRange(group.Where(c => !c.ExpectUnauthorized).OrderBy(_ => random.Next()).Take(2));
            }

            chosen.AddRange(pass.Except(chosen).OrderBy(_ => random.Next()).Take(Math.Max(0, FastRequests - chosen.Count)));
            return chosen;
        }

        // Whole passes (the random parts differ each time) until the full count.
        var all = new List<FuzzCase>(pass);
        while (all.Count < FullRequests)
        {
            all.AddRange(operations.SelectMany(op => FuzzCases.For(op, fixtures, random)).OrderBy(_ => random.Next()).Take(FullRequests - all.Count));
        }

        return all;
    }

    private static Task<RawResponse> Send(AppUnderTest app, FuzzCase fuzz, CancellationToken cancellationToken)
    {
        var headers = new List<(string, string)> { ("Accept", fuzz.AcceptHtml ? "text/html,application/xhtml+xml" : "application/json") };
        if (fuzz.Key is not null)
        {
            headers.Add(("x-functions-key", fuzz.Key));
        }

        if (fuzz.ContentType is not null)
        {
            headers.Add(("Content-Type", fuzz.ContentType));
        }

        if (fuzz.Cookie is not null)
        {
            headers.Add(("Cookie", fuzz.Cookie));
        }

        return RawHttp.SendAsync(app.BaseAddress, fuzz.Operation.Method, fuzz.Target, headers, fuzz.Body ?? (fuzz.Operation.SendsBody ? [] : null), cancellationToken);
    }

    private static void Check(ProbeContext context, Tally tally, FuzzCase fuzz, RawResponse response)
    {
        string answer = $"{fuzz.Describe()} -> {response.Status} {response.ContentType}: {response.Excerpt()}";
        if (response.Status is 0 or >= 500)
        {
            Interlocked.Increment(ref tally.ServerErrors);
            Found(context, tally, fuzz, "no 5xx", answer);
            return;
        }

        if (fuzz.ExpectUnauthorized && response.Status != 401)
        {
            Interlocked.Increment(ref tally.KeyNotFirst);
            Found(context, tally, fuzz, "401 before the body", answer);
            return;
        }

        if (response.Status is >= 400 and < 500 && !IsProblem(response) && !(fuzz.AcceptHtml && response.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            Interlocked.Increment(ref tally.NotProblemJson);
            Found(context, tally, fuzz, "problem+json on 4xx", answer);
            return;
        }

        if (response.Status is >= 200 and < 300 && fuzz.Operation.Method is "PUT" or "POST" or "DELETE")
        {
            Interlocked.Increment(ref tally.Accepted);
            Found(context, tally, fuzz, "bad input refused", answer);
        }
    }

    /// <summary>application/problem+json with a non-empty detail, or errors naming at least one field.</summary>
    private static bool IsProblem(RawResponse response)
    {
        if (!response.ContentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            var root = doc.RootElement;
            return (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Trim().Length > 0)
                || (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The requests in flight when a change happened (sent before it, answered at most a few seconds earlier: a start
    /// or a mail follows its request closely), nearest first, so that a finding names the operation to look at.
    /// </summary>
    internal static string Suspects(FuzzChange change, IEnumerable<SentCase> sent)
    {
        if (change.At is not { } at)
        {
            return string.Empty;
        }

        // The management API gives created times to the second, so a request sent up to a second after the time read is
        // still a suspect.
        var window = TimeSpan.FromSeconds(3);
        var near = sent.Where(s => s.SentAt <= at + TimeSpan.FromSeconds(1) && s.AnsweredAt >= at - window).OrderBy(s => (at - s.AnsweredAt).Duration()).Take(3).ToList();
        string when = at.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        return near.Count == 0
            ? $" at {when}; no fuzzed request was in flight within {window.TotalSeconds:0} s before it (something in the background did it)"
            : $" at {when}, after: " + string.Join(" | ", near.Select(s => $"{s.Case.Describe()} -> {s.Status}"));
    }

    /// <summary>Findings of one kind per operation and generator are reported once; the tally counts them all.</summary>
    private static void Found(ProbeContext context, Tally tally, FuzzCase fuzz, string check, string detail)
    {
        string key = $"{check}|{fuzz.Operation.Key}|{fuzz.Generator}";
        if (tally.Reported.TryAdd(key, 0))
        {
            context.Found(check, detail);
        }
    }

    /// <summary>Lets mail and instances the fixtures started finish what they do, so only the fuzz can change state.</summary>
    private static async Task SettleAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        int mail = -1;
        for (int i = 0; i < 20 && mail != app.Mail.All.Count; i++)
        {
            mail = app.Mail.All.Count;
            await Task.Delay(500, cancellationToken);
        }
    }

    private sealed class Tally
    {
        public int ServerErrors;
        public int NotProblemJson;
        public int KeyNotFirst;
        public int Accepted;
        private int _requests;

        public ConcurrentDictionary<string, int> Reported { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, int> Operations { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        /// <summary>Every request with when it was sent and answered, to name the ones behind a state change.</summary>
        public ConcurrentBag<SentCase> Sent { get; } = [];

        public int Requests => Volatile.Read(ref _requests);

        public void Count(FuzzCase fuzz, int status)
        {
            Interlocked.Increment(ref _requests);
            Operations.TryAdd(fuzz.Operation.Key, 0);
            Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }
}

/// <summary>A fuzzed request as sent: when, when answered (wall-clock time) and the status (0: no answer).</summary>
internal sealed record SentCase(DateTimeOffset SentAt, DateTimeOffset AnsweredAt, FuzzCase Case, int Status);
