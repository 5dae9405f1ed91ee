using System.Diagnostics;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Chaos;

/// <summary>(b): a half-year researcher review killed while it opens tasks and mails them.</summary>
public sealed partial class ChaosProbe
{
    private const string AssignedMail = "task-assigned";

    /// <summary>Opens a half-year review, killing the host once while each kind of its tasks is mailed; returns the kills done.</summary>
    private static async Task<int> ReviewWithKillsAsync(ProbeContext context, List<double> resumes, CancellationToken cancellationToken)
    {
        var app = context.App;
        string tag = Tag(context);
        string section = context.IsFast ? "senior" : "primary";
        int researchers = context.IsFast ? 12 : 40;
        string department = $"chaos-tro-{tag}";
        string office = $"chaos-{tag}-office";
        await PutAsync(app, $"/api/directory/departments/{department}", new JsonObject { ["id"] = department, ["name"] = $"教研室（混沌{tag}）", ["teachingResearchOffice"] = true }, cancellationToken);
        await PutAsync(app, $"/api/directory/staff/{office}", Person(office, "赵主任", "bureau-cadre", tag, department: department), cancellationToken);
        await PutAsync(app, $"/api/directory/departments/{department}", new JsonObject { ["id"] = department, ["name"] = $"教研室（混沌{tag}）", ["headId"] = office, ["teachingResearchOffice"] = true }, cancellationToken);
        var ours = Enumerable.Range(1, researchers).Select(i => $"chaos-{tag}-r{i:D2}").ToList();
        foreach (string id in ours)
        {
            await PutAsync(app, $"/api/directory/staff/{id}", Person(id, $"教研员{id[^2..]}", "researcher", tag, department: department, section: section), cancellationToken);
        }

        // A half year that has ended, drawn from the seed so that runs on one app do not meet.
        int year = 2001 + context.Random.Next(0, 24);
        int half = 1 + context.Random.Next(0, 2);
        var start = new JsonObject
        {
            ["section"] = section,
            ["year"] = year,
            ["half"] = half,
            ["reviewerIds"] = new JsonArray(ours[0], ours[1]),
            ["officeId"] = office,
        };
        using (var started = await SendAsync(app, HttpMethod.Post, "/api/researcher-reviews", start.ToJsonString(), cancellationToken))
        {
            if (!IsOk(started.StatusCode))
            {
                throw new InvalidOperationException($"POST /api/researcher-reviews {start.ToJsonString()} answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        string reviewId = $"researcher-review-{year}H{half}-{section}";
        string prefix = $"rr-{year}H{half}-{section}";
        string what = $"POST /api/researcher-reviews {start.ToJsonString()}";

        // Collection: one self-assessment task per researcher of the section (the snapshot's list), each mailed.
        bool selfKillMissed = await KillWhileMailingAsync(context, $"the review's self-assessment tasks", prefix + "-self-", researchers, resumes, cancellationToken);
        context.Record("review self-assessment: kills", 1);
        context.Record("review self-assessment: kills after the last mail", selfKillMissed ? 1 : 0);
        var review = await app.GetJsonAsync($"/api/researcher-reviews/{reviewId}", cancellationToken: cancellationToken);
        var snapshotIds = (review["review"]?["researchers"]?.AsArray() ?? []).Select(r => (string?)r?["id"]).OfType<string>().ToList();
        if (snapshotIds.Count == 0)
        {
            snapshotIds = ours;
        }

        var expected = snapshotIds.Select(r => $"{prefix}-self-{r}").ToList();
        var wait = Stopwatch.StartNew();
        while (MissingAssigned(app, expected).Count > 0 && wait.Elapsed < StuckBound(context))
        {
            await Task.Delay(250, cancellationToken);
        }

        await CountMailAsync(context, "review self-assessment", what, reviewId, expected, cancellationToken);
        if (context.IsFast)
        {
            return 1;
        }

        // Scoring: the dev clock ends the collection; each of the two reviewers scores every researcher but themselves.
        var expectedScoring = ours.Take(2).SelectMany(reviewer => snapshotIds.Where(r => r != reviewer).Select(r => $"{prefix}-score-{reviewer}-{r}")).ToList();
        using (var clock = await SendAsync(app, HttpMethod.Post, "/api/dev/clock", """{"advanceBy":"8.00:00:00"}""", cancellationToken))
        {
            if (!clock.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/dev/clock answered {(int)clock.StatusCode}: {await clock.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        bool scoringKillMissed = await KillWhileMailingAsync(context, "the review's scoring tasks", prefix + "-score-", expectedScoring.Count, resumes, cancellationToken);
        context.Record("review scoring: kills", 1);
        context.Record("review scoring: kills after the last mail", scoringKillMissed ? 1 : 0);
        wait.Restart();
        while (MissingAssigned(app, expectedScoring).Count > 0 && wait.Elapsed < StuckBound(context))
        {
            await Task.Delay(250, cancellationToken);
        }

        await CountMailAsync(context, "review scoring", what + " then POST /api/dev/clock {\"advanceBy\":\"8.00:00:00\"}", reviewId, expectedScoring, cancellationToken);
        return 2;
    }

    /// <summary>
    /// Kills the host a seeded time after the tasks started to be opened (they open and mail in a burst, so a count of
    /// mails would miss it), restarts it and times the next mail. A kill after the last mail still counts: the replay
    /// after the restart must open and mail nothing again.
    /// </summary>
    /// <returns>True when every mail had arrived before the kill, so that it tested only the replay.</returns>
    private static async Task<bool> KillWhileMailingAsync(ProbeContext context, string what, string taskPrefix, int expected, List<double> resumes, CancellationToken cancellationToken)
    {
        await Task.Delay(context.Random.Next(0, 2500), cancellationToken);
        int before = Assigned(context.App, taskPrefix).Count;
        var progressed = before >= expected
            ? (Func<Task<bool>>)(() => Task.FromResult(true))
            : () => Task.FromResult(Assigned(context.App, taskPrefix).Count > before);
        double? resumed = await KillAndResumeAsync(context, $"{what} ({before} of {expected} mailed)", progressed, cancellationToken);
        if (before >= expected)
        {
            context.Log.WriteLine($"  every mail of {what} had arrived before the kill: no resume time");
        }
        else if (resumed is { } seconds)
        {
            resumes.Add(seconds);
        }
        else
        {
            resumes.Add(StuckBound(context).TotalSeconds);
            context.Found("resumes after kill -9", $"killed during {what} at {before} of {expected} mails: no further mail within {StuckBound(context).TotalSeconds:F0} s after the restart.\nhost output:\n{context.App.RecentOutput}");
        }

        return before >= expected;
    }

    /// <summary>Counts tasks opened twice (in the task table), mails sent twice and mails lost among the expected tasks' assignment mails.</summary>
    private static async Task CountMailAsync(ProbeContext context, string label, string what, string reviewId, List<string> expectedTasks, CancellationToken cancellationToken)
    {
        var mails = context.App.Mail.All.Where(m => m.OutboxId is { } id && expectedTasks.Any(t => id.StartsWith(t + ".", StringComparison.Ordinal))).ToList();
        var twice = context.App.Mail.SentTwice().Where(id => expectedTasks.Any(t => id.StartsWith(t + ".", StringComparison.Ordinal))).ToList();

        var openedTwice = await TasksAskedTwiceAsync(context, reviewId, expectedTasks, cancellationToken);
        var lost = MissingAssigned(context.App, expectedTasks);
        context.Record($"{label}: tasks", expectedTasks.Count);
        context.Record($"{label}: tasks opened twice", openedTwice.Count);
        context.Record($"{label}: mails sent twice", twice.Count);
        context.Record($"{label}: mails lost", lost.Count);
        if (openedTwice.Count > 0)
        {
            context.Found("no task opened twice", $"{what}, host killed while tasks were opened: {string.Join(", ", openedTwice.Take(5))} ask the same person the same thing.");
        }

        if (twice.Count > 0)
        {
            context.Found("no mail sent twice", $"{what}, host killed while mails were sent: outbox ids {string.Join(", ", twice.Take(5))} reached SendGrid more than once.\nhost output:\n{context.App.RecentOutput}");
        }

        if (lost.Count > 0)
        {
            context.Found("no mail lost", $"{what}, host killed while mails were sent: no assignment mail for {string.Join(", ", lost.Take(5))} ({lost.Count} of {expectedTasks.Count}) {StuckBound(context).TotalSeconds:F0} s after the last restart.\nhost output:\n{context.App.RecentOutput}");
        }
    }

    private static List<string> Assigned(AppUnderTest app, string taskPrefix) =>
        [.. app.Mail.All.Select(m => m.OutboxId).OfType<string>().Where(id => id.StartsWith(taskPrefix, StringComparison.Ordinal) && id.EndsWith("." + AssignedMail, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    private static List<string> MissingAssigned(AppUnderTest app, List<string> expectedTasks)
    {
        var arrived = app.Mail.All.Select(m => m.OutboxId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. expectedTasks.Where(t => !arrived.Contains(t + "." + AssignedMail))];
    }

    /// <summary>A staff member of the chaos runs: of a bureau department (review) or a school (reallocation).</summary>
    private static JsonObject Person(string id, string name, string post, string tag, string? department = null, string? school = null, string? section = null, string? subject = null, int? born = null)
    {
        var person = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["gender"] = id[^1] % 2 == 0 ? "female" : "male",
            ["email"] = $"{id}@chaos-{tag}.qz-edu.example.cn",
            ["post"] = post,
            ["section"] = section,
            ["subject"] = subject ?? (post == "researcher" ? "chinese" : null),
        };
        if (department is not null)
        {
            person["departmentId"] = department;
        }

        if (school is not null)
        {
            person["schoolId"] = school;
        }

        if (born is { } year)
        {
            person["birthDate"] = $"{year}-03-01";
        }

        return person;
    }
}
