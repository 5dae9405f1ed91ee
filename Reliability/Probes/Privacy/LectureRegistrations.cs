using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A lecture of one seat (青州教育讲堂, a fortnight after the app's today) with people invited and registered through
/// their mailed links, in order: the first takes the seat, the rest wait. Each registration page is what a person reads
/// of it, and it concerns only them.
/// </summary>
/// <param name="LectureId">The lecture.</param>
/// <param name="Links">Each person's registration link (path and query), by staff id.</param>
public sealed partial record LectureRegistrations(string LectureId, IReadOnlyDictionary<string, string> Links)
{
    /// <summary>Defines the lecture, invites <paramref name="people"/>, registers each with their own link.</summary>
    public static async Task<LectureRegistrations> RunAsync(AppUnderTest app, string prefix, string ownerId, IReadOnlyList<JsonObject> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(people);
        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var today = clock["utcNow"]!.GetValue<DateTimeOffset>().ToOffset(TimeSpan.FromHours(8));
        string id = $"{prefix}-lecture";
        await StaffPortalAccess.PutAsync(app, $"/api/training/lectures/{id}", new JsonObject
        {
            ["series"] = "lecture",
            ["title"] = "可靠性测试讲座",
            ["speaker"] = "测试主讲",
            ["place"] = "县教育局报告厅",
            ["date"] = today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["starts"] = "14:00:00",
            ["ends"] = "16:00:00",
            ["hours"] = 2,
            ["capacity"] = 1,
            ["waitingList"] = true,
            ["ownerId"] = ownerId,
        }, cancellationToken);

        var before = people.ToDictionary(p => (string)p["id"]!, p => app.Mail.All.Count(m => m.To.Contains((string)p["email"]!, StringComparer.OrdinalIgnoreCase)));
        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/api/training/lectures/{id}/invitations", new JsonObject { ["staffIds"] = new JsonArray([.. people.Select(p => JsonValue.Create((string)p["id"]!))]) }, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Inviting to {id} answered {(int)status}: {body}");
        }

        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var wait = Stopwatch.StartNew();
        while (links.Count < people.Count)
        {
            foreach (var person in people.Where(p => !links.ContainsKey((string)p["id"]!)))
            {
                var mail = app.Mail.All.Where(m => m.To.Contains((string)person["email"]!, StringComparer.OrdinalIgnoreCase)).Skip(before[(string)person["id"]!])
                    .FirstOrDefault(m => RegistrationLink().IsMatch(m.Text + "\n" + m.Html));
                if (mail is not null)
                {
                    links[(string)person["id"]!] = WebUtility.HtmlDecode(RegistrationLink().Match(mail.Text + "\n" + mail.Html).Value);
                }
            }

            if (wait.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{id}: invitations with a registration link reached {links.Count} of {people.Count} in 60 s.");
            }

            await Task.Delay(200, cancellationToken);
        }

        // Registered one after the other, so the first has the seat and the others wait.
        foreach (var person in people)
        {
            string link = links[(string)person["id"]!];
            using var request = new HttpRequestMessage(HttpMethod.Post, link) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            using var answer = await app.Http.SendAsync(request, cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Registering {person["id"]} for {id} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        return new LectureRegistrations(id, links);
    }

    /// <summary>
    /// The lecture's check-in link (path and query) as the venue's QR page shows it: the page is the master key's, the
    /// link it carries is what an attendee's phone opens on the day.
    /// </summary>
    public static async Task<string> CheckInLinkAsync(AppUnderTest app, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (status, _, body) = await StaffPortalAccess.GetAsync(app, $"/api/training/lectures/{Uri.EscapeDataString(lectureId)}/qr", AppUnderTest.MasterKey, null, "text/html", cancellationToken);
        if (status != HttpStatusCode.OK || CheckInLink().Match(body) is not { Success: true } link)
        {
            throw new InvalidOperationException($"The QR page of {lectureId} answered {(int)status} with no check-in link: {body[..Math.Min(400, body.Length)]}");
        }

        return WebUtility.HtmlDecode(link.Value);
    }

    /// <summary>The token of a registration link.</summary>
    public static string TokenOf(string link) => Uri.UnescapeDataString(link[(link.IndexOf("?token=", StringComparison.Ordinal) + 7)..]);

    [GeneratedRegex(@"/api/training/lectures/[^/\s""'<>]+/registration\?token=[^\s""'<>&]+")]
    private static partial Regex RegistrationLink();

    [GeneratedRegex(@"/api/training/lectures/[^/\s""'<>]+/check-in\?code=[^\s""'<>]+")]
    private static partial Regex CheckInLink();
}
