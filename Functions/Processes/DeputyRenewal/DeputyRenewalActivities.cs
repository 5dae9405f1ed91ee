using System.Text.Json;
using EduFlows.Notifications;
using EduFlows.Processes.ReservePool;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The activities of a renewal round; each is safe to run twice (whole-record writes, moves kept by id).</summary>
public sealed class DeputyRenewalActivities(DeputyRenewalStore store, DirectoryStore directory, StaffTaskStore tasks, TaskDesk desk, StaffNotices notices, PoolEntrance pool, RenewalNoticeLinks noticeLinks)
{
    /// <summary>Activity names.</summary>
    public const string LoadRoster = "DeputyRenewalLoadRoster", Save = "DeputyRenewalSave", SaveObjection = "DeputyRenewalSaveObjection", ConcludeFailedReview = "DeputyRenewalConcludeFailedReview", Move = "DeputyRenewalMove", Mail = "DeputyRenewalMail", NoticeMail = "DeputyRenewalNoticeMail", ReceivedObjections = "DeputyRenewalReceivedObjections", BeginRun = "DeputyRenewalBeginRun";

    /// <summary>
    /// As a round of <see cref="DeputyRenewal.OwnsItsRunSince"/> on begins, however it was started: its run's own
    /// execution, as the round made it (<see cref="RenewalRun.Execution"/> of <paramref name="run"/>); whether an earlier
    /// run of its id left its record (then it is a run started again, named apart); and the earlier runs' tasks still
    /// open (their own and their objection reviews', which terminating a round leaves running) withdrawn, so their links
    /// answer as closed tasks do rather than take an answer nothing reads.
    /// </summary>
    /// <remarks>
    /// Its answer is kept in the history, so the round replays with the same run. Run again for the same run (a retry, a
    /// message delivered twice) it answers the same and withdraws none of this run's tasks: once the record is the
    /// running run's (its execution, which the instance's status publishes) nothing is withdrawn, and before that only
    /// tasks not named by this run. The execution the round made is kept unless an ended run's record has it (the same
    /// input at the same orchestration time, as a restart reusing the input under a held clock makes): then this run
    /// takes a new key, so two runs never share one, whatever the clock.
    /// The earlier runs' objection reviews still running are terminated first: one that kept its objection before this
    /// run began may open its task after the tasks were withdrawn, and its task is then one of an ended process, which
    /// closes on its link, refuses an answer (410) and is cancelled by the janitor, rather than stay open for an answer
    /// nothing reads.
    /// </remarks>
    [Function(BeginRun)]
    public async Task<RenewalRunBegun> BeginRunAsync([ActivityTrigger] RenewalRun run, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);

        // A round scheduled this before it made its execution itself brings none.
        string execution = run.Execution ?? Guid.NewGuid().ToString("N");
        var stored = (await store.Rounds.GetAsync(RenewalRecord.IdOf(run.RoundId, run.SchoolId), cancellationToken).ConfigureAwait(false))?.Record;
        if (stored is { Execution: { } saved } && SameStart(saved, execution))
        {
            // The record of a run made from this input at this orchestration time: the running run's own (its status
            // names it), so this is its step run again and every open task is its; or an ended run's, as a restart
            // reusing the input under a held clock makes, and this run takes a key of its own, not the clock's.
            if (await IsRunningRunsAsync(client, run.InstanceId, saved, cancellationToken).ConfigureAwait(false))
            {
                return new RenewalRunBegun(saved, stored.Run is not null);
            }

            execution = Guid.NewGuid().ToString("N")[..8] + execution[8..];
        }

        bool again = stored is not null;
        if (again)
        {
            var begun = run with { Execution = execution, StartedAgain = true };
            await StopEarlierReviewsAsync(client, begun, cancellationToken).ConfigureAwait(false);
            foreach (var task in await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((task.InstanceId == run.InstanceId || task.InstanceId.StartsWith(run.InstanceId + ":", StringComparison.Ordinal)) && !DeputyRenewal.IsTaskOf(begun, task.Id))
                {
                    await desk.WithdrawAsync(task.Id, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new RenewalRunBegun(execution, again);
    }

    // Whether `saved` was made from the same execution as `execution`: equal, or given a key of its own by BeginRun (a
    // new first 8 digits, RenewalRun.Key) because an ended run had it.
    private static bool SameStart(string saved, string execution) =>
        saved.Length == execution.Length && execution.Length > 8 && saved.AsSpan(8).SequenceEqual(execution.AsSpan(8));

    // Whether the instance runs and its status is the record of `execution`: a run publishes its record as its status
    // when it first saves it, and a run started anew has none until then.
    private static async Task<bool> IsRunningRunsAsync(DurableTaskClient client, string instanceId, string execution, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is
        {
            RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended,
            SerializedCustomStatus: { Length: > 0 },
        } instance
        && instance.ReadCustomStatusAs<RenewalRecord>()?.Execution == execution;

    // Terminates the objection reviews of the round's earlier runs that still run (terminating a round leaves them
    // running); this run's own have not started yet, and are kept in any case.
    private static async Task StopEarlierReviewsAsync(DurableTaskClient client, RenewalRun begun, CancellationToken cancellationToken)
    {
        var running = client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = begun.InstanceId + ":",
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
        });
        string own = DeputyRenewal.ObjectionInstanceIdOf(begun, 1)[..^1];
        await foreach (var review in running.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (review.Name != DeputyRenewal.ObjectionReviewName || review.InstanceId.StartsWith(own, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await client.TerminateInstanceAsync(review.InstanceId, "本校续聘提拔已重新启动，先前轮次的异议核查不再需要。", cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // It ended between the query and here: nothing left to stop.
            }
        }
    }

    /// <summary>The school's round as it starts: its deputies and the mid-level leaders of the reserve pool; null when the school has no principal.</summary>
    [Function(LoadRoster)]
    public async Task<RenewalRecord?> LoadRosterAsync([ActivityTrigger] RenewalRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (await directory.Schools.GetAsync(run.SchoolId, cancellationToken).ConfigureAwait(false) is not { PrincipalId: { } principal } school)
        {
            return null;
        }

        var staff = await directory.Staff.WhereAsync(new Dictionary<string, object> { ["schoolId"] = run.SchoolId }, cancellationToken).ConfigureAwait(false);
        var people = staff
            .Where(s => s.Post == "vice-principal" || (s.Post == "mid-level-leader" && s.ReservePrincipal))
            .OrderBy(s => s.Post == "vice-principal" ? 0 : 1)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new RenewalCandidate(s.Id, s.Name, s.Post))
            .ToList();
        return new RenewalRecord(run.RoundId, run.SchoolId, school.Name, principal, run.OwnerId) { Candidates = people, Run = run.Key(), Execution = run.Execution };
    }

    /// <summary>Writes the school's round as it stands; once it is done, enters those promoted into the reserve pool (<see cref="ReservePoolEntrants"/>).</summary>
    /// <remarks>Run again (a retry), the pool's keys enter each person once.</remarks>
    [Function(Save)]
    public async Task<JsonElement> SaveAsync([ActivityTrigger] RenewalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        foreach (var entry in ReservePoolEntrants.Of(record))
        {
            await pool.EnterAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        // As JSON, not the record: the orchestration reads a result of an earlier worker (true) as well (Saved.SaysMailsNotice).
        return JsonSerializer.SerializeToElement(new Saved(MailsNotice: record.Stage == "notice"));
    }

    /// <summary>
    /// What <see cref="Save"/> answers: whether this worker mails the notice it saved (<see cref="DeputyRenewal.MailsNoticeSince"/>),
    /// so a round of an earlier version reaching its notice mails it too. Workers before answered <c>true</c>, which a
    /// round's history keeps: read by <see cref="SaysMailsNotice(JsonElement)"/> as no mail, as such a round ran.
    /// </summary>
    /// <param name="MailsNotice">True for the notice's save.</param>
    public sealed record Saved(bool MailsNotice)
    {
        /// <summary>Whether a result of <see cref="Save"/> as the history keeps it says the notice is mailed; <c>true</c> (an earlier worker's) does not.</summary>
        public static bool SaysMailsNotice(JsonElement saved) =>
            saved.ValueKind == JsonValueKind.Object
            && saved.EnumerateObject().Any(p => string.Equals(p.Name, nameof(MailsNotice), StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.True);
    }

    /// <summary>
    /// Writes one objection as it stands, as its own row; false, writing nothing, for one not yet concluded whose run a
    /// later run of the round has replaced (the school's record names another run): its review then opens no task, as
    /// the later run withdrew the earlier run's as it began and nothing would read the answer.
    /// </summary>
    [Function(SaveObjection)]
    public async Task<bool> SaveObjectionAsync([ActivityTrigger] RenewalObjectionFinding objection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        if (!objection.Concluded
            && (await store.Rounds.GetAsync(RenewalRecord.IdOf(objection.RoundId, objection.SchoolId), cancellationToken).ConfigureAwait(false))?.Record is { } round
            && round.Run != objection.Run)
        {
            return false;
        }

        await store.Objections.PutAsync(objection, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// As a run's notice ends, takes in the objections the API kept for it (<see cref="RenewalReceivedObjections.TakeInAsync"/>,
    /// the run's partition, <see cref="RenewalReceivedObjections.PartitionOf(RenewalRun)"/>), in the order received: from
    /// here the API refuses one it keeps later with 410, late.
    /// </summary>
    [Function(ReceivedObjections)]
    public async Task<IReadOnlyList<RenewalObjection>> ReceivedObjectionsAsync([ActivityTrigger] string partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return await store.Received.TakeInAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Concludes an objection whose review failed: a conclusion the review stored before it failed (e.g. at its audit
    /// entry) stands and is returned; else the bureau's answer, when its task was answered before the review failed (e.g. at
    /// storing the finding), is stored as the review would have; else <paramref name="failed"/> (concluded, with its failure).
    /// </summary>
    [Function(ConcludeFailedReview)]
    public async Task<RenewalObjectionFinding> ConcludeFailedReviewAsync([ActivityTrigger] RenewalObjectionFinding failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (await store.Objections.GetAsync(failed, cancellationToken).ConfigureAwait(false) is { Concluded: true } stored)
        {
            return stored;
        }

        // The answer is kept with the task once submitted, so an upheld objection still stops the promotion.
        var task = await tasks.GetAsync(DeputyRenewal.ObjectionTaskIdOf(failed), cancellationToken).ConfigureAwait(false);
        var concluded = task?.Record.Receipt is { } answer
            ? failed with { Failure = null, Finding = answer.Values.GetValueOrDefault("finding"), Note = answer.Values.GetValueOrDefault("note"), FoundBy = answer.SubmittedBy }
            : failed;
        await store.Objections.PutAsync(concluded, cancellationToken).ConfigureAwait(false);
        return concluded;
    }

    /// <summary>The id of the move a school's round makes for a person (<c>{round}-{school}-{staffId}</c>).</summary>
    public static string MoveIdOf(RenewalRecord record, string staffId)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{record.Id}-{staffId}";
    }

    /// <summary>Updates a person's post in the directory and keeps the move.</summary>
    [Function(Move)]
    public async Task<string?> MoveAsync([ActivityTrigger] StaffMoveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await directory.MoveAsync(request, cancellationToken).ConfigureAwait(false))?.Id;
    }

    /// <summary>
    /// Writes the notice mail (<see cref="RenewalMails.Notice"/>) to the outbox for each of the school's staff in the
    /// directory and each person on the notice, each with their own link to the notice page, under fixed ids
    /// (<see cref="NoticeMailIdOf"/>, each run's own): run again (a retry, a replay after a crash), it writes
    /// none twice and answers the same ids, so each is sent once. People without an address are left out.
    /// </summary>
    [Function(NoticeMail)]
    public async Task<IReadOnlyList<string>> NoticeMailAsync([ActivityTrigger] RenewalNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return await WriteNoticeAsync(directory, notices, noticeLinks, notice, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The outbox id of a person's notice mail (<c>deputy-renewal-{round}-{school}.notice.{staffId}</c>; <c>deputy-renewal-{round}-{school}.{key}.notice.{staffId}</c> in a run started again).</summary>
    public static string NoticeMailIdOf(RenewalRecord record, string staffId)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{MailIdOf(record)}.notice.{staffId}";
    }

    // The outbox writes an id once: a run started again names its mails apart, so its notice (with its own dates) and its
    // results reach people even when the earlier run mailed its own.
    private static string MailIdOf(RenewalRecord record) => record.Run is { } run ? $"deputy-renewal-{record.Id}.{run}" : $"deputy-renewal-{record.Id}";

    // The notice mail's writing, shared with the office's catch-up for rounds whose notice opened unmailed (RenewalNoticeCatchUp).
    internal static async Task<IReadOnlyList<string>> WriteNoticeAsync(DirectoryStore directory, StaffNotices notices, RenewalNoticeLinks noticeLinks, RenewalNotice notice, CancellationToken cancellationToken)
    {
        var (run, record) = (notice.Run, notice.Record);
        var clock = new BureauClock(TimeZoneInfo.FindSystemTimeZoneById(run.TimeZone));
        var staff = await directory.Staff.WhereAsync(new Dictionary<string, object> { ["schoolId"] = record.SchoolId }, cancellationToken).ConfigureAwait(false);
        var recipients = staff.Select(s => s.Id).Concat(record.OnNotice().Select(c => c.StaffId)).Order(StringComparer.Ordinal);
        return await notices.WriteEachAsync(
            recipients,
            staffId => NoticeMailIdOf(record, staffId),
            "deputy-renewal-notice",
            to => RenewalMails.Notice(to, record, run.Options, clock, noticeLinks.For(record, to.Id)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the closing mails to the outbox under fixed ids (a second run writes none twice): each person who heard of the round, then the principal.</summary>
    [Function(Mail)]
    public async Task<IReadOnlyList<string>> MailAsync([ActivityTrigger] RenewalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ids = new List<string>();
        foreach (var person in record.Candidates.Where(RenewalMails.Hears))
        {
            // A deputy not renewed is told the post the round moved them to (the run's NotRenewedPost), as the move keeps it.
            string? postAfter = person.Result == RenewalChoices.NotRenewed
                ? (await directory.Moves.GetAsync(MoveIdOf(record, person.StaffId), cancellationToken).ConfigureAwait(false))?.ToPost
                : null;
            if (await notices.WriteAsync($"{MailIdOf(record)}.result.{person.StaffId}", "deputy-renewal-result", person.StaffId, to => RenewalMails.ToPerson(to, record, person, postAfter), cancellationToken).ConfigureAwait(false) is { } id)
            {
                ids.Add(id);
            }
        }

        if (await notices.WriteAsync($"{MailIdOf(record)}.school", "deputy-renewal-school", record.PrincipalId, to => RenewalMails.ToPrincipal(to, record), cancellationToken).ConfigureAwait(false) is { } school)
        {
            ids.Add(school);
        }

        return ids;
    }
}
