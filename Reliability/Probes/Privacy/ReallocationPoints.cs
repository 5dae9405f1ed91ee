using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A pilot reallocation of the probe's own school, run until everyone has their points mail (the breakdown and the
/// objection link), then ended (<see cref="EndAsync"/>): the mails and the objection pages are what a teacher reads of it.
/// </summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="ObjectionLinks">Each teacher's objection link (path and query), by staff id.</param>
public sealed partial record ReallocationPoints(string ReallocationId, IReadOnlyDictionary<string, string> ObjectionLinks)
{
    /// <summary>The points mail's subject starts so.</summary>
    public const string Subject = "【县管校聘】您的积分明细";

    /// <summary>Starts the pilot for <paramref name="schoolId"/> and waits for the teachers' points mails.</summary>
    public static async Task<ReallocationPoints> RunAsync(AppUnderTest app, string prefix, string schoolId, string ownerId, IReadOnlyList<JsonObject> teachers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(teachers);
        string id = $"staff-reallocation-{prefix}";
        var start = new JsonObject { ["ownerId"] = ownerId, ["schoolIds"] = new JsonArray(schoolId) };
        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/api/staff-reallocation/{id}", start, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"POST /api/staff-reallocation/{id} {start.ToJsonString()} answered {(int)status}: {body}");
        }

        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var wait = Stopwatch.StartNew();
        while (links.Count < teachers.Count)
        {
            foreach (var teacher in teachers.Where(t => !links.ContainsKey((string)t["id"]!)))
            {
                var mail = app.Mail.All.FirstOrDefault(m => m.To.Contains((string)teacher["email"]!, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith(Subject, StringComparison.Ordinal));
                if (mail is not null && ObjectionLink().Match(mail.Text + "\n" + mail.Html) is { Success: true } link)
                {
                    links[(string)teacher["id"]!] = WebUtility.HtmlDecode(link.Value);
                }
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{id}: points mails with an objection link reached {links.Count} of {teachers.Count} teachers in 2 minutes.");
            }

            await Task.Delay(250, cancellationToken);
        }

        return new ReallocationPoints(id, links);
    }

    /// <summary>Ends the pilot: the chaos probe moves the dev clock later, and this pilot must not run its rounds then.</summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/{ReallocationId}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
        using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
        if (!terminated.IsSuccessStatusCode && terminated.StatusCode != HttpStatusCode.Gone)
        {
            throw new InvalidOperationException($"Terminating {ReallocationId} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    [GeneratedRegex(@"/api/staff-reallocation/[^/\s""'<>]+/objections\?token=[^\s""'<>]+")]
    private static partial Regex ObjectionLink();
}
