using System.Globalization;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.Calendar;
using EduFlows.Durable;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.DurableTask;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// A school's deputy renewal round (续聘、提拔副职), one instance per school and round
/// (<c>deputy-renewal-{round}-{school}</c>): the principal proposes renew, promote or not renew for each person with a
/// reason; the bureau reviews each proposal; approved promotions go on a shortened public notice of
/// <see cref="DeputyRenewalOptions.NoticeWorkingDays"/> working days of the shared calendar, mailed to the school's staff
/// (<see cref="MailsNoticeSince"/>), during which objections are taken (<see cref="ObjectionEvent"/>: from the office, or
/// from staff on the notice page, <see cref="RenewalNoticeApi"/>) and looked into; then the directory takes the results.
/// </summary>
public static partial class DeputyRenewal
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "DeputyRenewal";

    /// <summary>The event an objection is raised as.</summary>
    public const string ObjectionEvent = "RenewalObjection";

    /// <summary>The most objection events one notice takes in (its history stays bounded); later ones are left to the office.</summary>
    public const int MaxObjectionEvents = 200;

    /// <summary>
    /// The orchestration's version for new rounds (<see cref="StartOrchestrationOptions.Version"/>): 3.3, which makes its
    /// own run as it begins (<see cref="OwnsItsRunSince"/>), so any restart runs apart from the earlier run, besides picking
    /// up, as the notice ends, every objection the API accepted that its events did not bring in (<see cref="PicksUpReceivedSince"/>),
    /// mailing the notice to the school (<see cref="MailsNoticeSince"/>), dropping a repeated objection
    /// (<see cref="DropsRepeatsSince"/>) and looking into each objection apart (<see cref="ReviewsApartSince"/>).
    /// </summary>
    /// <remarks>
    /// Rounds of an earlier version keep their path while they live, since their histories would not replay on the new
    /// one: before 3.0 each objection's task in this orchestration's own history, its line in the record; 3.0 every
    /// objection event a review, a repeat too, and no notice mail unless its notice is saved by a worker that mails notices
    /// (<see cref="DeputyRenewalActivities.Saved"/>: a round reaching its notice since does). The host's
    /// default version (host.json) is at least this one, as the worker runs no instance newer than its own.
    /// </remarks>
    public const string CurrentVersion = "3.3";

    /// <summary>From this version each objection is looked into by a sub-orchestration of its own (<see cref="ObjectionReviewName"/>) and kept as its own row.</summary>
    public const string ReviewsApartSince = "3.0";

    /// <summary>
    /// From this version an objection event that repeats one the notice already took (<see cref="RenewalObjection.Repeats(RenewalObjection)"/>:
    /// a form posted twice, two posts at once) is dropped: one objection, one review.
    /// </summary>
    public const string DropsRepeatsSince = "3.1";

    /// <summary>
    /// From this version the notice, as it opens, is mailed to the school's staff and the people on it
    /// (<see cref="DeputyRenewalActivities.NoticeMail"/>), each with their link to the notice page and its objection form.
    /// A round of an earlier version mails it too when its notice opens on a worker that mails notices (the save's answer,
    /// kept in its history); one whose notice opened before keeps its path and was not mailed: the office mails it
    /// (<see cref="RenewalNoticeCatchUp"/>, each person once).
    /// </summary>
    public const string MailsNoticeSince = "3.1";

    /// <summary>
    /// From this version the round, as its notice ends, reads the objections the API kept before raising their events
    /// (<see cref="DeputyRenewalStore.Received"/>) and looks into each one it did not take in (its event raced with the
    /// notice's end, or came past <see cref="MaxObjectionEvents"/>): an objection answered 202 is decided, and one kept
    /// after that read is answered 410, late (<see cref="ReceivedObjectionIntake"/>, issue 16).
    /// Rounds of an earlier version keep their path: such an event, arriving late, is still left out.
    /// </summary>
    public const string PicksUpReceivedSince = "3.2";

    /// <summary>
    /// From this version the round makes its own run as it begins (<see cref="DeputyRenewalActivities.BeginRun"/>): a new
    /// <see cref="RenewalRun.Execution"/>, whether an earlier run of its id left its record (<see cref="RenewalRun.StartedAgain"/>),
    /// the earlier runs' objection reviews still running stopped and their tasks still open withdrawn. However it is started again (its start API, the office's 重新启动,
    /// the management API's or the Durable extension's restart, which all reuse the recorded input), its tasks, objection
    /// reviews and rows, audit entries and mails are its own, and its notice takes objections. The run is published on
    /// its record (<see cref="RenewalRecord.Execution"/>, <see cref="RenewalRecord.Run"/>), where the API reads it
    /// (<see cref="RenewalRun.RunningAs"/>). Rounds of an earlier version keep the run their input names.
    /// </summary>
    public const string OwnsItsRunSince = "3.3";

    /// <summary>Activities that read or write tables are retried.</summary>
    public static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>The orchestrator; its input is a <see cref="RenewalRun"/>, its output the final <see cref="RenewalRecord"/> (null when the school has no principal).</summary>
    [Function(Name)]
    public static async Task<RenewalRecord?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<RenewalRun>() ?? throw new InvalidOperationException($"{Name} starts with a {nameof(RenewalRun)}.");
        if (OwnsItsRun(context.Version))
        {
            // Not the input's: a restart reuses the input, and this run must not take the earlier run's names. Made here,
            // not in the activity, so the activity run twice knows this run's own record and tasks (ExecutionOf).
            var begun = await context.CallActivityAsync<RenewalRunBegun>(DeputyRenewalActivities.BeginRun, run with { Execution = ExecutionOf(context, run), StartedAgain = false }, Retried);
            run = run with { Execution = begun.Execution, StartedAgain = begun.StartedAgain };
        }

        var options = run.Options;
        var record = await context.CallActivityAsync<RenewalRecord?>(DeputyRenewalActivities.LoadRoster, run, Retried);
        if (record is null)
        {
            return null;
        }

        if (OwnsItsRun(context.Version))
        {
            // The run is published from here, not only from the roster's answer: a worker of 3.2 loading it leaves it out.
            record = record with { Run = run.Key(), Execution = run.Execution };
        }

        record = await SaveAsync(context, record);

        // 1. The principal proposes; unanswered, the bureau owner proposes instead.
        var proposal = await context.AssignStaffTaskAsync(Request(run, record.SchoolName, DeputyRenewalTasks.Proposal, record.PrincipalId, "proposal", context.CurrentUtcDateTime.AddDays(options.ProposalDays)) with
        {
            Fields = DeputyRenewalTasks.ProposalFields(record.Candidates),
            RemindBefore = [TimeSpan.FromDays(2)],
            EscalateTo = run.OwnerId,
        });
        var people = record.Candidates.Select((c, i) => c with
        {
            Proposal = proposal.Receipt?.Values.GetValueOrDefault($"choice{i + 1}"),
            Reason = proposal.Receipt?.Values.GetValueOrDefault($"reason{i + 1}"),
        }).ToList();
        await AuditAsync(context, run, "proposal", "proposal", proposal.Receipt?.SubmittedBy ?? "system", people.Select(p => new { p.StaffId, p.Proposal, p.Reason }));

        // 2. The bureau reviews each proposal (a mid-level leader not proposed needs no review).
        record = await SaveAsync(context, record with { Stage = "review", Candidates = people });
        var reviews = people.Select(p => p.Proposal is null or RenewalChoices.None
            ? Task.FromResult<StaffTaskOutcome?>(null)
            : ReviewAsync(context, run, record, p)).ToList();
        var reviewed = await Task.WhenAll(reviews);
        for (int i = 0; i < people.Count; i++)
        {
            people[i] = Reviewed(people[i], reviewed[i]?.Receipt);
        }

        await AuditAsync(context, run, "review", "review", run.OwnerId, people.Select(p => new { p.StaffId, p.Proposal, p.Review, p.Result }));

        // 3. Approved promotions on public notice, counted in working days.
        if (people.Any(p => p.Result is null))
        {
            var now = context.CurrentUtcDateTime;
            var year = now.Year;
            var calendar = await context.LoadWorkingDaysAsync(year, year + 1, run.TimeZone, Retried);
            var today = calendar.DayOf(now);
            var endsAt = calendar.DueAfter(now, options.NoticeWorkingDays);
            bool savedByMailingWorker;
            (record, savedByMailingWorker) = await SaveNoticeAsync(context, record with
            {
                Stage = "notice",
                Candidates = people,
                NoticeFrom = calendar.AddWorkingDays(today, 1),
                NoticeUntil = calendar.AddWorkingDays(today, options.NoticeWorkingDays),
                NoticeEndsAt = endsAt,
            });

            // The notice is published as it opens; its mails go while objections are taken, not before.
            Task? published = null;
            if (MailsTheNotice(context.Version) || savedByMailingWorker)
            {
                published = context.SendMailsAsync(await context.CallActivityAsync<IReadOnlyList<string>>(DeputyRenewalActivities.NoticeMail, new RenewalNotice(run, record), Retried));
            }

            people = [.. ReviewsObjectionsApart(context.Version)
                ? await NoticeWithReviewsApartAsync(context, run, record, calendar, endsAt)
                : await NoticeAsync(context, run, record, calendar, endsAt)];
            if (published is not null)
            {
                await published;
            }
        }

        // 4. The directory takes the results.
        var moves = new List<string>();
        var on = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(context.CurrentUtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(run.TimeZone)));
        foreach (var person in people)
        {
            string? post = person.Result switch
            {
                RenewalChoices.Promoted => "vice-principal",
                RenewalChoices.NotRenewed => options.NotRenewedPost,
                _ => null,
            };
            if (post is not null)
            {
                string why = person.Result == RenewalChoices.Promoted ? $"{run.RoundId}年副职换届：提拔为{record.SchoolName}副校长" : $"{run.RoundId}年副职换届：不再续聘{record.SchoolName}副校长";
                if (await context.CallActivityAsync<string?>(DeputyRenewalActivities.Move, new StaffMoveRequest(DeputyRenewalActivities.MoveIdOf(record, person.StaffId), person.StaffId, on, run.SchoolId, null, post, why, run.InstanceId), Retried) is { } moved)
                {
                    moves.Add(moved);
                }
            }
        }

        await AuditAsync(context, run, "results", "results", "system", people.Select(p => new { p.StaffId, p.Result, p.Why }));
        record = await SaveAsync(context, record with { Stage = "done", Candidates = people, Moves = moves });

        // 5. Each person hears their result and the principal the school's, once the directory has them.
        await context.SendMailsAsync(await context.CallActivityAsync<IReadOnlyList<string>>(DeputyRenewalActivities.Mail, record, Retried));
        return record;
    }

    // The bureau's review through the rule: approve carries the proposal out, reject turns a deputy's renewal round and
    // drops a promotion; a proposal left unreviewed keeps the person's post.
    private static RenewalCandidate Reviewed(RenewalCandidate person, TaskReceipt? review)
    {
        string? decision = review?.Values.GetValueOrDefault("decision");
        person = person with { Review = decision, ReviewNote = review?.Values.GetValueOrDefault("note") };
        return (person.Proposal, decision) switch
        {
            (null, _) => person with { Result = person.IsDeputy ? RenewalChoices.Renewed : RenewalChoices.Unchanged, Why = RenewalReasons.NoProposal },
            (RenewalChoices.None, _) => person with { Result = RenewalChoices.Unchanged, Why = RenewalReasons.NotNominated },
            (_, null) => person with { Result = person.IsDeputy ? RenewalChoices.Renewed : RenewalChoices.Unchanged, Why = RenewalReasons.NotReviewed },
            (RenewalChoices.Renew, "approve") => person with { Result = RenewalChoices.Renewed, Why = RenewalReasons.RenewApproved },
            (RenewalChoices.Renew, _) => person with { Result = RenewalChoices.NotRenewed, Why = RenewalReasons.RenewRejected },
            (RenewalChoices.NotRenew, "approve") => person with { Result = RenewalChoices.NotRenewed, Why = RenewalReasons.NotRenewApproved },
            (RenewalChoices.NotRenew, _) => person with { Result = RenewalChoices.Renewed, Why = RenewalReasons.NotRenewRejected },
            (RenewalChoices.Promote, "approve") => person,
            _ => person with { Result = RenewalChoices.Unchanged, Why = RenewalReasons.PromoteRejected },
        };
    }

    // The first path (rounds before 3.0): objections until the notice ends, each looked into by the bureau through a task
    // of this orchestration; promotions without an upheld objection go through.
    private static async Task<IReadOnlyList<RenewalCandidate>> NoticeAsync(TaskOrchestrationContext context, RenewalRun run, RenewalRecord record, WorkingDays calendar, DateTime endsAt)
    {
        var people = record.Candidates.ToList();
        var findings = new List<(int Person, RenewalObjection Objection, Task<StaffTaskOutcome> Review)>();
        var timer = NoticeEnds(context, run, record, endsAt);
        for (int received = 0; received < MaxObjectionEvents; received++)
        {
            using var stopWaiting = new CancellationTokenSource();
            var objection = context.WaitForExternalEvent<RenewalObjection>(ObjectionEvent, stopWaiting.Token);
            if (await Task.WhenAny(objection, timer) == timer)
            {
                CancelNow(stopWaiting);
                return Concluded(run, await ReviewedObjectionsAsync(context, run, people, findings));
            }

            var raised = await objection;
            int at = people.FindIndex(p => p.StaffId == raised.AgainstStaffId && p.Result is null);
            if (at < 0 || context.CurrentUtcDateTime >= endsAt)
            {
                // The API refuses these; one that still arrives (raced with the notice's end) is kept out.
                continue;
            }

            var request = Request(run, record.SchoolName, DeputyRenewalTasks.ObjectionReview, run.OwnerId, ObjectionPart(findings.Count + 1), calendar.DueAfter(context.CurrentUtcDateTime, run.Options.ObjectionWorkingDays));
            findings.Add((at, raised, context.AssignStaffTaskAsync(request with
            {
                RemindBefore = [TimeSpan.FromDays(1)],
                Context = [.. request.Context, new("被异议人 Person", people[at].Name), new("异议人 Objector", raised.Objector ?? string.Empty), new("异议内容 Objection", raised.Reason ?? string.Empty)],
            })));
        }

        // Past the bound the history would grow without end: later objections wait for the office, the notice runs out.
        await timer;
        return Concluded(run, await ReviewedObjectionsAsync(context, run, people, findings));
    }

    private static async Task<List<RenewalCandidate>> ReviewedObjectionsAsync(TaskOrchestrationContext context, RenewalRun run, List<RenewalCandidate> people, List<(int Person, RenewalObjection Objection, Task<StaffTaskOutcome> Review)> findings)
    {
        foreach (var (at, raised, review) in findings)
        {
            var finding = (await review).Receipt;
            string result = finding?.Values.GetValueOrDefault("finding") ?? "none";
            string line = $"{raised.Objector}：{raised.Reason} → {(finding is null ? "未核查" : RenewalChoices.Zh(result))}{(finding?.Values.GetValueOrDefault("note") is { Length: > 0 } note ? "（" + note + "）" : string.Empty)}";
            people[at] = people[at] with { Objections = [.. people[at].Objections, line] };
            if (result == "uphold")
            {
                people[at] = people[at] with { Result = RenewalChoices.Unchanged, Why = RenewalReasons.ObjectionUpheld };
            }

            await AuditAsync(context, run, $"objection-{people[at].StaffId}-{people[at].Objections.Count}", "objection", finding?.SubmittedBy ?? "system", new { people[at].StaffId, raised.Reason, result });
        }

        return people;
    }

    // The notice's end, published as what the round waits for (TimerStatus): the timer itself is the one it always was.
    private static Task NoticeEnds(TaskOrchestrationContext context, RenewalRun run, RenewalRecord record, DateTime endsAt) =>
        context.CreatePublishedTimer(endsAt, $"公示期满：{Subject(run, record.SchoolName)}", $"Notice ends: deputy renewal {run.RoundId} · {record.SchoolName}", CancellationToken.None);

    private static IReadOnlyList<RenewalCandidate> Concluded(RenewalRun run, List<RenewalCandidate> reviewed) =>
        [.. reviewed.Select(p => p.Result is null ? p with { Result = RenewalChoices.Promoted, Why = RenewalReasons.Promoted(run.Options.NoticeWorkingDays) } : p)];

    private static async Task<StaffTaskOutcome?> ReviewAsync(TaskOrchestrationContext context, RenewalRun run, RenewalRecord record, RenewalCandidate person)
    {
        var request = Request(run, record.SchoolName, DeputyRenewalTasks.Review, run.OwnerId, "review-" + person.StaffId, context.CurrentUtcDateTime.AddDays(run.Options.ReviewDays));
        return await context.AssignStaffTaskAsync(request with
        {
            RemindBefore = [TimeSpan.FromDays(1)],
            Context = [.. request.Context, new("人员 Person", $"{person.Name}（{(person.IsDeputy ? "副校长" : "中层干部")}）"), new("学校建议 Proposal", RenewalChoices.Zh(person.Proposal)), new("理由 Reason", person.Reason ?? string.Empty)],
        });
    }

    // The notice's save, answering whether the worker that saved it mails notices: an earlier round (3.0, 2.0) that reaches
    // its notice on this code mails it too. The answer is the activity's result in the history, so it replays as it was:
    // a round whose notice was saved before the worker mailed notices has "true" there (no mail, as it ran), one saved
    // since has the object (the mail, as it ran).
    private static async Task<(RenewalRecord Record, bool MailsNotice)> SaveNoticeAsync(TaskOrchestrationContext context, RenewalRecord record)
    {
        record = record with { UpdatedAt = context.CurrentUtcDateTime };
        var saved = await context.CallActivityAsync<JsonElement>(DeputyRenewalActivities.Save, record, Retried);
        context.SetStatus(record);
        return (record, DeputyRenewalActivities.Saved.SaysMailsNotice(saved));
    }

    private static async Task<RenewalRecord> SaveAsync(TaskOrchestrationContext context, RenewalRecord record)
    {
        record = record with { UpdatedAt = context.CurrentUtcDateTime };
        await context.CallActivityAsync<JsonElement>(DeputyRenewalActivities.Save, record, Retried);
        context.SetStatus(record);
        return record;
    }

    // The log appends an entry id once: a run started again names its entries apart, or its steps would read as the earlier run's.
    private static Task<AuditEntry> AuditAsync(TaskOrchestrationContext context, RenewalRun run, string step, string kind, string actor, object payload) =>
        context.AppendAuditAsync(new AuditAppend(run.InstanceId, $"{run.InstanceId}-{(run.Key() is { } key ? key + "-" : string.Empty)}{step}", kind, actor, run.SchoolId, JsonSerializer.Serialize(payload)), Retried);

    // The task store opens a task id once: a run started again names its tasks apart (the earlier run's may be answered,
    // or still open with its link out), so it waits for its own answers and mails its own links.
    private static string TaskIdOf(TaskKind kind, string roundId, string schoolId, string? runKey, string part) =>
        runKey is null ? $"{kind.Name}-{roundId}-{schoolId}-{part}" : $"{kind.Name}-{roundId}-{schoolId}-{runKey}-{part}";

    /// <summary>Whether <paramref name="taskId"/> names a task of <paramref name="run"/>, a run started again (<see cref="RenewalRun.Key"/>); false for a first run's.</summary>
    internal static bool IsTaskOf(RenewalRun run, string taskId) =>
        run.Key() is { } key
        && new[] { DeputyRenewalTasks.Proposal, DeputyRenewalTasks.Review, DeputyRenewalTasks.ObjectionReview }.Any(kind => taskId.StartsWith(TaskIdOf(kind, run.RoundId, run.SchoolId, key, string.Empty), StringComparison.Ordinal));

    // This run's execution, the same on replay: NewGuid names it by the instance id and orchestration time only, so two
    // runs begun at one instant (a clock held still, as in tests and demos) would share it; the start's own value in
    // the input (RenewalRestarts.StartAsync, new at each start) keeps them apart. A restart reusing the input at the
    // same orchestration time still makes an ended run's execution: BeginRun then gives this run a new one.
    private static string ExecutionOf(TaskOrchestrationContext context, RenewalRun run)
    {
        string made = context.NewGuid().ToString("N");
        return run.Execution is not { Length: > 0 } started
            ? made
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{made}:{started}")))[..32];
    }

    // The round as its tasks and timers name it: "2026年副职续聘提拔 · 旗城学校".
    private static string Subject(RenewalRun run, string schoolName) => $"{run.RoundId}年副职续聘提拔 · {schoolName}";

    private static StaffTaskRequest Request(RenewalRun run, string schoolName, TaskKind kind, string assigneeId, string part, DateTime due) =>
        new(kind.Name, assigneeId, Subject(run, schoolName), due)
        {
            TaskId = TaskIdOf(kind, run.RoundId, run.SchoolId, run.Key(), part),
            OwnerId = run.OwnerId,
            Context = [new("轮次 Round", run.RoundId.ToString(CultureInfo.InvariantCulture)), new("学校 School", schoolName)],
        };

    // Synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849
}
