using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>The activities of shadow training; each is safe to run twice (deterministic ids, whole-record writes).</summary>
public sealed class ShadowTrainingActivities(
    ShadowTrainingStore store, DirectoryStore directory, StaffNotices notices, MailSettings mail, CertificateLinks certificates, ShadowTrainingOptions options, TimeProvider time)
{
    /// <summary>Activity names.</summary>
    public const string WriteNotices = "ShadowTrainingWriteNotices", RecordDeferral = "ShadowTrainingRecordDeferral", Conclude = "ShadowTrainingConclude", FinishBatch = "ShadowTrainingFinishBatch", RecordFailure = "ShadowTrainingRecordFailure";

    /// <summary>A trainee's week, decided.</summary>
    /// <param name="Run">The trainee's run.</param>
    /// <param name="Week">What the week produced.</param>
    /// <param name="Decision">The completion rule's decision.</param>
    /// <param name="MentorComment">The mentor's comment, if evaluated.</param>
    /// <param name="Deferral">A declined request to defer, if the trainee asked.</param>
    /// <param name="At">The orchestration's time of the decision: the record's date, the same if the activity runs twice.</param>
    public sealed record ConcludeInput(TraineeRun Run, TraineeWeek Week, CompletionDecision Decision, string? MentorComment, DeferralRuling? Deferral, DateTimeOffset At);

    /// <summary>A granted deferral.</summary>
    /// <param name="Run">The trainee's run.</param>
    /// <param name="Deferral">The request and its decision.</param>
    /// <param name="At">The orchestration's time of the decision.</param>
    public sealed record RecordDeferralInput(TraineeRun Run, DeferralRuling Deferral, DateTimeOffset At);

    /// <summary>A trainee's week that broke off with an error.</summary>
    /// <param name="Run">The trainee's run.</param>
    /// <param name="Why">What broke.</param>
    /// <param name="At">The orchestration's time of the failure.</param>
    public sealed record RecordFailureInput(TraineeRun Run, string Why, DateTimeOffset At);

    /// <summary>The certificate number of a trainee in a batch.</summary>
    public static string CertificateNo(string batchId, string traineeId) => $"SHT-{batchId.Replace("-", string.Empty, StringComparison.Ordinal)}-{traineeId}";

    /// <summary>Writes the notices to the outbox, in the default language, and returns the ids of those written.</summary>
    [Function(WriteNotices)]
    public async Task<IReadOnlyList<string>> WriteNoticesAsync([ActivityTrigger] IReadOnlyList<ShadowNotice> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ids = new List<string>();
        foreach (var notice in input)
        {
            // Someone without an address is told by the tasks' own undeliverable reports; a notice has no one else to go to.
            if (await directory.Staff.GetAsync(notice.ToStaffId, cancellationToken).ConfigureAwait(false) is not { Email: { Length: > 0 } } to)
            {
                continue;
            }

            string culture = mail.DefaultCulture;
            bool en = Languages.IsEnglish(culture);
            Uri? link = notice.CertificateOf is { } batchId
                ? certificates.For(batchId, notice.ToStaffId, time.GetUtcNow().AddYears(options.CertificateLinkYears))
                : null;
            var content = new MailContent(
                culture,
                notice.Subject.For(culture),
                TaskMails.Greeting(to.Name, en),
                [.. notice.Paragraphs.Select(p => p.For(culture)).Where(p => p.Length > 0)],
                [.. notice.Details.Select(d => new KeyValuePair<string, string>(d.Label.For(culture), d.Value))],
                link is null ? null : en ? "Open the certificate" : "查看结业证书",
                link,
                TaskMails.Footer(en));
            var written = await notices.WriteToAsync(notice.Id, "shadow-training", to, content, null, cancellationToken).ConfigureAwait(false);
            ids.Add(written.Id);
        }

        return ids;
    }

    /// <summary>Records a granted deferral and puts the trainee on the waiting list for a later batch.</summary>
    [Function(RecordDeferral)]
    public async Task<bool> RecordDeferralAsync([ActivityTrigger] RecordDeferralInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var record = Record(run, TraineeStatus.Deferred, input.At) with { Missing = ["deferred to a later batch"], MissingZh = ["已延期至后续批次"], Deferral = input.Deferral };
        await store.Trainees.PutAsync(record, cancellationToken).ConfigureAwait(false);
        await AddCarryoverAsync(new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.Deferred), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Records the week's outcome: a completion goes into the reserve-pool file, anything else waits for a make-up place.</summary>
    /// <returns>The certificate number, or null when the trainee did not complete.</returns>
    [Function(Conclude)]
    public async Task<string?> ConcludeAsync([ActivityTrigger] ConcludeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var week = input.Week;
        string? certificate = input.Decision.Completed ? CertificateNo(run.BatchId, run.TraineeId) : null;
        var record = Record(run, input.Decision.Completed ? TraineeStatus.Completed : TraineeStatus.NotCompleted, input.At) with
        {
            Days = week.Days,
            AttendedDays = week.AttendedDays,
            Journals = week.Journals,
            Evaluation = week.Evaluation,
            EvaluationAverage = week.EvaluationAverage,
            MentorComment = input.MentorComment,
            Summary = week.Summary,
            Missing = input.Decision.Missing,
            MissingZh = input.Decision.MissingZh,
            CertificateNo = certificate,
            Deferral = input.Deferral,
        };
        await store.Trainees.PutAsync(record, cancellationToken).ConfigureAwait(false);
        if (certificate is not null)
        {
            var entry = new ReservePoolEntry(
                run.TraineeId,
                "shadow-training",
                run.BatchId,
                run.Schedule.Days[^1].Date,
                $"影子培训结业（{run.BaseName}，{ShadowTrainingMails.Week(run)}）：出勤{week.AttendedDays}/{week.Days}天，日志{week.Journals}篇，导师评价均分{week.EvaluationAverage}。",
                certificate);
            await store.ReservePoolFile.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AddCarryoverAsync(new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.MakeUp), cancellationToken).ConfigureAwait(false);
        }

        return certificate;
    }

    /// <summary>Records a week that broke off and offers the trainee a make-up place.</summary>
    [Function(RecordFailure)]
    public async Task<bool> RecordFailureAsync([ActivityTrigger] RecordFailureInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        await store.Trainees.PutAsync(Record(run, TraineeStatus.Failed, input.At) with { Missing = [input.Why] }, cancellationToken).ConfigureAwait(false);
        await AddCarryoverAsync(new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.MakeUp), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks the batch finished (once every trainee's week has ended).</summary>
    [Function(FinishBatch)]
    public async Task<bool> FinishBatchAsync([ActivityTrigger] string batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        while (true)
        {
            var read = await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Batch '{batchId}' does not exist.");
            if (read.Record.Status == BatchStatus.Finished
                || await store.Batches.TryReplaceAsync(read.Record with { Status = BatchStatus.Finished, FinishedAt = time.GetUtcNow() }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }

    // An activity may run twice: a second run must not reopen a carry-over a later batch has taken meanwhile.
    private async Task AddCarryoverAsync(Carryover carryover, CancellationToken cancellationToken)
    {
        if (await store.Carryovers.GetAsync(carryover.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            await store.Carryovers.TryAddAsync(carryover, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TraineeRecord Record(TraineeRun run, TraineeStatus status, DateTimeOffset at) => new()
    {
        BatchId = run.BatchId,
        TraineeId = run.TraineeId,
        TraineeName = run.TraineeName,
        BaseId = run.BaseId,
        BaseName = run.BaseName,
        WeekStart = run.Schedule.WeekStart,
        Status = status,
        RecordedAt = at,
    };
}
