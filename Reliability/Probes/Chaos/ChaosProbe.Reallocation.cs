using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Chaos;

/// <summary>
/// (d): a county-managed, school-hired reallocation (issue 17) on a small seeded county, killed at seeded points while
/// the posts window and its approval, a round's task window (tasks opened and mailed), the round's apply and its
/// result-mail burst run. Tasks are answered from caught mail; the dev clock closes the windows that are left open.
/// </summary>
public sealed partial class ChaosProbe
{
    // The rounds as the result mails are tagged ({reallocation}.{tag}.{staff}), then the bureau's unplaced cases.
    private static readonly string[] ResultTags = ["DirectAppointment", "SupportTeaching", "InSchoolCompetition", "CrossSchoolCompetition", "unplaced"];

    private static async Task<int> ReallocateWithKillsAsync(ProbeContext context, List<double> resumes, CancellationToken cancellationToken)
    {
        var app = context.App;
        string tag = Tag(context);
        int schools = context.IsFast ? 3 : 8;
        int teachers = context.IsFast ? 12 : 40;
        int kills = context.IsFast ? 2 : 5;
        string run = $"staff-reallocation-chaos-{tag}";
        var county = await SeedCountyAsync(context, tag, schools, teachers, cancellationToken);

        // Only the probe's own schools take part: the directory also holds other probes' people and, in the full
        // profile, the demo county's 8,950 staff.
        var start = new JsonObject { ["ownerId"] = county.Owner, ["schoolIds"] = new JsonArray([.. Enumerable.Range(1, schools).Select(s => (JsonNode)$"chaos-{tag}-s{s}")]) };
        using (var started = await SendAsync(app, HttpMethod.Post, $"/api/staff-reallocation/{run}", start.ToJsonString(), cancellationToken))
        {
            if (!IsOk(started.StatusCode))
            {
                throw new InvalidOperationException($"POST /api/staff-reallocation/{run} answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        string what = $"POST /api/staff-reallocation/{run} {start.ToJsonString()} on {schools} schools, {county.Staff.Count} staff";

        // Kill points: a seeded delay after the start (posts window and approval) and after seeded clock moves (each
        // closes a window: answers recorded, the round applied, result mails sent, the next window opened and mailed).
        var killAfterMove = Enumerable.Range(1, 8).OrderBy(_ => context.Random.Next()).Take(kills - 1).ToHashSet();
        var killAt = Stopwatch.StartNew();
        TimeSpan? killDelay = TimeSpan.FromMilliseconds(context.Random.Next(300, 3000));
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        int mailsSeen = -1, killed = 0;
        string? stage = null, updated = null;
        string? finalStatus = null;
        double? sinceKill = null;
        var afterKill = new Stopwatch();
        bool stuck = false;
        var pacing = new ClockPacing(StuckBound(context));
        while (true)
        {
            var (status, custom, lastUpdated) = await ReallocationStatusAsync(app, run, cancellationToken);
            int mails = app.Mail.All.Count;
            if (status is "Completed" or "Failed" or "Terminated")
            {
                finalStatus = status;
                break;
            }

            await AnswerCaughtTasksAsync(context, run, county, answered, cancellationToken);
            bool moved = mails != mailsSeen || custom != stage || lastUpdated != updated;
            if (moved)
            {
                mailsSeen = mails;
                stage = custom;
                updated = lastUpdated;
                pacing.Progressed(total.Elapsed);
                if (afterKill.IsRunning && status is not null)
                {
                    sinceKill = afterKill.Elapsed.TotalSeconds;
                    resumes.Add(Math.Round(sinceKill.Value, 1));
                    context.Log.WriteLine($"  resumed after {sinceKill:F1} s (stage {stage})");
                    afterKill.Reset();
                }
            }

            if (killDelay is { } delay && killAt.Elapsed >= delay)
            {
                killDelay = null;
                context.App.Kill();
                killed++;
                context.Log.WriteLine($"  kill -9 during the reallocation (stage {stage ?? "starting"}, {pacing.Moves} clock moves, {mails} mails caught)");
                await app.StartHostAsync(cancellationToken);
                afterKill.Restart();
                pacing.Progressed(total.Elapsed);
                continue;
            }

            if (killDelay is null && pacing.IsStuck(total.Elapsed))
            {
                stuck = true;
                break;
            }

            // Nothing moves: the process waits for a window or an appeal period to close, so the dev clock moves on,
            // once per quiet spell (ClockPacing: a busy host is not met with a burst of moves, and no count of moves
            // is a judgement; the fast profile's small pilot, without the demo county's timers, is quiet sooner). After a
            // kill the restarted host is given time to pick up what the dead one held: it returns when its queue
            // visibility lapses (30 s; the fast profile's app 10 s), plus a third.
            var quiet = afterKill.IsRunning ? app.HeldMessagesReturnAfter * 4 / 3 : TimeSpan.FromSeconds(context.IsFast ? 2 : 4);
            if (killDelay is null && pacing.ShouldMove(total.Elapsed, quiet))
            {
                if (afterKill.IsRunning)
                {
                    context.Log.WriteLine($"  nothing moved for {quiet.TotalSeconds:F0} s after the restart (waiting for the clock?)");
                    afterKill.Reset();
                }

                await MoveClockAsync(app, "5.00:01:00", cancellationToken);
                pacing.Moved(total.Elapsed);
                if (killAfterMove.Remove(pacing.Moves))
                {
                    killDelay = TimeSpan.FromMilliseconds(context.Random.Next(0, 2500));
                    killAt.Restart();
                }
            }

            if (total.Elapsed > TimeSpan.FromMinutes(context.IsFast ? 6 : 30))
            {
                stuck = true;
                break;
            }

            await Task.Delay(200, cancellationToken);
        }

        context.Record("reallocation: kills", killed);
        context.Record("reallocation: clock moves", pacing.Moves);
        context.Record("reallocation: staff", county.Staff.Count);
        context.Record("reallocation: task mails read (posts, approval, direct and every third support task answered)", answered.Count);
        context.Record("reallocation: answers refused (window closed, 409/410)", county.Refused);
        context.Record("reallocation: took", Math.Round(total.Elapsed.TotalSeconds, 1), "s");
        string stuckFor = $"{pacing.Moves} clock moves, nothing moved for the last {(total.Elapsed - pacing.LastProgress).TotalSeconds:F0} s of {total.Elapsed.TotalSeconds:F0} s";
        await CountReallocationAsync(context, run, what + $" ({stuckFor})", county, finalStatus, stuck || finalStatus != "Completed", cancellationToken);
        return killed;
    }

    /// <summary>Counts tasks opened twice, result mails sent twice or lost, people placed twice or lost, and stuck.</summary>
    private static async Task CountReallocationAsync(ProbeContext context, string run, string what, SeededCounty county, string? finalStatus, bool stuck, CancellationToken cancellationToken)
    {
        var app = context.App;
        var all = app.Mail.All;
        var ours = all.Where(m => m.OutboxId is { } id && id.Contains(run, StringComparison.Ordinal)).ToList();
        var openedTwice = await TasksAskedTwiceAsync(context, run, null, cancellationToken);
        var twice = app.Mail.SentTwice().Where(id => id.Contains(run, StringComparison.Ordinal)).ToList();
        var results = ours.Select(m => m.OutboxId!).Where(id => id.StartsWith(run + ".", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        // Each person: one record, placed or unplaced, told by mail in the round that decided them; no seat over its count.
        var lostPeople = new List<string>();
        var lostMail = new List<string>();
        var seats = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string staffId in county.Staff)
        {
            JsonNode person;
            try
            {
                person = await app.GetJsonAsync($"/api/staff-reallocation/{run}/people/{staffId}", cancellationToken: cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                lostPeople.Add($"{staffId} ({ex.Message[..Math.Min(120, ex.Message.Length)]})");
                continue;
            }

            var placement = person["placement"] as JsonObject;
            bool unplaced = person["unplaced"] is JsonObject;
            if (placement is null && !unplaced)
            {
                if (!stuck)
                {
                    lostPeople.Add($"{staffId} (neither placed nor unplaced)");
                }

                continue;
            }

            if (placement is not null && (string?)placement["postId"] is { } post)
            {
                seats[post] = seats.GetValueOrDefault(post) + 1;
            }

            string? round = (string?)placement?["round"];
            string? decidedIn = round is null || string.Equals(round, "unplaced", StringComparison.OrdinalIgnoreCase)
                ? "unplaced"
                : ResultTags.FirstOrDefault(t => string.Equals(t, round, StringComparison.OrdinalIgnoreCase));
            if (!stuck && decidedIn is not null && !results.Contains($"{run}.{decidedIn}.{staffId}") && !results.Contains($"{run}.appeal-{decidedIn}.{staffId}"))
            {
                lostMail.Add($"{run}.{decidedIn}.{staffId}");
            }
        }

        var overfull = seats.Where(s => s.Value > county.Seats.GetValueOrDefault(s.Key, int.MaxValue)).Select(s => $"{s.Key}: {s.Value} placed on {county.Seats[s.Key]} seats").ToList();
        int resultMails = results.Count;
        context.Record("reallocation: tasks mailed", ours.Count(m => m.OutboxId!.EndsWith("." + AssignedMail, StringComparison.Ordinal)));
        context.Record("reallocation: result mails", resultMails);
        context.Record("reallocation: tasks opened twice", openedTwice.Count);
        context.Record("reallocation: mails sent twice", twice.Count);
        context.Record("reallocation: result mails lost", lostMail.Count);
        context.Record("reallocation: people placed twice (seats over their count)", overfull.Count);
        context.Record("reallocation: people lost", lostPeople.Count);
        context.Record("reallocation: stuck", stuck ? 1 : 0);
        if (stuck)
        {
            var (status, custom, _) = await ReallocationStatusAsync(app, run, cancellationToken);
            context.Found("no instance stuck", $"{what}: runtimeStatus {status ?? finalStatus ?? "(no answer)"}, stage or failure {custom ?? "-"}; not finished {StuckBound(context).TotalSeconds:F0} s after the last progress (or in the profile's time).\nhost output:\n{app.RecentOutput}");
        }

        if (openedTwice.Count > 0)
        {
            context.Found("no task opened twice", $"{what}, host killed during the rounds: {string.Join(", ", openedTwice.Take(5))} ask the same person the same thing.");
        }

        if (twice.Count > 0)
        {
            context.Found("no mail sent twice", $"{what}, host killed during the rounds: outbox ids {string.Join(", ", twice.Take(5))} reached SendGrid more than once.\nhost output:\n{app.RecentOutput}");
        }

        if (lostMail.Count > 0)
        {
            context.Found("no result mail lost", $"{what}: {lostMail.Count} people not told the round that decided them, e.g. {string.Join(", ", lostMail.Take(5))}.\nhost output:\n{app.RecentOutput}");
        }

        if (overfull.Count > 0)
        {
            context.Found("no one placed twice", $"{what}: {string.Join("; ", overfull.Take(5))}.");
        }

        if (lostPeople.Count > 0)
        {
            context.Found("no one lost", $"{what}: {lostPeople.Count} of {county.Staff.Count} staff, e.g. {string.Join(", ", lostPeople.Take(5))} (GET /api/staff-reallocation/{run}/people/{{staffId}}).");
        }
    }

    /// <summary>
    /// Answers what a principal and the bureau would from the caught mail: each school's posts (one school gives two
    /// seats less, so some compete across schools), the bureau's approval, every direct appointment confirmed, and
    /// every third support-teaching invitation taken up. Other tasks are left to lapse when the clock moves.
    /// </summary>
    private static async Task AnswerCaughtTasksAsync(ProbeContext context, string run, SeededCounty county, HashSet<string> answered, CancellationToken cancellationToken)
    {
        foreach (var mail in context.App.Mail.All)
        {
            if (mail.OutboxId is not { } outboxId || !outboxId.EndsWith("." + AssignedMail, StringComparison.Ordinal) || !outboxId.Contains(run, StringComparison.Ordinal))
            {
                continue;
            }

            string taskId = outboxId[..^(AssignedMail.Length + 1)];
            if (answered.Contains(taskId) || context.App.HostProcessId is null || TaskLink.In(mail.Text) is not { } link)
            {
                continue;
            }

            JsonObject? answer = null;
            if (taskId.StartsWith($"reallocation-posts-approval-{run}-", StringComparison.Ordinal))
            {
                answer = new JsonObject { ["decision"] = "approve" };
            }
            else if (taskId.StartsWith($"reallocation-posts-{run}-", StringComparison.Ordinal))
            {
                string school = taskId[$"reallocation-posts-{run}-".Length..taskId.LastIndexOf('-')];
                answer = [];
                foreach (var (field, seats) in county.PostsOf(school))
                {
                    answer[field] = seats.ToString(CultureInfo.InvariantCulture);
                }
            }
            else if (taskId.StartsWith($"reallocation-direct-confirm-{run}-", StringComparison.Ordinal))
            {
                answer = new JsonObject { ["decision"] = "confirm" };
            }
            else if (taskId.StartsWith("reallocation-support-", StringComparison.Ordinal) && answered.Count % 3 == 0)
            {
                answer = new JsonObject { ["decision"] = "volunteer" };
            }

            if (answer is null)
            {
                answered.Add(taskId);
                continue;
            }

            string path = link.Path;
            try
            {
                using var response = await context.App.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellationToken);
                answered.Add(taskId);
                if ((int)response.StatusCode >= 500)
                {
                    context.Found("answers are taken", $"POST {path} {answer.ToJsonString()} answered {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(cancellationToken))[..Math.Min(300, (int)(response.Content.Headers.ContentLength ?? 300))]}");
                }
                else if (!response.IsSuccessStatusCode)
                {
                    // 409/410: the window closed (the clock moved) or it was answered before a kill.
                    county.Refused++;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The host is down (killed): answered again on the next pass (409 if the first answer was taken).
                context.Log.WriteLine($"  answer to {taskId} not delivered: {ex.Message}");
            }
        }
    }

    private static async Task<SeededCounty> SeedCountyAsync(ProbeContext context, string tag, int schools, int teachers, CancellationToken cancellationToken)
    {
        var app = context.App;
        string department = $"chaos-bureau-{tag}";
        string owner = $"chaos-{tag}-owner";
        await PutAsync(app, $"/api/directory/departments/{department}", new JsonObject { ["id"] = department, ["name"] = $"人事科（混沌{tag}）" }, cancellationToken);
        await PutAsync(app, $"/api/directory/staff/{owner}", Person(owner, "赵科长", "bureau-cadre", tag, department: department), cancellationToken);
        string[] subjects = ["mathematics", "chinese", "english"];
        var staff = new List<string>();
        var seats = new Dictionary<string, int>(StringComparer.Ordinal);
        var posts = new Dictionary<string, List<(string Field, int Seats)>>(StringComparer.Ordinal);
        for (int s = 1; s <= schools; s++)
        {
            string school = $"chaos-{tag}-s{s}";
            string section = s % 2 == 0 ? "junior" : "primary";
            bool rural = s == schools;
            var body = new JsonObject { ["id"] = school, ["name"] = $"混沌{tag}第{s}学校", ["section"] = section, ["town"] = "王府街道", ["rural"] = rural };
            await PutAsync(app, $"/api/directory/schools/{school}", body, cancellationToken);
            string principal = $"{school}-p";
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            await PutAsync(app, $"/api/directory/staff/{principal}", Person(principal, "校长", "principal", tag, school: school, section: section, subject: subjects[0], born: 1975), cancellationToken);
            counts[subjects[0]] = 1;
            staff.Add(principal);
            for (int t = 1; t <= teachers; t++)
            {
                string id = $"{school}-t{t:D2}";
                string subject = subjects[t % subjects.Length];

                // Every eighth near retirement (a direct appointment for the principal to confirm); the rest 25 to 55.
                int born = t % 8 == 0 ? 1967 : 1971 + context.Random.Next(0, 30);
                await PutAsync(app, $"/api/directory/staff/{id}", Person(id, $"教师{t:D2}", "teacher", tag, school: school, section: section, subject: subject, born: born), cancellationToken);
                counts[subject] = counts.GetValueOrDefault(subject) + 1;
                staff.Add(id);
            }

            body["principalId"] = principal;
            await PutAsync(app, $"/api/directory/schools/{school}", body, cancellationToken);

            // The first school gives two mathematics seats less, the rural one two more: some move across schools.
            var given = counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (Subject: c.Key, Seats: c.Value + (c.Key == "mathematics" ? s == 1 ? -2 : rural ? 2 : 0 : 0))).ToList();
            posts[school] = [.. given.Select(g => ($"{section}-{g.Subject}", g.Seats))];
            foreach (var (subject, count) in given)
            {
                // An answer cut off by a kill leaves the current staffing standing: the larger of the two is the bound.
                seats[$"{school}:{section}:{subject}"] = Math.Max(count, counts[subject]);
            }
        }

        context.Log.WriteLine($"  reallocation county: {schools} schools, {staff.Count} staff");
        return new SeededCounty(owner, staff, seats, posts);
    }

    private static async Task MoveClockAsync(AppUnderTest app, string by, CancellationToken cancellationToken)
    {
        try
        {
            // Timer triggers the move passes are skipped: the moves close the pilot's own windows, and should not start
            // the demo county's monthly dispatches and half-year reviews (8,950 staff) on the same host each time, whose
            // activities and mails then queue ahead of the pilot's. Durable timers (the windows) fire as always.
            using var clock = await SendAsync(app, HttpMethod.Post, "/api/dev/clock", $$"""{"advanceBy":"{{by}}","timers":"skip"}""", cancellationToken);
            if (!clock.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/dev/clock answered {(int)clock.StatusCode}: {await clock.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (HttpRequestException)
        {
            // The host is restarting; the next quiet spell moves the clock.
        }
    }

    /// <summary>Runtime status, the process's stage (custom status) and last update; nulls while the host does not answer.</summary>
    private static async Task<(string? Status, string? Stage, string? Updated)> ReallocationStatusAsync(AppUnderTest app, string run, CancellationToken cancellationToken)
    {
        try
        {
            var status = await app.GetJsonAsync($"{Durable}/instances/{run}", cancellationToken: cancellationToken);
            var custom = status["customStatus"];
            string? stage = custom is JsonObject o ? (string?)(o["stage"] ?? o["Stage"]) : custom?.ToJsonString();
            return ((string?)status["runtimeStatus"], stage, status["lastUpdatedTime"]?.ToJsonString());
        }
        catch (HttpRequestException ex) when (ex.Message.Contains(" answered 400", StringComparison.Ordinal))
        {
            // 400: failed or terminated; the body is the status (with the failure).
            return ("Failed", ex.Message[..Math.Min(2000, ex.Message.Length)], null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, null, null);
        }
    }

    /// <summary>The seeded county: the bureau owner, every participant, seats per post id, and each school's posts answer.</summary>
    private sealed record SeededCounty(string Owner, List<string> Staff, Dictionary<string, int> Seats, Dictionary<string, List<(string Field, int Seats)>> Posts)
    {
        /// <summary>Answers refused with 409/410: the window had closed, or the answer was taken before a kill.</summary>
        public int Refused { get; set; }

        public List<(string Field, int Seats)> PostsOf(string school) => Posts.GetValueOrDefault(school) ?? [];
    }
}
