using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Reliability.App;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using static EduFlows.Processes.StaffReallocation.StaffReallocationActivities;

namespace EduFlows.Bench.Reallocation;

/// <summary>
/// The county-scale reallocation (issue 17) in the real app: the local host in a process of its own, in Development,
/// on its own Azurite (real Azure Table Storage, our durable provider), with the demo county of 8,950 staff and the
/// reliability suite's SendGrid-compatible mail catcher as its SendGrid. The bench starts a reallocation, answers no
/// task (so every default of the README applies) and moves the dev clock past each window. It measures how long each
/// window takes to open (every task stored and its mail in the outbox) and how long each round's result mails take
/// to go through the outbox to SendGrid, counting mail lost or sent twice by outbox id.
/// </summary>
/// <remarks>
/// Nobody answering makes the later windows concern everyone: nobody is placed directly or by support teaching, so the
/// in-school round places (and mails) all 8,950 and the cross-school window gives all of them a ranked-list task.
/// Writes <c>reallocation-azurite.md</c> after every phase, so a run stopped part-way still leaves what it measured.
/// </remarks>
internal sealed class ReallocationAzuriteBench
{
    private const string Hub = "EduFlows";
    private const string OwnerId = "stf-08951";
    private const double OpenTargetSeconds = 120;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PastWindow = TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PastShortWindow = TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1);

    private readonly List<Phase> _phases = [];
    private readonly List<string> _notes = [];
    private readonly string _outDir;
    private readonly string _loadBefore = MachineFacts.LoadAverage();
    private readonly DateTimeOffset _deadline;
    private readonly string _id = "bench-" + DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    private AppUnderTest _app = null!;
    private StaffReallocationStore _store = null!;
    private StaffReallocationActivities _activities = null!;
    private TableClient _tasks = null!;
    private TableClient _mail = null!;
    private TableClient _people = null!;
    private string _progress = "";

    private ReallocationAzuriteBench(string outDir, TimeSpan budget)
    {
        _outDir = outDir;
        _deadline = DateTimeOffset.UtcNow + budget;
    }

    /// <summary>One measured stretch of the process.</summary>
    /// <param name="What">What happened.</param>
    /// <param name="Count">How many (tasks, mails, people).</param>
    /// <param name="Seconds">How long, from the action that started it.</param>
    /// <param name="Target">The issue's target, if any.</param>
    /// <param name="Met">Whether it was met (null: no target).</param>
    /// <param name="Detail">The stretch's parts.</param>
    private sealed record Phase(string What, int Count, double Seconds, string Target, bool? Met, string Detail);

    public static async Task<int> RunAsync(string outDir, TimeSpan budget)
    {
        var bench = new ReallocationAzuriteBench(outDir, budget);
        try
        {
            await bench.RunAsync();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            bench._notes.Add($"stopped: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            await Console.Error.WriteLineAsync(e.ToString());
        }
        finally
        {
            await bench.WriteAsync();
            if (bench._app is not null)
            {
                await bench._app.DisposeAsync();
            }
        }

        return bench._phases.Any(p => p.Met == false) || bench._notes.Any(n => n.StartsWith("stopped", StringComparison.Ordinal)) ? 1 : 0;
    }

    private async Task RunAsync()
    {
        var watch = Stopwatch.StartNew();
        _app = await AppUnderTest.StartAsync(new AppUnderTestOptions { DemoData = true });
        var account = StorageAccount.FromConnectionString(_app.Azurite.ConnectionString);
        _store = new StaffReallocationStore(account, Hub);
        // Only its Keys activity is called (it reads the store alone): the same people the process will give tasks to.
        _activities = new StaffReallocationActivities(_store, null!, null!, null!, null!, null!);
        _tasks = account.Tables.GetTableClient(Hub + "Tasks");
        _mail = account.Tables.GetTableClient(Hub + "Mail");
        _people = account.Tables.GetTableClient(Hub + "ReallocationStaff");
        Log($"host up after {watch.Elapsed.TotalSeconds:F0} s; waiting for the demo county");

        var county = DemoCounty.Generate();
        var directory = new DirectoryStore(account, Hub + "Dir");
        await UntilAsync("the demo county is loaded", async () => await directory.Staff.GetAsync(county.Staff[^1].Id, CancellationToken.None) is not null);
        var schools = county.Schools.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        int taking = county.Staff.Count(s => s.SchoolId is { } school && schools.Contains(school) && s.Section is not null && s.Subject is not null);
        Log($"demo county loaded after {watch.Elapsed.TotalSeconds:F0} s: {taking} staff take part, {county.Schools.Count} schools");

        // Start: everyone stored with their points, then the principals' posts window.
        var t0 = DateTimeOffset.UtcNow;
        using (var start = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/api/staff-reallocation/{_id}") { Content = JsonContent.Create(new { ownerId = OwnerId, asOf = "2027-07-01" }) }, AppUnderTest.MasterKey))
        using (var started = await _app.Http.SendAsync(start))
        {
            if ((int)started.StatusCode != 202)
            {
                throw new InvalidOperationException($"start answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
            }
        }

        await UntilAsync("everyone is stored", async () => (await RowsAsync(_people, "", $"ReallocationId eq '{_id}'")).Count >= taking);
        var stored = await RowsAsync(_people, "", $"ReallocationId eq '{_id}'");
        Add(new Phase($"start: {stored.Count} people stored with their points (Prepare)", stored.Count, Seconds(t0, stored), "", null, ""));

        // The points objection window (everyone's breakdown mailed, then 3 days for objections) comes before the posts;
        // nobody objects, so the dev clock is moved past it once it is open.
        await UntilAsync("the points objection window", async () => await StageAsync() == PointsObjectionWindow.Stage);
        Add(new Phase("points computed, objection window open (from the start request)", stored.Count, (DateTimeOffset.UtcNow - t0).TotalSeconds, "", null, ""));
        var postsOpen = DateTimeOffset.UtcNow;
        // The window's timer is made just after the stage is set: move the clock again while the stage stays.
        // Within the run's budget: the window ends only once all 8,950 breakdown mails are sent.
        var lastMove = DateTimeOffset.MinValue;
        await UntilAsync("the points objection window's end (breakdown mails sent)", async () =>
        {
            if (await StageAsync() != PointsObjectionWindow.Stage)
            {
                return true;
            }

            if (DateTimeOffset.UtcNow - lastMove > TimeSpan.FromSeconds(60))
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                await AdvanceAsync(PastShortWindow);
                lastMove = DateTimeOffset.UtcNow;
            }

            return false;
        });

        // Issue 17: the breakdown mails go out one activity per batch of 200; how long they took, and at what rate.
        await ResultMailsAsync("points breakdown mails (from the objection window's opening)", $"{_id}.points.", postsOpen, wait: true);
        await WindowOpensAsync("posts", StaffReallocationTasks.PublishPosts.Name, postsOpen, "posts window opens (from the objection window's end)", target: false);

        await AdvanceAsync(PastWindow);
        await UntilAsync("the bureau's approval task", async () => (await RowsAsync(_tasks, $"{StaffReallocationTasks.ApprovePosts.Name}-{_id}-")).Count > 0);
        await AdvanceAsync(PastShortWindow);

        // 直接聘用: the principals' confirmations (nobody answers: nobody is confirmed).
        await WindowOpensAsync(Steps.Direct, StaffReallocationTasks.ConfirmDirect.Name, null, "直接聘用 window opens (after the posts' approval window)", target: false);
        await RoundAsync(nameof(Round.DirectAppointment), PastWindow, "直接聘用 window closes: expiry, rule, result mails");

        // 支教交流: every unplaced person of an urban school is asked.
        var opened = await MoveOnAsync(PastShortWindow, $"the {Steps.Volunteer} window", stage => stage == StageOf(Steps.Volunteer));
        await WindowOpensAsync(Steps.Volunteer, StaffReallocationTasks.SupportVolunteer.Name, opened, "支教交流 window opens (from the appeal window's end)", target: true);
        await RoundAsync(nameof(Round.SupportTeaching), PastWindow, "支教交流 window closes: reminders, expiry, rule, result mails");

        // 校内竞聘: each principal ranks the in-school applicants (nobody answers: by points), then the rule places everyone
        // on their own school's posts and tells them. The stage stays the round's through the window, the rule and the
        // mails, so the window is ended by one move once its tasks are stored and their timers made (the host idle).
        await MoveOnAsync(PastShortWindow, "the in-school ranking window", stage => stage == nameof(Round.InSchoolCompetition));
        string ranking = $"{StaffReallocationTasks.SchoolRanking.Name}-{_id}-{Steps.InSchoolRanking}-";
        int seen = -1;
        await UntilAsync("the in-school ranking tasks", async () =>
        {
            int now = (await RowsAsync(_tasks, ranking)).Count;
            bool settled = now > 0 && now == seen;
            seen = now;
            await Task.Delay(TimeSpan.FromSeconds(5));
            return settled;
        });
        Log($"{seen} in-school ranking tasks");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var closed = DateTimeOffset.UtcNow;
        await AdvanceAsync(PastWindow);
        await UntilAsync("the InSchoolCompetition appeal window", async () => await StageAsync() == "appeal:" + nameof(Round.InSchoolCompetition));
        await ResultMailsAsync("校内竞聘 window closes: expiry, rule, result mails", $"{_id}.{nameof(Round.InSchoolCompetition)}.", closed, wait: true);

        // 跨校竞聘: everyone holding an in-school option or unplaced gets the ranked-list form.
        opened = await MoveOnAsync(PastShortWindow, $"the {Steps.Ranked} window", stage => stage == StageOf(Steps.Ranked));
        await WindowOpensAsync(Steps.Ranked, StaffReallocationTasks.RankedList.Name, opened, "跨校竞聘 window opens (from the appeal window's end)", target: true);
        await RoundAsync(nameof(Round.CrossSchoolCompetition), PastWindow, "跨校竞聘 window closes: reminders, expiry, matching, result mails");

        await MoveOnAsync(PastShortWindow, "the unplaced stage", stage => stage is "unplaced" or "finished");
        await MoveOnAsync(PastShortWindow, "the reallocation finishes", stage => stage == "finished");
        // Timed from the start request: the whole process's mails have no stretch of their own to start from (timed from
        // now, after the last of them, the line printed negative seconds).
        await ResultMailsAsync("all result mails of the whole process (from the start request)", _id + ".", t0, wait: true);
        await HistoriesAsync();
    }

    // The issue's bound: no instance of the reallocation (its own, each round's and each batch's) holds more than a few
    // thousand history events at the county's size. Read through the Durable management API, as an operator would.
    private async Task HistoriesAsync()
    {
        const int Bound = 5_000;
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            using var list = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={Uri.EscapeDataString(_id)}&top=500"), AppUnderTest.MasterKey);
            if (continuation is not null)
            {
                list.Headers.Add("x-ms-continuation-token", continuation);
            }

            using var listed = await _app.Http.SendAsync(list);
            listed.EnsureSuccessStatusCode();
            ids.AddRange((await listed.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonArray>())!.Select(i => (string)i!["instanceId"]!));
            continuation = listed.Headers.TryGetValues("x-ms-continuation-token", out var next) ? next.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(continuation));

        var sizes = new List<(string Id, int Events)>();
        foreach (string id in ids)
        {
            using var status = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}?showHistory=true"), AppUnderTest.MasterKey);
            using var read = await _app.Http.SendAsync(status);
            var history = (await read.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["historyEvents"]?.AsArray();
            sizes.Add((id, history?.Count ?? 0));
        }

        var largest = sizes.OrderByDescending(s => s.Events).Take(3).ToList();
        Add(new Phase(
            $"history events per instance of the reallocation ({ids.Count} instances)",
            ids.Count,
            0,
            Invariant($"each ≤ {Bound:N0}"),
            ids.Count > 0 && largest[0].Events <= Bound,
            Invariant($"largest {string.Join(", ", largest.Select(l => $"{l.Id} {l.Events}"))}; total {sizes.Sum(s => s.Events):N0}")));
    }

    // Moves the dev clock past the step's window (or the appeal window before it) and waits for the round's appeal window.
    private async Task RoundAsync(string round, TimeSpan advance, string what)
    {
        var t0 = await MoveOnAsync(advance, $"the {round} appeal window", stage => stage == "appeal:" + round);
        await ResultMailsAsync(what, $"{_id}.{round}.", t0, wait: true);
    }

    // Waits until every task of the step is stored and its mail is in the outbox, and then until those mails reached SendGrid.
    private async Task WindowOpensAsync(string step, string kind, DateTimeOffset? t0, string what, bool target)
    {
        await UntilAsync($"the {step} window", async () => await StageAsync() is { } stage && (step == "posts" || stage == StageOf(step)));
        int expected = (await _activities.KeysAsync(new KeysInput(_id, step), CancellationToken.None)).Count;
        var since = t0 ?? DateTimeOffset.UtcNow;
        string prefix = $"{kind}-{_id}-";
        List<TableEntity> tasks = [], mails = [];
        await UntilAsync($"{expected} {step} tasks and their mails", async () =>
        {
            tasks = await RowsAsync(_tasks, prefix);
            mails = [.. (await RowsAsync(_mail, prefix)).Where(m => m.PartitionKey.EndsWith(".task-assigned", StringComparison.Ordinal))];
            _progress = $"{tasks.Count} tasks, {mails.Count} mails";
            return tasks.Count >= expected && mails.Count >= expected;
        });
        double opening = Math.Max(Seconds(since, tasks), Seconds(since, mails));
        var ids = mails.Select(m => m.PartitionKey).ToHashSet(StringComparer.Ordinal);
        await UntilAsync($"{expected} {step} task mails at SendGrid", () => Task.FromResult(_app.Mail.All.Count(m => m.OutboxId is { } id && ids.Contains(id)) >= ids.Count));
        var caught = _app.Mail.All.Where(m => m.OutboxId is { } id && ids.Contains(id)).ToList();
        double sent = caught.Count == 0 ? 0 : (caught.Max(m => m.ReceivedAt) - since).TotalSeconds;
        Add(new Phase(
            $"{what}: {expected} tasks stored, their mails queued",
            expected,
            opening,
            target ? "≤ 120 s" : "",
            target ? opening <= OpenTargetSeconds : null,
            Invariant($"tasks stored by {Seconds(since, tasks):F1} s, mails queued by {Seconds(since, mails):F1} s, all {caught.Count} at SendGrid by {sent:F1} s ({caught.Count - caught.Select(m => m.OutboxId).Distinct(StringComparer.Ordinal).Count()} twice)")));
    }

    // Result mails written under a prefix: in the outbox, sent, at SendGrid; lost = in the outbox but never at SendGrid, twice = at SendGrid more than once.
    private async Task ResultMailsAsync(string what, string prefix, DateTimeOffset t0, bool wait)
    {
        List<TableEntity> rows = [];
        if (wait)
        {
            await UntilAsync($"the mails {prefix}* at SendGrid", async () =>
            {
                rows = await RowsAsync(_mail, prefix, select: ["PartitionKey", "Timestamp", "Status"]);
                var ids = rows.Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
                int caught = _app.Mail.All.Where(m => m.OutboxId is { } id && ids.Contains(id)).Select(m => m.OutboxId).Distinct(StringComparer.Ordinal).Count();
                _progress = $"{ids.Count} in the outbox, {caught} at SendGrid";
                return caught >= ids.Count;
            });
        }

        // Nothing may arrive after the last one counted: a mail sent twice comes a moment later, if at all.
        await Task.Delay(TimeSpan.FromSeconds(5));
        rows = await RowsAsync(_mail, prefix, select: ["PartitionKey", "Timestamp", "Status"]);
        var outbox = rows.Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
        var caught = _app.Mail.All.Where(m => m.OutboxId is { } id && id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        int twice = caught.GroupBy(m => m.OutboxId).Count(g => g.Count() > 1);
        int lost = outbox.Count(id => caught.All(m => m.OutboxId != id));
        int notSent = rows.Count(r => !string.Equals(Convert.ToString(r.TryGetValue("Status", out object? status) ? status : null, CultureInfo.InvariantCulture), "Sent", StringComparison.OrdinalIgnoreCase));
        int people = outbox.Select(id => id[(id.LastIndexOf('.') + 1)..]).Distinct(StringComparer.Ordinal).Count();
        double queued = Seconds(t0, rows);
        double atSendGrid = caught.Count == 0 ? 0 : (caught.Max(m => m.ReceivedAt) - t0).TotalSeconds;
        Add(new Phase(
            $"{what}: {outbox.Count} result mails to {people} people",
            outbox.Count,
            atSendGrid,
            "none lost, none twice",
            outbox.Count > 0 ? lost == 0 && twice == 0 && caught.Count == outbox.Count : null,
            Invariant($"queued by {queued:F1} s; at SendGrid by {atSendGrid:F1} s ({(atSendGrid > 0 ? caught.Count / atSendGrid : 0):F1} mails/s); {caught.Count} received; lost {lost}; sent twice {twice}; outbox rows not marked Sent {notSent}")));
    }

    private async Task<string?> StageAsync() => (await _store.Reallocations.GetAsync(_id, CancellationToken.None))?.Record.Stage;

    private static string StageOf(string step) => step switch
    {
        Steps.Direct => nameof(Round.DirectAppointment),
        Steps.Volunteer => nameof(Round.SupportTeaching),
        Steps.Ranked => nameof(Round.CrossSchoolCompetition),
        _ => step,
    };

    // Moves the dev clock and waits for the stage wanted. The stage is stored by an activity before the orchestration makes
    // the window's timer in its next episode: a clock moved in between ends nothing, and the host then waits days of dev
    // clock with nothing to do. So while the stage before stays for a minute, the clock is moved again.
    // Returns when the last move was made: the one that ended the window, from which what follows is timed.
    private async Task<DateTimeOffset> MoveOnAsync(TimeSpan advance, string what, Func<string?, bool> arrived)
    {
        string? before = await StageAsync();
        await AdvanceAsync(advance);
        var lastMove = DateTimeOffset.UtcNow;
        await UntilAsync(what, async () =>
        {
            string? stage = await StageAsync();
            if (stage == before && DateTimeOffset.UtcNow - lastMove > TimeSpan.FromSeconds(60))
            {
                await AdvanceAsync(advance);
                lastMove = DateTimeOffset.UtcNow;
            }

            return arrived(stage);
        });

        return lastMove;
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/dev/clock") { Content = JsonContent.Create(new { advanceBy = by.ToString("c", CultureInfo.InvariantCulture) }) }, AppUnderTest.MasterKey);
        using var response = await _app.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the dev clock answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Log($"dev clock +{by}");
    }

    private async Task UntilAsync(string what, Func<Task<bool>> done)
    {
        var watch = Stopwatch.StartNew();
        var lastSaid = TimeSpan.Zero;
        _progress = "";
        while (!await done())
        {
            if (DateTimeOffset.UtcNow > _deadline)
            {
                throw new TimeoutException($"the run's time budget ran out waiting for {what} ({watch.Elapsed.TotalSeconds:F0} s)");
            }

            if (watch.Elapsed - lastSaid > TimeSpan.FromSeconds(30))
            {
                lastSaid = watch.Elapsed;
                Log($"  … still waiting for {what} ({watch.Elapsed.TotalSeconds:F0} s, {_progress}, stage {await StageAsync()}, load {MachineFacts.LoadAverage()})");
            }

            await Task.Delay(Poll);
        }

        Log($"{what}: {watch.Elapsed.TotalSeconds:F1} s");
    }

    // Rows whose id (partition key) starts with the prefix, only the columns asked for.
    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string prefix, string? filter = null, string[]? select = null)
    {
        string range = prefix.Length == 0 ? "" : $"PartitionKey ge '{prefix}' and PartitionKey lt '{prefix}~'";
        string query = string.Join(" and ", new[] { range, filter ?? "" }.Where(f => f.Length > 0));
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(query.Length == 0 ? null : query, maxPerPage: 1000, select: select ?? ["PartitionKey", "Timestamp"]))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The table does not exist yet.
        }

        return rows;
    }

    private static double Seconds(DateTimeOffset since, List<TableEntity> rows) =>
        rows.Count == 0 ? 0 : (rows.Max(r => r.Timestamp ?? since) - since).TotalSeconds;

    private void Add(Phase phase)
    {
        _phases.Add(phase);
        Log($"== {phase.What}: {phase.Seconds:F1} s {(phase.Met is { } met ? met ? "(met)" : "(NOT met)" : "")} — {phase.Detail}");
        WriteAsync().GetAwaiter().GetResult();
    }

    private static void Log(string line) => Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}");

    private async Task WriteAsync()
    {
        var machine = MachineFacts.Read() with { LoadBefore = _loadBefore, LoadAfter = MachineFacts.LoadAverage() };
        var md = new StringBuilder();
        md.AppendLine("# Staff reallocation (县管校聘) at county scale, in the real app on Azurite");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Os}, {machine.Runtime}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) {machine.LoadBefore} at the start, {machine.LoadAfter} at the end: other builds and sessions may have shared the machine.");
        md.AppendLine();
        md.AppendLine("`dotnet run -c Release --project bench -- --reallocation-azurite [--budget-minutes 90]`: the local host (the function app,");
        md.AppendLine("our `EduFlows` durable provider, `host.json` as committed) in a process of its own, in Development, on its own Azurite,");
        md.AppendLine("with the demo county (8,950 staff, 110 schools) and a SendGrid-compatible catcher (`Reliability/App/MailCatcher.cs`)");
        md.AppendLine(CultureInfo.InvariantCulture, $"counting by outbox id. Reallocation `{_id}`, owner {OwnerId}. Nobody answers a task, so every default applies and the");
        md.AppendLine("dev clock is moved past each window: nobody is placed directly or by support teaching, the in-school round places and");
        md.AppendLine("mails everyone, and the cross-school window gives everyone a ranked-list task. A window \"opens\" when every task of");
        md.AppendLine("the step (as the app's own Keys activity counts them) is stored and its mail is in the outbox; times are from the");
        md.AppendLine("action that starts the stretch (the clock move ending the window before, or the start request) to the last row's");
        md.AppendLine("table timestamp or the last mail's arrival at the catcher.");
        md.AppendLine();
        md.AppendLine("| stretch | count | seconds | target | met | detail |");
        md.AppendLine("|---|---:|---:|---|---|---|");
        foreach (var p in _phases)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.What} | {p.Count} | {p.Seconds:F1} | {p.Target} | {(p.Met is { } met ? met ? "yes" : "**no**" : "")} | {p.Detail} |");
        }

        if (_notes.Count > 0)
        {
            md.AppendLine();
            foreach (string note in _notes)
            {
                md.AppendLine("- " + note);
            }
        }

        Directory.CreateDirectory(_outDir);
        await File.WriteAllTextAsync(Path.Combine(_outDir, "reallocation-azurite.md"), md.ToString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
