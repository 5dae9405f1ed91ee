using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Probes.Privacy;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// What a refused request must leave as it was, read through the app's own APIs: the directory's lists, the
/// schemes, the instances (ids and status, with the master key), the fixture task (still open) and session (still
/// signed in), the mail caught, and the app's clock (not moved beyond the wall clock).
/// </summary>
internal sealed record FuzzState(
    IReadOnlyDictionary<string, string> Documents,
    IReadOnlyDictionary<string, string> Instances,
    IReadOnlyDictionary<string, DateTimeOffset> InstancesCreated,
    IReadOnlyList<CaughtMail> Mail,
    DateTimeOffset AppClock,
    DateTimeOffset TakenAt)
{
    private static readonly string[] Lists = ["/api/directory/schools", "/api/directory/departments", "/api/directory/training-bases", "/api/directory/staff"];

    public static async Task<FuzzState> TakeAsync(AppUnderTest app, FuzzFixtures fixtures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fixtures);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string list in Lists)
        {
            documents[list] = await ReadAllPagesAsync(app, list, cancellationToken);
        }

        foreach (string section in new[] { "primary", "junior", "senior" })
        {
            documents[$"researcher scheme {section}"] = await ReadAsync(app, $"/api/researcher-reviews/schemes/{section}", cancellationToken);
        }

        for (int year = 2025; year <= 2027; year++)
        {
            documents[$"department scheme {year}"] = await ReadAsync(app, $"/api/department-assessment/schemes/{year}", cancellationToken);
        }

        var task = await app.GetJsonAsync($"/api/tasks/{Uri.EscapeDataString(fixtures.TaskId)}?token={Uri.EscapeDataString(fixtures.TaskToken)}", cancellationToken: cancellationToken);
        documents["fixture task status"] = (string?)task["status"] ?? "?";
        var (status, _, _) = await StaffPortalAccess.GetAsync(app, "/api/me", null, fixtures.SessionCookie, "application/json", cancellationToken);
        documents["fixture session"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var instances = new Dictionary<string, string>(StringComparer.Ordinal);
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances?top=500"), AppUnderTest.MasterKey);
            if (continuation is not null)
            {
                request.Headers.Add("x-ms-continuation-token", continuation);
            }

            using var response = await app.Http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            foreach (var item in JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsArray())
            {
                string id = (string)item!["instanceId"]!;
                instances[id] = (string?)item["runtimeStatus"] ?? "?";
                if (item["createdTime"] is JsonValue time && time.TryGetValue(out DateTimeOffset at))
                {
                    created[id] = at;
                }
            }

            continuation = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(continuation));

        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var now = clock["utcNow"] is { } n ? n.GetValue<DateTimeOffset>() : DateTimeOffset.MinValue;
        return new FuzzState(documents, instances, created, [.. app.Mail.All], now, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// What differs from <paramref name="before"/>; instances that merely ran on (Running to Completed) are not changes.
    /// A change seen to happen at a known moment (an instance created, a mail caught) carries that moment in wall-clock
    /// time, so that the probe can name the requests in flight then.
    /// </summary>
    public IReadOnlyList<FuzzChange> ChangesSince(FuzzState before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<FuzzChange>();
        foreach (var (name, text) in before.Documents)
        {
            if (!Documents.TryGetValue(name, out var now) || now != text)
            {
                changes.Add(new($"{name} changed: before {Excerpt(text)}; after {Excerpt(now ?? "(missing)")}", null));
            }
        }

        // The management API's times are the app's clock, which the dev clock may have moved: back to wall-clock time.
        var appClockAhead = AppClock - TakenAt;
        foreach (var (id, status) in Instances.Where(i => !before.Instances.ContainsKey(i.Key)))
        {
            changes.Add(new($"instance '{id}' appeared ({status})", InstancesCreated.TryGetValue(id, out var at) ? at - appClockAhead : null));
        }

        foreach (var (id, status) in before.Instances)
        {
            if (!Instances.TryGetValue(id, out var now))
            {
                changes.Add(new($"instance '{id}' ({status}) disappeared", null));
            }
            else if (now != status && now is "Terminated" or "Suspended" or "Failed" or "Pending")
            {
                changes.Add(new($"instance '{id}' went from {status} to {now}", null));
            }
        }

        foreach (var mail in Mail.Skip(before.Mail.Count))
        {
            changes.Add(new($"a mail was sent to {string.Join(", ", mail.To)}: '{mail.Subject}'", mail.ReceivedAt));
        }

        var moved = (AppClock - before.AppClock) - (TakenAt - before.TakenAt);
        if (moved > TimeSpan.FromMinutes(1))
        {
            changes.Add(new($"the app's clock moved {moved} beyond the wall clock", null));
        }

        return changes;
    }

    private static async Task<string> ReadAllPagesAsync(AppUnderTest app, string list, CancellationToken cancellationToken)
    {
        var all = new System.Text.StringBuilder();
        string? token = null;
        do
        {
            string path = $"{list}?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await app.GetJsonAsync(path, cancellationToken: cancellationToken);
            all.Append(page["items"]?.ToJsonString() ?? page.ToJsonString());
            token = (string?)page["continuationToken"];
        }
        while (!string.IsNullOrEmpty(token));

        return all.ToString();
    }

    private static async Task<string> ReadAsync(AppUnderTest app, string path, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Get, path), AppUnderTest.MasterKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await app.Http.SendAsync(request, cancellationToken);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
    }

    private static string Excerpt(string text) => text.Length <= 160 ? text : text[..160] + "…";
}

/// <summary>One difference the fuzz left; <see cref="At"/> is when it happened (wall-clock time) when the app says.</summary>
internal sealed record FuzzChange(string Text, DateTimeOffset? At);
