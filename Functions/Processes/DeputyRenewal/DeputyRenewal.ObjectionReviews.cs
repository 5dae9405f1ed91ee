using EduFlows.Calendar;
using EduFlows.Durable;
using EduFlows.Notifications;
using EduFlows.Tasks;
using Microsoft.DurableTask;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The notice of version 3.0: each objection looked into by a sub-orchestration of its own.</summary>
public static partial class DeputyRenewal
{
    /// <summary>The sub-orchestrator that looks into one objection (<c>deputy-renewal-{round}-{school}:objection-{n}</c>).</summary>
    public const string ObjectionReviewName = "DeputyRenewalObjectionReview";

    /// <summary>What an objection left unanswered by the bureau is found to be.</summary>
    public const string NotLookedInto = "none";

    /// <summary>Why an objection whose review failed is concluded unreviewed (zh-CN, in its line); it counts as <see cref="NotLookedInto"/>.</summary>
    public const string ReviewFailed = "系统多次重试仍未能完成核查，按未核查处理";

    // The technical cause kept in the failed review's audit entry, cut to this length (and "…").
    private const int MaxErrorInAudit = 500;

    /// <summary>Whether a round of <paramref name="version"/> looks into objections in sub-orchestrations (<see cref="ReviewsApartSince"/> on); no version is the first path.</summary>
    public static bool ReviewsObjectionsApart(string? version) => AtLeast(version, ReviewsApartSince);

    /// <summary>Whether a round of <paramref name="version"/> drops a repeated objection (<see cref="DropsRepeatsSince"/> on).</summary>
    public static bool DropsRepeatedObjections(string? version) => AtLeast(version, DropsRepeatsSince);

    /// <summary>Whether a round of <paramref name="version"/> mails its notice to the school (<see cref="MailsNoticeSince"/> on).</summary>
    public static bool MailsTheNotice(string? version) => AtLeast(version, MailsNoticeSince);

    /// <summary>Whether a round of <paramref name="version"/> picks up, as its notice ends, the objections the API accepted (<see cref="PicksUpReceivedSince"/> on).</summary>
    public static bool PicksUpReceivedObjections(string? version) => AtLeast(version, PicksUpReceivedSince);

    /// <summary>Whether a round of <paramref name="version"/> makes its own run as it begins (<see cref="OwnsItsRunSince"/> on).</summary>
    public static bool OwnsItsRun(string? version) => AtLeast(version, OwnsItsRunSince);

    private static bool AtLeast(string? version, string since) =>
        System.Version.TryParse(version, out var v) && v >= System.Version.Parse(since);

    /// <summary>
    /// The instance of an objection's review: <c>deputy-renewal-{round}-{school}:objection-{n}</c>, and for a run started
    /// again <c>deputy-renewal-{round}-{school}:{key}:objection-{n}</c> (<see cref="RenewalRun.Key"/>), as the earlier run's
    /// review of the same number may still run (terminating a round leaves its reviews running).
    /// </summary>
    public static string ObjectionInstanceIdOf(RenewalRun run, int number)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Key() is { } key ? $"{run.InstanceId}:{key}:objection-{number}" : $"{run.InstanceId}:objection-{number}";
    }

    /// <summary>The bureau's task of an objection's review in a first run (<c>deputy-renewal-objection-{round}-{school}-objection-{n}</c>), on either path.</summary>
    public static string ObjectionTaskIdOf(string roundId, string schoolId, int number) =>
        TaskIdOf(DeputyRenewalTasks.ObjectionReview, roundId, schoolId, null, ObjectionPart(number));

    /// <summary>The bureau's task of an objection's review in <paramref name="run"/> (<c>deputy-renewal-objection-{round}-{school}-{key}-objection-{n}</c> when it was started again).</summary>
    public static string ObjectionTaskIdOf(RenewalRun run, int number)
    {
        ArgumentNullException.ThrowIfNull(run);
        return TaskIdOf(DeputyRenewalTasks.ObjectionReview, run.RoundId, run.SchoolId, run.Key(), ObjectionPart(number));
    }

    /// <summary>The bureau's task of the review of <paramref name="objection"/>, in the run that took it in.</summary>
    public static string ObjectionTaskIdOf(RenewalObjectionFinding objection)
    {
        ArgumentNullException.ThrowIfNull(objection);
        return TaskIdOf(DeputyRenewalTasks.ObjectionReview, objection.RoundId, objection.SchoolId, objection.Run, ObjectionPart(objection.Number));
    }

    /// <summary>
    /// Looks into one objection: keeps it as its row at once (the office sees it being looked into), gives the bureau the
    /// task with its reminders, keeps the finding and its audit entry; answers the finding (uphold, dismiss or <see cref="NotLookedInto"/>).
    /// </summary>
    /// <remarks>Each objection's task, reminders and answer stay in this history, so the round's grows by a few events an objection.</remarks>
    [Function(ObjectionReviewName)]
    public static async Task<string> RunObjectionReviewAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var review = context.GetInput<RenewalObjectionReview>() ?? throw new InvalidOperationException($"{ObjectionReviewName} starts with a {nameof(RenewalObjectionReview)}.");
        var (run, objection) = (review.Run, review.Objection);
        // No status of its own: set only so its task's reminders and due time are published (TimerStatus).
        context.SetStatus(null);
        if (!await context.CallActivityAsync<bool>(DeputyRenewalActivities.SaveObjection, objection, Retried))
        {
            // A later run of the round has begun: it withdrew this run's tasks, and would not see one opened now.
            return NotLookedInto;
        }

        var request = Request(run, review.SchoolName, DeputyRenewalTasks.ObjectionReview, run.OwnerId, ObjectionPart(objection.Number), review.Due);
        var outcome = await context.AssignStaffTaskAsync(request with
        {
            RemindBefore = [TimeSpan.FromDays(1)],
            Context = [.. request.Context, new("被异议人 Person", review.PersonName), new("异议人 Objector", objection.Objector ?? string.Empty), new("异议内容 Objection", objection.Reason ?? string.Empty)],
        });
        var finding = outcome.Receipt;
        objection = objection with
        {
            Concluded = true,
            Finding = finding?.Values.GetValueOrDefault("finding"),
            Note = finding?.Values.GetValueOrDefault("note"),
            FoundBy = finding?.SubmittedBy,
        };
        await context.CallActivityAsync<bool>(DeputyRenewalActivities.SaveObjection, objection, Retried);
        string result = objection.Finding ?? NotLookedInto;
        await AuditAsync(context, run, $"objection-{objection.Number}", "objection", objection.FoundBy ?? "system", new { objection.AgainstStaffId, objection.Number, objection.Reason, result });
        return result;
    }

    private static string ObjectionPart(int number) => $"objection-{number}";

    // Objections until the notice ends, each handed to its own review; then promotions without an upheld objection go
    // through. The history takes a few events an objection, whatever the review's reminders.
    private static async Task<IReadOnlyList<RenewalCandidate>> NoticeWithReviewsApartAsync(TaskOrchestrationContext context, RenewalRun run, RenewalRecord record, WorkingDays calendar, DateTime endsAt)
    {
        var people = record.Candidates.ToList();
        var reviews = new List<(int Person, RenewalObjectionReview Review, Task<string> Finding)>();
        bool dropsRepeats = DropsRepeatedObjections(context.Version);
        var timer = NoticeEnds(context, run, record, endsAt);
        for (int received = 0; received < MaxObjectionEvents; received++)
        {
            using var stopWaiting = new CancellationTokenSource();
            var objection = context.WaitForExternalEvent<RenewalObjection>(ObjectionEvent, stopWaiting.Token);
            if (await Task.WhenAny(objection, timer) == timer)
            {
                CancelNow(stopWaiting);
                break;
            }

            var raised = await objection;
            int at = people.FindIndex(p => p.StaffId == raised.AgainstStaffId && p.Result is null);
            if (at < 0 || context.CurrentUtcDateTime >= endsAt)
            {
                // The API refuses these; one that still arrives (raced with the notice's end) is kept out here, and from
                // 3.2 looked into from its kept row as the notice ends.
                continue;
            }

            if (dropsRepeats && reviews.Exists(r => raised.Repeats(r.Review.Objection)))
            {
                // The same objection again (a form posted twice): the API answers a repeat it can see, this one raced it.
                continue;
            }

            Review(at, raised);
        }

        // Past the bound later objections wait for the notice's end; the notice runs out either way.
        await timer;
        if (PicksUpReceivedObjections(context.Version))
        {
            // Every objection the API accepted was kept before its event was raised: those the events did not bring in
            // (raced with the notice's end, or past the bound) are looked into now, each once. Taken in against the API's
            // settling, so one it keeps after this read is refused there (410, late), not left out; only this run's.
            var received = await context.CallActivityAsync<IReadOnlyList<RenewalObjection>>(DeputyRenewalActivities.ReceivedObjections, RenewalReceivedObjections.PartitionOf(run), Retried);
            foreach (var kept in received)
            {
                int at = people.FindIndex(p => p.StaffId == kept.AgainstStaffId && p.Result is null);
                if (at >= 0 && !reviews.Exists(r => kept.Repeats(r.Review.Objection)))
                {
                    Review(at, kept);
                }
            }
        }

        foreach (var (at, review, finding) in reviews)
        {
            if (await FindingOrFailedAsync(context, run, review, finding) == "uphold")
            {
                people[at] = people[at] with { Result = RenewalChoices.Unchanged, Why = RenewalReasons.ObjectionUpheld };
            }
        }

        return Concluded(run, people);

        void Review(int at, RenewalObjection raised)
        {
            int number = reviews.Count + 1;
            var review = new RenewalObjectionReview(
                run,
                record.SchoolName,
                people[at].Name,
                calendar.DueAfter(context.CurrentUtcDateTime, run.Options.ObjectionWorkingDays),
                new RenewalObjectionFinding(run.RoundId, run.SchoolId, number, people[at].StaffId) { Run = run.Key(), Objector = raised.Objector, Reason = raised.Reason });
            reviews.Add((at, review, context.CallSubOrchestratorAsync<string>(ObjectionReviewName, review, new SubOrchestrationOptions { InstanceId = ObjectionInstanceIdOf(run, number) })));
        }
    }

    // A review that failed (its sub-orchestration threw: an activity failed past its retries) does not fail the round: the
    // objection is concluded with the bureau's answer when its task was answered, otherwise as a failed review the office
    // reads, with the reason, counting as not looked into. Only
    // after the notice: a round running on 3.0 schedules nothing between the notice's end and its findings, so what a
    // failure adds comes after anything its history holds, and a history without a failure replays as before.
    private static async Task<string> FindingOrFailedAsync(TaskOrchestrationContext context, RenewalRun run, RenewalObjectionReview review, Task<string> finding)
    {
        try
        {
            return await finding;
        }
        catch (TaskFailedException failed)
        {
            var objection = await context.CallActivityAsync<RenewalObjectionFinding>(
                DeputyRenewalActivities.ConcludeFailedReview, review.Objection with { Concluded = true, Failure = ReviewFailed }, Retried);
            string result = objection.Finding ?? NotLookedInto;
            string error = $"{failed.FailureDetails.ErrorType}: {failed.FailureDetails.ErrorMessage}";
            await AuditAsync(context, run, $"objection-{objection.Number}", "objection", objection.FoundBy ?? "system", new
            {
                objection.AgainstStaffId,
                objection.Number,
                objection.Reason,
                result,
                line = objection.Line(),
                error = ShortText.Of(error, MaxErrorInAudit),
            });
            return result;
        }
    }
}
