using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Tokens;

/// <summary>
/// Task links and staff sessions under attack: forged, truncated, another task's and another person's tokens, an
/// answer replayed, a link past its due time, links signed with a key since rotated, and session cookies forged,
/// altered or kept after signing out. Every refusal must have the documented status and change nothing.
/// </summary>
public sealed partial class TokensProbe : Probe
{
    private const string Answer = """{"acknowledged":"true","comment":"已阅"}""";
    private const string OtherAnswer = """{"acknowledged":"true","comment":"改了主意"}""";

    public override string Name => "tokens";

    public override string Description =>
        "forged, truncated, other-task, other-person, replayed, expired and key-rotated task links, and forged, altered and signed-out session cookies: documented status, zh-CN problem, nothing changed";

    public override async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = context.App;
        var ct = cancellationToken;
        // From a loopback address of its own: sign-in is limited per client address, and other probes may have used 127.0.0.1's share.
        var source = new IPAddress([127, 0, 0, (byte)(2 + (context.Seed % 250))]);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (connect, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(connect.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        var run = new Checks(context);

        // Two people, four tasks: A and C for the first, B for the second, D for the first due within the hour.
        string prefix = $"rtok-{context.Seed}-{Guid.NewGuid().ToString("N")[..6]}";
        string ann = await NoticeTasks.SeedPersonAsync(app, prefix + "-a", ct);
        string bob = await NoticeTasks.SeedPersonAsync(app, prefix + "-b", ct);
        var notices = new Dictionary<string, (string Assignee, double Hours)>
        {
            ["A"] = (ann, 72), ["B"] = (bob, 72), ["C"] = (ann, 72), ["D"] = (ann, 1),
        };
        foreach (var (name, (assignee, hours)) in notices)
        {
            await NoticeTasks.StartAsync(app, $"{prefix}-{name}", assignee, $"可靠性通知 {prefix} {name}", hours, ct);
        }

        var links = new Dictionary<string, TaskLink>();
        foreach (string name in notices.Keys)
        {
            links[name] = await NoticeTasks.LinkAsync(app, $"可靠性通知 {prefix} {name}", ct);
        }

        var a = links["A"];
        await run.StatusAsync(http, "valid link opens (JSON)", HttpMethod.Get, a.Path, null, HttpStatusCode.OK, ct);
        await run.StatusAsync(http, "valid link opens (HTML)", HttpMethod.Get, a.Path, null, HttpStatusCode.OK, ct, html: true);

        // Forged and truncated: 401, whatever the method and form.
        string[] parts = a.Token.Split('.');
        string otherPayload = Base64Url(Encoding.UTF8.GetBytes($$"""{"t":"{{a.TaskId}}","a":"{{bob}}","e":4102444800}"""));
        var forged = new Dictionary<string, string>
        {
            ["random signature"] = parts[0] + "." + Base64Url(RandomNumberGenerator.GetBytes(32)),
            ["payload for another person, original signature"] = otherPayload + "." + parts[1],
            ["payload with a later expiry, original signature"] = Base64Url(Encoding.UTF8.GetBytes($$"""{"t":"{{a.TaskId}}","a":"{{ann}}","e":4102444800}""")) + "." + parts[1],
            ["signature only"] = parts[1],
            ["no signature"] = parts[0] + ".",
            ["payload only"] = parts[0],
            ["last character dropped"] = a.Token[..^1],
            ["half the token"] = a.Token[..(a.Token.Length / 2)],
            ["three parts"] = a.Token + "." + parts[1],
            ["signature of another task"] = parts[0] + "." + links["C"].Token.Split('.')[1],
            ["not base64"] = "!!!." + parts[1],
            ["empty"] = string.Empty,
        };
        foreach (var (how, token) in forged)
        {
            await RefusedAsync(http, run, $"forged/truncated token ({how})", a.Of(token), HttpStatusCode.Unauthorized, ct);
        }

        await run.StatusAsync(http, "no token at all", HttpMethod.Get, $"/api/tasks/{Uri.EscapeDataString(a.TaskId)}", null, HttpStatusCode.Unauthorized, ct);

        // Another task's token (same person) and another person's: 403, and never the other task's details.
        await RefusedAsync(http, run, "other task's token (same person)", a.Of(links["C"].Token), HttpStatusCode.Forbidden, ct);
        await RefusedAsync(http, run, "other person's token", a.Of(links["B"].Token), HttpStatusCode.Forbidden, ct);
        await StillOpenAsync(http, run, "A after the refusals", a, ct);

        // Replayed: the same answer twice gives the same receipt; a different one 409 naming it; one event, one outcome.
        var first = await Checks.SendAsync(http, HttpMethod.Post, a.Path, Answer, ct);
        string? receipt = first.Status == HttpStatusCode.OK ? Text(first.Json, "receiptId") : null;
        run.Expect("answer with a valid link", first.Status == HttpStatusCode.OK && receipt is not null, first.Describe("POST", a.Path, Answer));
        var again = await Checks.SendAsync(http, HttpMethod.Post, a.Path, Answer, ct);
        run.Expect("same answer replayed: same receipt", again.Status == HttpStatusCode.OK && Text(again.Json, "receiptId") == receipt, again.Describe("POST", a.Path, Answer));
        var changed = await Checks.SendAsync(http, HttpMethod.Post, a.Path, OtherAnswer, ct);
        run.Expect("different answer replayed: 409 naming the receipt", changed.Status == HttpStatusCode.Conflict && Text(changed.Json, "receiptId") == receipt, changed.Describe("POST", a.Path, OtherAnswer));
        var outcome = await CompletedAsync(app, $"{prefix}-A", ct);
        run.Expect("replayed answer: the process took the first answer once",
            Text(outcome, "runtimeStatus") == "Completed" && Is(Text(outcome, "output", "result"), "Submitted", 0) && Text(outcome, "output", "receipt", "receiptId") == receipt,
            $"GET instances/{prefix}-A: {Excerpt(outcome?.ToJsonString())}");
        var shown = await Checks.SendAsync(http, HttpMethod.Get, a.Path, null, ct);
        run.Expect("replayed answer: the first answer is stored", Text(shown.Json, "receipt", "receiptId") == receipt && Is(Text(shown.Json, "status"), "Submitted", 1), shown.Describe("GET", a.Path, null));

        // Expired: the dev clock moves past D's due time; the link is refused with 410 and nothing is stored.
        await MoveClockAsync(app, "02:00:00", ct);
        var d = links["D"];
        await RefusedAsync(http, run, "expired link", d.Path, HttpStatusCode.Gone, ct);
        var dOutcome = await CompletedAsync(app, $"{prefix}-D", ct);
        run.Expect("expired link: no answer reached the process", Is(Text(dOutcome, "output", "result"), "Expired", 1) && Text(dOutcome, "output", "receipt") is null,
            $"GET instances/{prefix}-D: {Excerpt(dOutcome?.ToJsonString())}");

        // Key rotation: a restart with a new TASK_TOKEN_KEY refuses every old link with 401 and changes nothing.
        var c = links["C"];
        await app.RestartWithSettingAsync("TASK_TOKEN_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);
        await RefusedAsync(http, run, "link signed with the old key", c.Path, HttpStatusCode.Unauthorized, ct);
        await RefusedAsync(http, run, "answered task's link signed with the old key", a.Path, HttpStatusCode.Unauthorized, ct);
        var cInstance = await NoticeTasks.InstanceAsync(app, $"{prefix}-C", ct);
        run.Expect("old key: the process still waits", Text(cInstance, "runtimeStatus") is "Running" or "Pending", $"GET instances/{prefix}-C: {Excerpt(cInstance.ToJsonString())}");

        // Sessions: sign in as the first person, who sees C still open with a link signed by the new key.
        string cookie = await SignInAsync(app, http, ann, ct);
        var me = await Checks.SendAsync(http, HttpMethod.Get, "/api/me", null, ct, cookie);
        var open = me.Json?["openTasks"]?.AsArray().FirstOrDefault(t => Text(t, "task", "id") == c.TaskId);
        run.Expect("signed in: sees own open task after rotation", me.Status == HttpStatusCode.OK && open is not null && Text(open, "task", "receipt") is null, me.Describe("GET", "/api/me", null));
        if (Text(open, "link") is { } fresh && new Uri(fresh).PathAndQuery is { } freshPath)
        {
            await run.StatusAsync(http, "new key's link opens", HttpMethod.Get, freshPath, null, HttpStatusCode.OK, ct);
        }

        foreach (var (how, bad) in ForgedCookies(cookie))
        {
            await run.StatusAsync(http, $"session cookie {how}: /api/me", HttpMethod.Get, "/api/me", null, HttpStatusCode.Unauthorized, ct, cookie: bad);
            await run.StatusAsync(http, $"session cookie {how}: answer", HttpMethod.Post, $"/api/me/tasks/{Uri.EscapeDataString(c.TaskId)}", Answer, HttpStatusCode.Unauthorized, ct, cookie: bad);
        }

        // Another person's task through one's own session looks like no task, and stays unanswered.
        var bTask = links["B"];
        await run.StatusAsync(http, "session answers another person's task", HttpMethod.Post, $"/api/me/tasks/{Uri.EscapeDataString(bTask.TaskId)}", Answer, HttpStatusCode.NotFound, ct, cookie: cookie);
        var bInstance = await NoticeTasks.InstanceAsync(app, $"{prefix}-B", ct);
        run.Expect("another person's task: still waiting", Text(bInstance, "runtimeStatus") is "Running" or "Pending", $"GET instances/{prefix}-B: {Excerpt(bInstance.ToJsonString())}");

        // Signing out ends the session for every copy of the cookie.
        var signOut = await Checks.SendAsync(http, HttpMethod.Post, "/api/me/sign-out", null, ct, cookie);
        run.Expect("sign-out", signOut.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, signOut.Describe("POST", "/api/me/sign-out", null));
        await run.StatusAsync(http, "cookie after sign-out: /api/me", HttpMethod.Get, "/api/me", null, HttpStatusCode.Unauthorized, ct, cookie: cookie);
        await run.StatusAsync(http, "cookie after sign-out: answer", HttpMethod.Post, $"/api/me/tasks/{Uri.EscapeDataString(c.TaskId)}", Answer, HttpStatusCode.Unauthorized, ct, cookie: cookie);
        var cAfter = await NoticeTasks.InstanceAsync(app, $"{prefix}-C", ct);
        run.Expect("refused sessions: the process still waits", Text(cAfter, "runtimeStatus") is "Running" or "Pending", $"GET instances/{prefix}-C: {Excerpt(cAfter.ToJsonString())}");

        context.Record("checks", run.Count);
        context.Record("failures", run.Failures);
    }

    // GET (JSON and HTML) and POST with the token: each the expected refusal; the POST stores nothing (checked by callers).
    private static async Task RefusedAsync(HttpClient http, Checks run, string check, string path, HttpStatusCode expected, CancellationToken ct, bool answer = true)
    {
        var get = await Checks.SendAsync(http, HttpMethod.Get, path, null, ct);
        run.Expect($"{check}: GET {(int)expected}", get.Status == expected && get.IsProblem, get.Describe("GET", path, null));
        run.Expect($"{check}: zh-CN problem", get.IsProblem && HasChinese(Text(get.Json, "detail")), get.Describe("GET", path, null));

        var page = await Checks.SendAsync(http, HttpMethod.Get, path, null, ct, html: true);
        run.Expect($"{check}: HTML GET {(int)expected}, zh-CN page", page.Status == expected && HasChinese(page.Body), page.Describe("GET (text/html)", path, null));
        if (answer)
        {
            var post = await Checks.SendAsync(http, HttpMethod.Post, path, Answer, ct);
            run.Expect($"{check}: POST {(int)expected}", post.Status == expected && post.IsProblem, post.Describe("POST", path, Answer));
        }
    }

    private static async Task StillOpenAsync(HttpClient http, Checks run, string check, TaskLink link, CancellationToken ct)
    {
        var shown = await Checks.SendAsync(http, HttpMethod.Get, link.Path, null, ct);
        run.Expect($"{check}: still open, no answer", shown.Status == HttpStatusCode.OK && Is(Text(shown.Json, "status"), "Open", 0) && Text(shown.Json, "receipt") is null, shown.Describe("GET", link.Path, null));
    }

    private static async Task<JsonNode?> CompletedAsync(AppUnderTest app, string instanceId, CancellationToken ct)
    {
        JsonNode? last = null;
        for (int i = 0; i < 300; i++)
        {
            last = await NoticeTasks.InstanceAsync(app, instanceId, ct);
            if (Text(last, "runtimeStatus") is "Completed" or "Failed" or "Terminated")
            {
                return last;
            }

            await Task.Delay(200, ct);
        }

        return last;
    }

    private static async Task MoveClockAsync(AppUnderTest app, string by, CancellationToken ct)
    {
        using var move = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/dev/clock") { Content = JsonContent.Create(new { advanceBy = by }) }, AppUnderTest.MasterKey);
        using var answer = await app.Http.SendAsync(move, ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/dev/clock answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
        }
    }

    // Sign-in by e-mail as a person does it: ask for a link, open the mailed link, press the button; returns the cookie.
    private static async Task<string> SignInAsync(AppUnderTest app, HttpClient http, string staffId, CancellationToken ct)
    {
        var since = DateTimeOffset.UtcNow;
        using (var ask = await http.PostAsJsonAsync("/api/me/sign-in", new { email = NoticeTasks.Email(staffId) }, ct))
        {
            if (ask.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/me/sign-in answered {(int)ask.StatusCode}: {await ask.Content.ReadAsStringAsync(ct)}");
            }
        }

        var link = await NoticeTasks.MailMatchingAsync(app, NoticeTasks.Email(staffId), since, SignInLink(), ct);
        using var confirm = await http.PostAsync(new Uri(link.Value, UriKind.Relative), null, ct);
        string? cookie = confirm.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("eduflows-session", StringComparison.Ordinal))
            : null;
        return cookie ?? throw new InvalidOperationException($"POST {link.Value} answered {(int)confirm.StatusCode} without a session cookie.");
    }

    private static IEnumerable<(string How, string Cookie)> ForgedCookies(string cookie)
    {
        int eq = cookie.IndexOf('=', StringComparison.Ordinal);
        string name = cookie[..eq], value = cookie[(eq + 1)..];
        int mid = value.Length / 2;
        char flipped = value[mid] == 'A' ? 'B' : 'A';
        yield return ("forged", name + "=" + Base64Url(RandomNumberGenerator.GetBytes(value.Length * 3 / 4)));
        yield return ("altered in the middle", name + "=" + value[..mid] + flipped + value[(mid + 1)..]);
        yield return ("truncated", name + "=" + value[..mid]);
        yield return ("empty", name + "=");
    }

    // A member found whatever its case (the durable output and the HTTP JSON name them differently); null when absent or null.
    private static string? Text(JsonNode? node, params string[] path)
    {
        foreach (string name in path)
        {
            node = node is JsonObject o ? o.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    // An enum member written as its name (any case) or its number.
    private static bool Is(string? value, string name, int number) =>
        string.Equals(value, name, StringComparison.OrdinalIgnoreCase) || value == number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasChinese(string? text) => text is not null && text.Any(ch => ch is >= '\u4e00' and <= '\u9fff');

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    internal static string Excerpt(string? text) => text is null ? "(none)" : text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"/api/me/sign-in/[A-Za-z0-9_\-]+")]
    private static partial Regex SignInLink();

    /// <summary>Counts checks and reports each failed one as a finding.</summary>
    private sealed class Checks(ProbeContext context)
    {
        public int Count { get; private set; }

        public int Failures { get; private set; }

        public void Expect(string check, bool held, string detail)
        {
            Count++;
            if (!held)
            {
                Failures++;
                context.Found(check, detail);
            }
        }

        public async Task StatusAsync(HttpClient http, string check, HttpMethod method, string path, string? body, HttpStatusCode expected, CancellationToken ct, bool html = false, string? cookie = null)
        {
            var answer = await SendAsync(http, method, path, body, ct, cookie, html);
            Expect($"{check}: {(int)expected}", answer.Status == expected, answer.Describe(method.Method, path, body));
        }

        public static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, string? body, CancellationToken ct, string? cookie = null, bool html = false)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(html ? "text/html" : "application/json"));
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request, ct);
            string text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    // Reported through Describe: the body is shown as it came.
                }
            }

            return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, json);
        }
    }

    private sealed record Reply(HttpStatusCode Status, string? MediaType, string Body, JsonNode? Json)
    {
        public bool IsProblem => MediaType == "application/problem+json";

        public string Describe(string method, string path, string? body) =>
            $"{method} {path}{(body is null ? "" : " body " + body)} → {(int)Status} {MediaType}: {Excerpt(Body)}";
    }
}
