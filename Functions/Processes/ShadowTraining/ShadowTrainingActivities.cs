using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>The activities of shadow training; each is safe to run twice (deterministic ids, whole-record writes).</summary>
public static class ShadowTrainingActivities
{
    /// <summary>Activity names.</summary>
    public const string WriteNotices = "ShadowTraining.WriteNotices", RecordDeferral = "ShadowTraining.RecordDeferral", Conclude = "ShadowTraining.Conclude", FinishBatch = "ShadowTraining.FinishBatch", RecordFailure = "ShadowTraining.RecordFailure";

    /// <summary>Registers the activities.</summary>
    public static DurableTaskRegistry AddShadowTrainingActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddActivity<WriteNoticesActivity>(WriteNotices)
            .AddActivity<RecordDeferralActivity>(RecordDeferral)
            .AddActivity<ConcludeActivity>(Conclude)
            .AddActivity<FinishBatchActivity>(FinishBatch)
            .AddActivity<RecordFailureActivity>(RecordFailure);
    }

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

    private sealed class WriteNoticesActivity(
        DirectoryStore directory, StaffNotices notices, MailSettings mail, CertificateLinks certificates, ShadowTrainingOptions options, TimeProvider time)
        : TaskActivity<IReadOnlyList<ShadowNotice>, IReadOnlyList<string>>
    {
        public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, IReadOnlyList<ShadowNotice> input)
        {
            var ids = new List<string>();
            foreach (var notice in input)
            {
                // Someone without an address is told by the tasks' own undeliverable reports; a notice has no one else to go to.
                if (await directory.Staff.GetAsync(notice.ToStaffId, CancellationToken.None).ConfigureAwait(false) is not { Email: { Length: > 0 } } to)
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
                    [.. notice.Paragraphs.Select(p => p.For(culture))],
                    [.. notice.Details.Select(d => new KeyValuePair<string, string>(d.Label.For(culture), d.Value))],
                    link is null ? null : en ? "Open the certificate" : "查看结业证书",
                    link,
                    TaskMails.Footer(en));
                var written = await notices.WriteToAsync(notice.Id, "shadow-training", to, content, null, CancellationToken.None).ConfigureAwait(false);
                ids.Add(written.Id);
            }

            return ids;
        }
    }

    private sealed class RecordDeferralActivity(ShadowTrainingStore store) : TaskActivity<RecordDeferralInput, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, RecordDeferralInput input)
        {
            var run = input.Run;
            var record = Record(run, TraineeStatus.Deferred, input.At) with { Missing = ["deferred to a later batch"], Deferral = input.Deferral };
            await store.Trainees.PutAsync(record, CancellationToken.None).ConfigureAwait(false);
            await AddCarryoverAsync(store, new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.Deferred), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class ConcludeActivity(ShadowTrainingStore store) : TaskActivity<ConcludeInput, string?>
    {
        public override async Task<string?> RunAsync(TaskActivityContext context, ConcludeInput input)
        {
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
                CertificateNo = certificate,
                Deferral = input.Deferral,
            };
            await store.Trainees.PutAsync(record, CancellationToken.None).ConfigureAwait(false);
            if (certificate is not null)
            {
                var entry = new ReservePoolEntry(
                    run.TraineeId,
                    "shadow-training",
                    run.BatchId,
                    run.Schedule.Days[^1].Date,
                    $"影子培训结业（{run.BaseName}，{ShadowTrainingMails.Week(run)}）：出勤{week.AttendedDays}/{week.Days}天，日志{week.Journals}篇，导师评价均分{week.EvaluationAverage}。",
                    certificate);
                await store.ReservePoolFile.PutAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await AddCarryoverAsync(store, new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.MakeUp), CancellationToken.None).ConfigureAwait(false);
            }

            return certificate;
        }
    }

    private sealed class RecordFailureActivity(ShadowTrainingStore store) : TaskActivity<RecordFailureInput, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, RecordFailureInput input)
        {
            var run = input.Run;
            await store.Trainees.PutAsync(Record(run, TraineeStatus.Failed, input.At) with { Missing = [input.Why] }, CancellationToken.None).ConfigureAwait(false);
            await AddCarryoverAsync(store, new Carryover(run.TraineeId, run.TraineeName, run.BatchId, CarryoverReason.MakeUp), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class FinishBatchActivity(ShadowTrainingStore store, TimeProvider time) : TaskActivity<string, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, string input)
        {
            while (true)
            {
                var read = await store.Batches.GetAsync(input, CancellationToken.None).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Batch '{input}' does not exist.");
                if (read.Record.Status == BatchStatus.Finished
                    || await store.Batches.TryReplaceAsync(read.Record with { Status = BatchStatus.Finished, FinishedAt = time.GetUtcNow() }, read.ETag, CancellationToken.None).ConfigureAwait(false) is not null)
                {
                    return true;
                }
            }
        }
    }

    // An activity may run twice: a second run must not reopen a carry-over a later batch has taken meanwhile.
    private static async Task AddCarryoverAsync(ShadowTrainingStore store, Carryover carryover, CancellationToken cancellationToken)
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
