using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// How a probe gets what staff get: people seeded through the directory API (master key), task links and sign-in
/// links from caught mail, and a signed-in session (the cookie is sent by hand: it is Secure, and the app under test
/// is plain HTTP on loopback).
/// </summary>
internal static partial class StaffPortalAccess
{
    /// <summary>PUTs a JSON body with the master key; throws with the answer when it is not a success.</summary>
    public static async Task PutAsync(AppUnderTest app, string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Put, path), AppUnderTest.MasterKey);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await app.Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>POSTs a JSON body with the master key and returns the answer's status and text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostAsync(AppUnderTest app, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, path), AppUnderTest.MasterKey);
        request.Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
        using var response = await app.Http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>A school, a bureau department and staff with e-mail, mobile and birth date, all under <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> SeedPeopleAsync(AppUnderTest app, string prefix, int count, CancellationToken cancellationToken)
    {
        await PutAsync(app, $"/api/directory/schools/{prefix}-sch", new JsonObject { ["id"] = $"{prefix}-sch", ["name"] = "可靠性测试学校", ["section"] = "primary", ["town"] = "城关镇", ["rural"] = false }, cancellationToken);
        await PutAsync(app, $"/api/directory/departments/{prefix}-dep", new JsonObject { ["id"] = $"{prefix}-dep", ["name"] = "可靠性测试科", ["teachingResearchOffice"] = false }, cancellationToken);
        var people = new List<JsonObject>();
        for (int i = 0; i < count; i++)
        {
            var person = new JsonObject
            {
                ["id"] = $"{prefix}-stf-{i}",
                ["name"] = "测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10],
                ["gender"] = i % 2 == 0 ? "female" : "male",
                ["birthDate"] = $"198{i % 10}-0{1 + (i % 9)}-1{i % 10}",
                ["email"] = $"{prefix}-stf-{i}@reliability.example.cn",
                ["mobile"] = $"139{(31_000_000 + i * 7_919 + prefix.Length).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)}",
                ["schoolId"] = i % 3 == 2 ? null : $"{prefix}-sch",
                ["departmentId"] = i % 3 == 2 ? $"{prefix}-dep" : null,
                ["post"] = i % 3 == 2 ? "bureau-cadre" : "teacher",
                ["subject"] = "mathematics",
                ["section"] = "primary",
                ["title"] = "first-grade",
                ["hireDate"] = "2010-09-01",
                ["postSince"] = "2015-09-01",
            };
            await PutAsync(app, $"/api/directory/staff/{person["id"]}", person, cancellationToken);
            people.Add(person);
        }

        return people;
    }

    /// <summary>Waits for a caught mail to <paramref name="email"/> whose text matches <paramref name="pattern"/>; the match.</summary>
    public static async Task<Match> WaitForMailAsync(AppUnderTest app, string email, Regex pattern, int skip, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            foreach (var mail in app.Mail.All.Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase)).Skip(skip))
            {
                if (pattern.Match(mail.Text + "\n" + mail.Html) is { Success: true } match)
                {
                    return match;
                }
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"No mail to {email} matching {pattern} in {timeout.TotalSeconds:F0} s (caught {app.Mail.All.Count} in all).");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Gives <paramref name="staffId"/> a task (the NoticeAcknowledgement sample) and returns its link's task id and token.</summary>
    public static async Task<(string TaskId, string Token)> AssignTaskAsync(AppUnderTest app, string staffId, string email, CancellationToken cancellationToken)
    {
        int before = app.Mail.All.Count(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase));
        var (status, body) = await PostAsync(app, "/runtime/webhooks/durabletask/orchestrators/NoticeAcknowledgement", new JsonObject { ["assigneeId"] = staffId, ["notice"] = "可靠性测试通知", ["dueInHours"] = 72 }, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Starting NoticeAcknowledgement answered {(int)status}: {body}");
        }

        var match = await WaitForMailAsync(app, email, TaskLink.Pattern(), before, TimeSpan.FromSeconds(60), cancellationToken);
        var link = TaskLink.In(match.Value)!;
        return (link.TaskId, link.Token);
    }

    /// <summary>Signs in as the owner of <paramref name="email"/> the way a person does; the session cookie (<c>name=value</c>).</summary>
    public static async Task<string> SignInAsync(AppUnderTest app, string email, CancellationToken cancellationToken)
    {
        int before = app.Mail.All.Count(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase));
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/sign-in") { Content = new StringContent(new JsonObject { ["email"] = email }.ToJsonString(), Encoding.UTF8, "application/json") })
        using (var response = await app.Http.SendAsync(request, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/me/sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        var link = await WaitForMailAsync(app, email, SignInLink(), before, TimeSpan.FromSeconds(60), cancellationToken);
        // The cookie comes with the redirect, which the suite's shared client would follow and drop.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        using var confirm = new HttpRequestMessage(HttpMethod.Post, link.Groups[1].Value);
        using var confirmed = await noRedirects.SendAsync(confirm, cancellationToken);
        var cookie = confirmed.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault() : null;
        return cookie?.Split(';')[0] ?? throw new InvalidOperationException($"Confirming the sign-in link answered {(int)confirmed.StatusCode} without a cookie.");
    }

    /// <summary>GET with a session cookie (or none) and an Accept header; status, content type and text.</summary>
    public static async Task<(HttpStatusCode Status, string ContentType, string Body)> GetAsync(AppUnderTest app, string path, string? key, string? cookie, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            AppUnderTest.WithKey(request, key);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        using var response = await app.Http.SendAsync(request, cancellationToken);
        string type = response.Content.Headers.ContentType?.MediaType ?? "";
        return (response.StatusCode, type, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    [GeneratedRegex(@"https?://[^/\s""'<>]+(/api/me/sign-in/[^\s""'<>?&]+)")]
    private static partial Regex SignInLink();
}
