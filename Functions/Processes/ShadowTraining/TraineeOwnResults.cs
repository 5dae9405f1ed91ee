using Azure.Data.Tables;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>A staff member's shadow-training records, with the certificate of each completed batch, for /api/me.</summary>
public sealed class TraineeOwnResults(ShadowTrainingStore store) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var records = await store.Trainees.QueryAsync(TableClient.CreateQueryFilter($"TraineeId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        return [.. records.OrderByDescending(r => r.WeekStart).Select(r => new OwnResult(
            r.Status == TraineeStatus.Completed ? "跟岗培训结业证书" : "跟岗培训记录",
            $"{r.BatchId} 批次 · {r.BaseName}",
            Outcome(r),
            r.Status == TraineeStatus.Completed ? CertificateLinks.PathOf(r.BatchId, r.TraineeId) : null)
        {
            // The base is named as the bureau names it, in Chinese in either language.
            English = new OwnResultText(
                r.Status == TraineeStatus.Completed ? "Shadow training certificate" : "Shadow training record",
                $"batch {r.BatchId} · {r.BaseName}",
                OutcomeEn(r)),
        })];
    }

    private static string OutcomeEn(TraineeRecord record) => record.Status switch
    {
        TraineeStatus.Completed => $"completed, certificate no. {record.CertificateNo}",
        TraineeStatus.Deferred => "deferred",
        TraineeStatus.NotCompleted => $"not completed (attended {record.AttendedDays} of {record.Days} days)",
        _ => "not passed",
    };

    private static string Outcome(TraineeRecord record) => record.Status switch
    {
        TraineeStatus.Completed => $"已结业，证书编号 {record.CertificateNo}",
        TraineeStatus.Deferred => "已缓训",
        TraineeStatus.NotCompleted => $"未完成（出勤 {record.AttendedDays}/{record.Days} 天）",
        _ => "未通过",
    };
}
