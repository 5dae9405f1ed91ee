using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// One trainee's shadow-training week run to its certificate, so that the certificate page has a record to show: the
/// trainee's sub-orchestration of batch <see cref="BatchId"/> (no other probe uses it) started through the management
/// API with a timetable whose every step is open now on the app's clock and due in an hour, at the probe's training base
/// with another of the probe's people as mentor. The trainee confirms, the mentor marks each day present, the trainee
/// writes each journal and the summary, the mentor evaluates with the highest scores: the rule completes the week.
/// </summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="Path">The certificate page's address (for its holder's session or a master key).</param>
/// <param name="Link">The certificate link of the completion mail (path and token).</param>
public sealed record ShadowCertificate(string TraineeId, string Path, string Link)
{
    /// <summary>The batch of the week.</summary>
    public const string BatchId = "1998-05";

    /// <summary>Runs <paramref name="trainee"/>'s week, mentored by <paramref name="mentor"/>, until the certificate is issued.</summary>
    public static async Task<ShadowCertificate> RunAsync(AppUnderTest app, string prefix, JsonObject trainee, JsonObject mentor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(trainee);
        ArgumentNullException.ThrowIfNull(mentor);
        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var now = clock["utcNow"]!.GetValue<DateTimeOffset>().UtcDateTime;
        DateTime open = now.AddMinutes(-1), due = now.AddHours(1);
        var monday = DateOnly.FromDateTime(now);
        string[] themes = ["日常管理", "教育教学", "文化建设", "教育创新", "总结交流"];
        var days = new JsonArray([.. themes.Select((theme, i) => (JsonNode)new JsonObject
        {
            ["date"] = monday.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["themeZh"] = theme,
            ["themeEn"] = "Theme " + (i + 1).ToString(CultureInfo.InvariantCulture),
            ["attendanceOpens"] = open,
            ["attendanceDue"] = due,
            ["journalOpens"] = open,
            ["journalDue"] = due,
            ["journalReminder"] = now.AddMinutes(30),
        })]);
        string traineeId = (string)trainee["id"]!;
        var run = new JsonObject
        {
            ["batchId"] = BatchId,
            ["traineeId"] = traineeId,
            ["traineeName"] = (string)trainee["name"]!,
            ["schoolName"] = "可靠性测试学校",
            ["principalId"] = null,
            ["baseId"] = $"{prefix}-base",
            ["baseName"] = "可靠性测试基地",
            ["mentorId"] = (string)mentor["id"]!,
            ["mentorName"] = (string)mentor["name"]!,
            ["ownerId"] = null,
            ["schedule"] = new JsonObject { ["weekStart"] = monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["confirmBy"] = due, ["days"] = days, ["evaluationOpens"] = open, ["evaluationDue"] = due },
            ["options"] = new JsonObject(),
        };
        string instance = $"shadow-training-{BatchId}:{traineeId}";
        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/runtime/webhooks/durabletask/orchestrators/ShadowTrainingTrainee/{Uri.EscapeDataString(instance)}", run, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Starting {instance} answered {(int)status}: {body}");
        }

        // Confirmation, five attendances and journals, the evaluation and the summary: answered as they are mailed.
        string ofTheWeek = $"-{BatchId}-{traineeId}-";
        var answered = new HashSet<string>(StringComparer.Ordinal);
        string path = $"/api/shadow-training/certificates/{BatchId}/{Uri.EscapeDataString(traineeId)}";
        var wait = Stopwatch.StartNew();
        while (true)
        {
            foreach (var link in app.Mail.All.Select(TaskLink.In).OfType<TaskLink>().Where(l => l.TaskId.Contains(ofTheWeek, StringComparison.Ordinal) && !answered.Contains(l.TaskId)).DistinctBy(l => l.TaskId).ToList())
            {
                await AnswerAsync(app, link, cancellationToken);
                answered.Add(link.TaskId);
            }

            if (app.Mail.All.Select(m => CertificateLink(m.Text + "\n" + m.Html, path)).OfType<string>().FirstOrDefault() is { } certificate)
            {
                return new ShadowCertificate(traineeId, path, certificate);
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{instance}: no certificate mailed within 2 minutes ({answered.Count} tasks answered: {string.Join(", ", answered)}).");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Ends the week's instance if it still runs (it completes with the certificate).</summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string instance = Uri.EscapeDataString($"shadow-training-{BatchId}:{TraineeId}");
        using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/{instance}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
        using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
        // A finished instance answers 410 (or 400 in some hosts): nothing to end.
        if (!terminated.IsSuccessStatusCode && terminated.StatusCode is not (HttpStatusCode.Gone or HttpStatusCode.BadRequest or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Terminating {instance} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    // The answer a diligent trainee and mentor give: the first choice (attend, present), the highest score, a short text.
    private static async Task AnswerAsync(AppUnderTest app, TaskLink link, CancellationToken cancellationToken)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, link.Path);
        read.Headers.Accept.ParseAdd("application/json");
        using var form = await app.Http.SendAsync(read, cancellationToken);
        string text = await form.Content.ReadAsStringAsync(cancellationToken);
        if (!form.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Opening {link.TaskId} answered {(int)form.StatusCode}: {text}");
        }

        var answer = new JsonObject();
        foreach (var field in JsonNode.Parse(text)?["fields"]?.AsArray() ?? [])
        {
            if (field is null || (bool?)field["required"] != true)
            {
                continue;
            }

            answer[(string)field["name"]!] = ((string?)field["type"] ?? "").ToUpperInvariant() switch
            {
                "NUMBER" => (decimal?)field["max"] ?? 100,
                "CHOICE" => field["options"]?.AsArray().FirstOrDefault()?["value"]?.DeepClone(),
                _ => "可靠性测试：按计划完成。",
            };
        }

        using var submit = new HttpRequestMessage(HttpMethod.Post, link.Path) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
        using var submitted = await app.Http.SendAsync(submit, cancellationToken);
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Answering {link.TaskId} with {answer.ToJsonString()} answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    // The certificate's address with its token, as the completion mail carries it.
    private static string? CertificateLink(string text, string path)
    {
        int at = text.IndexOf(path + "?token=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        int end = text.IndexOfAny([' ', '\n', '\r', '"', '\'', '<', '>', ')'], at);
        return WebUtility.HtmlDecode(end < 0 ? text[at..] : text[at..end]);
    }
}
