using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A deputy-renewal round of a school of the probe's own, run to its promotion notice (公示) through the task links
/// of the caught mail, as the process tests do through the desk: the principal proposes (the deputy renewed, both
/// reserve mid-level leaders promoted), the bureau approves each proposal, and the notice is mailed to the school's
/// staff. The notice page, read with a teacher's link and by others, is what the school's staff see of the round.
/// </summary>
/// <param name="RoundId">The round (a year).</param>
/// <param name="SchoolId">The probe's renewal school.</param>
/// <param name="People">Everyone of the school, with their personal fields: principal, deputy, two promoted, one not proposed, a teacher.</param>
/// <param name="TeacherLink">The teacher's link to the notice page (path and query), from their notice mail.</param>
public sealed partial record DeputyRenewalNotice(string RoundId, string SchoolId, IReadOnlyList<JsonObject> People, string TeacherLink)
{
    /// <summary>The notice mail's subject starts so.</summary>
    public const string Subject = "【提拔人选公示】";

    /// <summary>The reason the task answerer writes in every free-text field: the principal's reasons, which are the bureau's, not the notice's.</summary>
    public const string AnswererText = "可靠性测试：已办理。";

    /// <summary>
    /// What the notice must not show: the ids and names of the school's people who are not on it (the principal, the
    /// deputy renewed, the mid-level leader not in the reserve pool), and the principal's reasons.
    /// </summary>
    public IReadOnlyList<string> NotOnNotice => NotOnNoticeBut([]);

    /// <summary>The same, but for the person a mail to <paramref name="to"/> greets by name.</summary>
    public IReadOnlyList<string> NotOnNoticeBut(IReadOnlyList<string> to) =>
    [
        .. People.Where(p => (string)p["post"]! is not ("teacher" or "mid-level-leader") || ((string)p["post"]! == "mid-level-leader" && !(bool)p["reservePrincipal"]!))
            .Where(p => !to.Contains((string)p["email"]!, StringComparer.OrdinalIgnoreCase))
            .SelectMany(p => new[] { (string)p["id"]!, (string)p["name"]! }),
        AnswererText,
    ];

    /// <summary>The notice page's path without a token.</summary>
    public string NoticePath => $"/api/deputy-renewals/{RoundId}/schools/{SchoolId}/notice";

    /// <summary>The token of the teacher's link.</summary>
    public string Token => Uri.UnescapeDataString(TeacherLink[(TeacherLink.IndexOf("?token=", StringComparison.Ordinal) + 7)..]);

    /// <summary>The teacher (a staff member of the school, not on the notice).</summary>
    public JsonObject Teacher => People[^1];

    /// <summary>Seeds the school, starts its round with the master key and answers its tasks until the teacher's notice mail comes.</summary>
    public static async Task<DeputyRenewalNotice> RunAsync(AppUnderTest app, string prefix, string ownerId, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string school = $"{prefix}-dr";
        const string Round = "2031";
        var schoolBody = new JsonObject { ["id"] = school, ["name"] = "可靠性测试续聘学校", ["section"] = "primary", ["town"] = "城关镇", ["rural"] = false };
        await StaffPortalAccess.PutAsync(app, $"/api/directory/schools/{school}", schoolBody, cancellationToken);
        (string Suffix, string Name, string Post, bool Reserve)[] staff =
        [
            ("p", "续聘校长", "principal", false),
            ("d", "续聘副校", "vice-principal", false),
            ("m1", "提拔甲", "mid-level-leader", true),
            ("m2", "提拔乙", "mid-level-leader", true),
            ("m3", "中层丙", "mid-level-leader", false),
            ("t", "公示读者", "teacher", false),
        ];
        var people = new List<JsonObject>();
        for (int i = 0; i < staff.Length; i++)
        {
            var (suffix, name, post, reserve) = staff[i];
            string id = $"{school}-{suffix}";
            var person = new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["gender"] = i % 2 == 0 ? "female" : "male",
                ["birthDate"] = $"197{i}-0{1 + i}-2{i}",
                ["email"] = $"{id}@reliability.example.cn",
                ["mobile"] = $"1350000{(4_000 + (i * 37) + prefix.Length).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}",
                ["schoolId"] = school,
                ["post"] = post,
                ["reservePrincipal"] = reserve,
                ["subject"] = "chinese",
                ["section"] = "primary",
                ["title"] = "first-grade",
                ["hireDate"] = "2005-09-01",
                ["postSince"] = "2018-09-01",
            };
            await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{id}", person, cancellationToken);
            people.Add(person);
        }

        schoolBody["principalId"] = $"{school}-p";
        await StaffPortalAccess.PutAsync(app, $"/api/directory/schools/{school}", schoolBody, cancellationToken);

        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/api/deputy-renewals/{Round}/schools/{school}", new JsonObject { ["ownerId"] = ownerId }, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"POST /api/deputy-renewals/{Round}/schools/{school} answered {(int)status}: {body}");
        }

        // The proposal (each field's first choice: the deputy renewed, both reserve leaders promoted), then each review approved.
        string teacherEmail = (string)people[^1]["email"]!;
        var answerer = new TaskAnswerer(app, random);
        var wait = Stopwatch.StartNew();
        while (true)
        {
            foreach (string kind in new[] { "deputy-renewal-proposal", "deputy-renewal-review" })
            {
                await answerer.AnswerMailedAsync($"{kind}-{Round}-{school}-", cancellationToken);
            }

            var mail = app.Mail.All.FirstOrDefault(m => m.To.Contains(teacherEmail, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith(Subject, StringComparison.Ordinal));
            if (mail is not null && NoticeLink().Match(mail.Text + "\n" + mail.Html) is { Success: true } link)
            {
                return new DeputyRenewalNotice(Round, school, people, WebUtility.HtmlDecode(link.Value));
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"deputy-renewal-{Round}-{school}: no notice mail reached the teacher within 2 minutes ({answerer.Answered} tasks answered, {app.Mail.All.Count} mails caught).");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The notice mails the school's people were sent.</summary>
    public IReadOnlyList<CaughtMail> Mails(AppUnderTest app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = People.Select(p => (string)p["email"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. app.Mail.All.Where(m => m.Subject.StartsWith(Subject, StringComparison.Ordinal) && m.Subject.Contains("可靠性测试续聘学校", StringComparison.Ordinal) && m.To.Any(addresses.Contains))];
    }

    /// <summary>Ends the round: the chaos probe moves the dev clock later, and its notice must not end and move people then.</summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string instance = $"deputy-renewal-{RoundId}-{SchoolId}";
        using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/{instance}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
        using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
        if (!terminated.IsSuccessStatusCode && terminated.StatusCode != HttpStatusCode.Gone)
        {
            throw new InvalidOperationException($"Terminating {instance} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    [GeneratedRegex(@"/api/deputy-renewals/\d{4}/schools/[^/\s""'<>]+/notice\?token=[^\s""'<>&]+")]
    private static partial Regex NoticeLink();
}
