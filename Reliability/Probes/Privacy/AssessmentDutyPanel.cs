using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// The department assessment as a non-admin reads it: a half-year duty review of the probe's department (its head
/// reports, two leaders judge, the first of them submits), run through the management API with a roster of the probe's
/// own people so that no demo department is judged; and a past year (1999: no other probe uses it) published with
/// every checkpoint skipped, so a head has a year result of their own to read.
/// </summary>
/// <param name="MyPanel">The first judge's panel page (path and query) once they have submitted.</param>
/// <param name="OtherPanel">The second judge's panel page: they have not submitted, so it must stay shut.</param>
/// <param name="OtherPanelWithMyToken">The second judge's panel with the first judge's token.</param>
/// <param name="DutyReports">The first judge's link to the whole reports.</param>
public sealed record AssessmentDutyPanel(string MyPanel, string OtherPanel, string OtherPanelWithMyToken, string DutyReports)
{
    /// <summary>The past year published for the heads' own results.</summary>
    public const int PublishedYear = 1999;

    /// <summary>Runs the duty review of <paramref name="departmentId"/> (headed by <paramref name="headId"/>) until the first judge has submitted.</summary>
    public static async Task<AssessmentDutyPanel> RunAsync(AppUnderTest app, string prefix, string departmentId, string departmentName, string headId, string judgeId, string otherJudgeId, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        int year = DateTime.UtcNow.Year;
        var scheme = await app.GetJsonAsync($"/api/department-assessment/schemes/{year}", AppUnderTest.FunctionKey, cancellationToken);
        var input = new JsonObject
        {
            ["year"] = year,
            ["half"] = 2,
            ["scheme"] = scheme.DeepClone(),
            ["roster"] = new JsonObject
            {
                ["departments"] = new JsonArray(new JsonObject { ["id"] = departmentId, ["name"] = departmentName, ["headId"] = headId }),
                ["leaderIds"] = new JsonArray(judgeId, otherJudgeId),
                ["officeHeadId"] = null,
                ["organisationHeadId"] = null,
            },
        };
        string instance = $"{prefix}-duty-review";
        await StartAsync(app, $"/runtime/webhooks/durabletask/orchestrators/HalfYearReview/{instance}", input, cancellationToken);

        var answerer = new TaskAnswerer(app, random);
        string reportTask = $"dept-duty-report-{year:D4}-H2-{departmentId}";
        string myTask = $"dept-duty-judging-{year:D4}-H2-{judgeId}", otherTask = $"dept-duty-judging-{year:D4}-H2-{otherJudgeId}";
        var wait = Stopwatch.StartNew();
        while (await answerer.AnswerMailedAsync(reportTask, cancellationToken) == 0)
        {
            Until(wait, $"{instance}: the head's duty report task {reportTask} was not mailed");
            await Task.Delay(250, cancellationToken);
        }

        TaskLink mine, theirs;
        while (true)
        {
            var links = app.Mail.All.Select(TaskLink.In).OfType<TaskLink>().ToList();
            if (links.FirstOrDefault(l => l.TaskId == myTask) is { } m && links.FirstOrDefault(l => l.TaskId == otherTask) is { } t)
            {
                (mine, theirs) = (m, t);
                break;
            }

            Until(wait, $"{instance}: the judging tasks {myTask} and {otherTask} were not both mailed");
            await Task.Delay(250, cancellationToken);
        }

        // The whole reports' link stands in the judging task's context, signed for this judge.
        var task = await StaffPortalAccess.GetAsync(app, mine.Path, null, null, "application/json", cancellationToken);
        string reports = Strings(JsonNode.Parse(task.Body)).Select(s => s.IndexOf("/api/department-assessment/duty-reports/", StringComparison.Ordinal) is int at and >= 0 ? s[at..] : null).OfType<string>().FirstOrDefault()
            ?? throw new InvalidOperationException($"{myTask} names no duty-reports link: {task.Body[..Math.Min(400, task.Body.Length)]}");
        if (!await answerer.AnswerAsync(mine.TaskId, mine.Token, cancellationToken))
        {
            throw new InvalidOperationException($"{myTask} could not be answered.");
        }

        string Panel(string taskId, string token) => $"/api/department-assessment/panel/{Uri.EscapeDataString(taskId)}?token={Uri.EscapeDataString(token)}";
        return new AssessmentDutyPanel(Panel(mine.TaskId, mine.Token), Panel(theirs.TaskId, theirs.Token), Panel(theirs.TaskId, mine.Token), reports);
    }

    /// <summary>
    /// Publishes <see cref="PublishedYear"/> from what is stored (nothing but the directory's departments and heads): the
    /// annual instance runs with every checkpoint skipped and one year to go, so it publishes and completes.
    /// </summary>
    public static async Task PublishPastYearAsync(AppUnderTest app, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string instance = $"{prefix}-dept-year-{PublishedYear}";
        var input = new JsonObject { ["year"] = PublishedYear, ["skipBefore"] = "2100-01-01T00:00:00Z", ["years"] = 1 };
        await StartAsync(app, $"/runtime/webhooks/durabletask/orchestrators/DepartmentAssessment/{instance}", input, cancellationToken);
        var wait = Stopwatch.StartNew();
        while (true)
        {
            using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances/{instance}"), AppUnderTest.MasterKey);
            using var response = await app.Http.SendAsync(request, cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            string? status = (string?)JsonNode.Parse(body)?["runtimeStatus"];
            if ("Completed".Equals(status, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (status is "Failed" or "Terminated")
            {
                throw new InvalidOperationException($"{instance} ended {status}: {body[..Math.Min(600, body.Length)]}");
            }

            Until(wait, $"{instance} did not publish {PublishedYear} ({status})");
            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task StartAsync(AppUnderTest app, string path, JsonObject input, CancellationToken cancellationToken)
    {
        var (status, body) = await StaffPortalAccess.PostAsync(app, path, input, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"POST {path} answered {(int)status}: {body}");
        }
    }

    private static void Until(Stopwatch wait, string what)
    {
        if (wait.Elapsed > TimeSpan.FromMinutes(2))
        {
            throw new TimeoutException(what + " within 2 minutes.");
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
