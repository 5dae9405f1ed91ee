using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A year end run to its open scoring session, so that the session's QR-code page has a session to show: the year end
/// of <see cref="SessionYear"/> (no other probe uses it) started through the management API with this year's scheme,
/// its session opened a minute ago on the app's clock for ten minutes, and a roster of the probe's department alone.
/// Claims and presentations are skipped (their due time falls before the session). A principal of the probe's school
/// scores the department, so the page has someone's score it must not show.
/// </summary>
/// <param name="InstanceId">The year end's instance.</param>
/// <param name="PrincipalId">The probe's principal, who scored.</param>
/// <param name="Score">The score they gave, as the page would print it.</param>
public sealed record ScoringSessionRun(string InstanceId, string PrincipalId, string Score)
{
    /// <summary>The year whose session is opened.</summary>
    public const int SessionYear = 1998;

    /// <summary>The session's page (anonymous: it is shown on screen in the hall).</summary>
    public static string PagePath => $"/api/department-assessment/{SessionYear}/session";

    /// <summary>Opens the session and has <paramref name="principal"/> (a principal of the probe's school, in the directory) score <paramref name="departmentId"/>.</summary>
    public static async Task<ScoringSessionRun> RunAsync(AppUnderTest app, string prefix, string departmentId, string departmentName, string headId, JsonObject principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(principal);
        var clock = await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken);
        var now = clock["utcNow"]!.GetValue<DateTimeOffset>();
        // The scheme dates the session in its own year, in the bureau's zone (Asia/Shanghai, no daylight saving).
        var local = now.ToOffset(TimeSpan.FromHours(8)).AddMinutes(-1);
        var scheme = (await app.GetJsonAsync($"/api/department-assessment/schemes/{local.Year}", AppUnderTest.FunctionKey, cancellationToken)).AsObject();
        scheme["scoringSessionAt"] = local.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
        scheme["scoringSessionMinutes"] = 10;
        var input = new JsonObject
        {
            ["year"] = SessionYear,
            ["scheme"] = scheme.DeepClone(),
            ["roster"] = new JsonObject
            {
                ["departments"] = new JsonArray(new JsonObject { ["id"] = departmentId, ["name"] = departmentName, ["headId"] = headId }),
                ["leaderIds"] = new JsonArray(),
                ["officeHeadId"] = null,
                ["organisationHeadId"] = null,
            },
        };
        string instance = $"{prefix}-year-end-{SessionYear}";
        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/runtime/webhooks/durabletask/orchestrators/YearEndAssessment/{instance}", input, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Starting {instance} answered {(int)status}: {body}");
        }

        string principalId = (string)principal["id"]!;
        string taskId = $"dept-session-{SessionYear:D4}-{principalId}";
        var wait = Stopwatch.StartNew();
        TaskLink? link;
        while ((link = app.Mail.All.Select(TaskLink.In).OfType<TaskLink>().FirstOrDefault(l => l.TaskId == taskId)) is null)
        {
            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{instance}: the scoring task {taskId} was not mailed within 2 minutes.");
            }

            await Task.Delay(250, cancellationToken);
        }

        const string Score = "93.5";
        using var submit = new HttpRequestMessage(HttpMethod.Post, link.Path)
        {
            Content = new StringContent(new JsonObject { [departmentId] = decimal.Parse(Score, CultureInfo.InvariantCulture) }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var submitted = await app.Http.SendAsync(submit, cancellationToken);
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Scoring {taskId} answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return new ScoringSessionRun(instance, principalId, Score);
    }

    /// <summary>
    /// Ends the year end and every scoring sub-orchestration it started (ids <c>{InstanceId}-{principal}</c>): the chaos
    /// probe moves the dev clock later, and none of them may close, remind or mail then. In the full profile the year end
    /// gives every principal of the demo county a scoring task, and terminating the parent alone leaves those running.
    /// </summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var running = await app.GetJsonAsync(
            $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={Uri.EscapeDataString(InstanceId)}&runtimeStatus=Pending,Running&showInput=false&top=1000",
            cancellationToken: cancellationToken);
        var ids = running.AsArray().Select(i => (string)i!["instanceId"]!).Append(InstanceId).Distinct(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
            using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
            if (!terminated.IsSuccessStatusCode && terminated.StatusCode is not (HttpStatusCode.Gone or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Terminating {id} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }
}
