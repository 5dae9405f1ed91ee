using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Tokens;

/// <summary>
/// Staff tasks for the token and load probes, made as a person meets them: a staff member put in the directory, the
/// sample <c>NoticeAcknowledgement</c> started through the management API, and the task link read from the caught mail.
/// </summary>
internal static partial class NoticeTasks
{
    /// <summary>Puts an external panel member (no school or department needed) with an address of their own.</summary>
    public static async Task<string> SeedPersonAsync(AppUnderTest app, string id, CancellationToken ct)
    {
        using var put = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Put, $"/api/directory/staff/{id}")
        {
            Content = JsonContent.Create(new { id, name = "可靠性测试" + id[^1..], gender = "female", email = Email(id), post = "external-expert" }),
        }, AppUnderTest.MasterKey);
        using var answer = await app.Http.SendAsync(put, ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /api/directory/staff/{id} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
        }

        return id;
    }

    public static string Email(string staffId) => $"{staffId}@qz.example.cn";

    /// <summary>Starts a notice for <paramref name="assigneeId"/> and returns its instance id.</summary>
    public static async Task<string> StartAsync(AppUnderTest app, string instanceId, string assigneeId, string notice, double dueInHours, CancellationToken ct)
    {
        using var start = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/orchestrators/NoticeAcknowledgement/{instanceId}")
        {
            Content = JsonContent.Create(new { assigneeId, notice, dueInHours }),
        }, AppUnderTest.MasterKey);
        using var answer = await app.Http.SendAsync(start, ct);
        if (answer.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Starting NoticeAcknowledgement {instanceId} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
        }

        return instanceId;
    }

    /// <summary>Waits for the task mail carrying <paramref name="notice"/> and returns its link (path and query).</summary>
    public static async Task<TaskLink> LinkAsync(AppUnderTest app, string notice, CancellationToken ct, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTimeOffset.UtcNow < until)
        {
            foreach (var mail in app.Mail.All)
            {
                if ((mail.Text.Contains(notice, StringComparison.Ordinal) || mail.Subject.Contains(notice, StringComparison.Ordinal)) && TaskLink.In(mail.Text) is { } link)
                {
                    return link;
                }
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"No task mail with \"{notice}\" arrived in time.");
    }

    /// <summary>Waits for <paramref name="count"/> task mails whose notice starts with <paramref name="noticePrefix"/> and returns their links.</summary>
    public static async Task<List<TaskLink>> LinksAsync(AppUnderTest app, string noticePrefix, int count, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60 + count / 2);
        var found = new Dictionary<string, TaskLink>(StringComparer.Ordinal);
        int seen = 0;
        while (found.Count < count && DateTimeOffset.UtcNow < until)
        {
            var all = app.Mail.All;
            for (; seen < all.Count; seen++)
            {
                var mail = all[seen];
                if ((mail.Text.Contains(noticePrefix, StringComparison.Ordinal) || mail.Subject.Contains(noticePrefix, StringComparison.Ordinal))
                    && TaskLink.In(mail.Text) is { } link)
                {
                    found.TryAdd(link.TaskId, link);
                }
            }

            await Task.Delay(250, ct);
        }

        return found.Count >= count ? [.. found.Values] : throw new TimeoutException($"Only {found.Count} of {count} task mails with \"{noticePrefix}\" arrived in time.");
    }

    /// <summary>Waits for a mail to <paramref name="email"/> caught after <paramref name="since"/> whose text matches <paramref name="pattern"/>.</summary>
    public static async Task<Match> MailMatchingAsync(AppUnderTest app, string email, DateTimeOffset since, Regex pattern, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTimeOffset.UtcNow < until)
        {
            foreach (var mail in app.Mail.All.Where(m => m.ReceivedAt >= since && m.To.Contains(email)))
            {
                if (pattern.Match(mail.Text) is { Success: true } m)
                {
                    return m;
                }
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"No mail to {email} matching {pattern} arrived in time.");
    }

    /// <summary>The instance's status document (runtimeStatus, output, customStatus).</summary>
    public static Task<JsonNode> InstanceAsync(AppUnderTest app, string instanceId, CancellationToken ct) =>
        app.GetJsonAsync($"/runtime/webhooks/durabletask/instances/{instanceId}", AppUnderTest.MasterKey, ct);
}
