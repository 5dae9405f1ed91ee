using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A term election of the demo county's head-teachers' association (full profile: the demo's 106 members) with two
/// members nominated, run until its ballots are mailed; a third member (the voter, never a candidate) is signed in too.
/// Their ballot page and association page are what a member reads of it. Ended by <see cref="EndAsync"/>.
/// </summary>
/// <param name="ElectionId">The election.</param>
/// <param name="Voter">The member whose ballot and page are read, with their e-mail from the directory.</param>
/// <param name="BallotLink">The voter's ballot link (path and query).</param>
/// <param name="Candidates">The two nominees' staff ids.</param>
/// <param name="OtherMembers">Every other member's staff id (neither the voter nor a candidate).</param>
public sealed partial record AssociationBallot(string ElectionId, JsonObject Voter, string BallotLink, IReadOnlyList<string> Candidates, IReadOnlyList<string> OtherMembers)
{
    /// <summary>Sets up the election (nominations close in 20 s by the app's clock), nominates two members, waits for the voter's ballot.</summary>
    public static async Task<AssociationBallot> RunAsync(AppUnderTest app, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var overview = await app.GetJsonAsync("/api/head-teachers", cancellationToken: cancellationToken);
        var members = overview["members"]!.AsArray().Select(m => (string)m!["staffId"]!).Order(StringComparer.Ordinal).ToList();
        if (members.Count < 3)
        {
            throw new InvalidOperationException($"The association has {members.Count} members; the demo county's are needed (full profile).");
        }

        string voterId = members[0];
        string[] candidates = [members[1], members[2]];
        var voter = (await app.GetJsonAsync($"/api/directory/staff/{Uri.EscapeDataString(voterId)}", cancellationToken: cancellationToken)).AsObject();
        string email = (string?)voter["email"] ?? throw new InvalidOperationException($"{voterId} has no e-mail in the directory.");
        int before = app.Mail.All.Count(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase));

        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var now = clock["utcNow"]!.GetValue<DateTimeOffset>();
        string id = $"{prefix}-election";
        using (var define = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Put, $"/api/head-teachers/elections/{id}"), AppUnderTest.MasterKey))
        {
            define.Content = new StringContent(new JsonObject
            {
                ["title"] = "可靠性测试换届选举",
                ["seats"] = 1,
                ["nominationsClose"] = now.AddSeconds(20),
                ["ballotCloses"] = now.AddDays(2),
            }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var defined = await app.Http.SendAsync(define, cancellationToken);
            if (!defined.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT /api/head-teachers/elections/{id} answered {(int)defined.StatusCode}: {await defined.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        foreach (string nominee in candidates)
        {
            var (status, body) = await StaffPortalAccess.PostAsync(app, $"/api/head-teachers/elections/{id}/nominations", new JsonObject { ["nomineeId"] = nominee, ["nominatedBy"] = nominee }, cancellationToken);
            if ((int)status >= 300)
            {
                throw new InvalidOperationException($"Nominating {nominee} in {id} answered {(int)status}: {body}");
            }
        }

        var wait = Stopwatch.StartNew();
        while (true)
        {
            var mail = app.Mail.All.Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase)).Skip(before)
                .Select(m => BallotLinkIn().Match(m.Text + "\n" + m.Html)).FirstOrDefault(m => m.Success && m.Value.Contains(id, StringComparison.Ordinal));
            if (mail is not null)
            {
                return new AssociationBallot(id, voter, WebUtility.HtmlDecode(mail.Value), candidates, [.. members.Skip(3)]);
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"{id}: no ballot reached {voterId} within 3 minutes of nominations closing (caught {app.Mail.All.Count} mails in all).");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The token of the ballot link.</summary>
    public string Token => Uri.UnescapeDataString(BallotLink[(BallotLink.IndexOf("?token=", StringComparison.Ordinal) + 7)..]);

    /// <summary>Ends the election: the chaos probe moves the dev clock later, and it must not count and mail then.</summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/hta-election-{ElectionId}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
        using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
        if (!terminated.IsSuccessStatusCode && terminated.StatusCode != HttpStatusCode.Gone)
        {
            throw new InvalidOperationException($"Terminating hta-election-{ElectionId} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    [GeneratedRegex(@"/api/head-teachers/elections/[^/\s""'<>]+/ballot\?token=[^\s""'<>&]+")]
    private static partial Regex BallotLinkIn();
}
