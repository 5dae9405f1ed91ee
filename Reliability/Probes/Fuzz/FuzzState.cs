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
internal sealed record FuzzState(IReadOnlyDictionary<string, string> Documents, IReadOnlyDictionary<string, string> Instances, int MailCaught, DateTimeOffset AppClock, DateTimeOffset TakenAt)
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
                instances[(string)item!["instanceId"]!] = (string?)item["runtimeStatus"] ?? "?";
            }

            continuation = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(continuation));

        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var now = clock["utcNow"] is { } n ? n.GetValue<DateTimeOffset>() : DateTimeOffset.MinValue;
        return new FuzzState(documents, instances, app.Mail.All.Count, now, DateTimeOffset.UtcNow);
    }

    /// <summary>What differs from <paramref name="before"/>; instances that merely ran on (Running to Completed) are not changes.</summary>
    public IReadOnlyList<string> ChangesSince(FuzzState before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<string>();
        foreach (var (name, text) in before.Documents)
        {
            if (!Documents.TryGetValue(name, out var now) || now != text)
            {
                changes.Add($"{name} changed: before {Excerpt(text)}; after {Excerpt(now ?? "(missing)")}");
            }
        }

        foreach (var (id, status) in Instances.Where(i => !before.Instances.ContainsKey(i.Key)))
        {
            changes.Add($"instance '{id}' appeared ({status})");
        }

        foreach (var (id, status) in before.Instances)
        {
            if (!Instances.TryGetValue(id, out var now))
            {
                changes.Add($"instance '{id}' ({status}) disappeared");
            }
            else if (now != status && now is "Terminated" or "Suspended" or "Failed" or "Pending")
            {
                changes.Add($"instance '{id}' went from {status} to {now}");
            }
        }

        if (MailCaught != before.MailCaught)
        {
            changes.Add($"{MailCaught - before.MailCaught} mail(s) sent");
        }

        var moved = (AppClock - before.AppClock) - (TakenAt - before.TakenAt);
        if (moved > TimeSpan.FromMinutes(1))
        {
            changes.Add($"the app's clock moved {moved} beyond the wall clock");
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
