namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Puts each appeal and points objection on record as the orchestration takes it in (<see cref="AppealRecord"/>), so the
/// office sees it pending before the bureau decides; the decision is put on the same record by the activity that applies it.
/// </summary>
public sealed class AppealRecordActivities(StaffReallocationStore store)
{
    /// <summary>The activity's name.</summary>
    public const string RecordLodged = "StaffReallocationRecordLodged";

    /// <summary>An appeal or objection just taken in.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Round">The round appealed against; null for a points objection.</param>
    /// <param name="Number">Its place among those its window took in, from 0.</param>
    /// <param name="StaffId">Who it is about.</param>
    /// <param name="Reason">What they asked.</param>
    /// <param name="LodgedBy">Who brought it.</param>
    /// <param name="At">The orchestration's time when it was taken in.</param>
    public sealed record LodgedInput(string ReallocationId, Round? Round, int Number, string StaffId, string Reason, string? LodgedBy, DateTimeOffset At);

    /// <summary>Adds the pending record with its review task's id; run again (a retry), it leaves the record as it is, decided or not.</summary>
    /// <returns>Whether it was added now.</returns>
    [Function(RecordLodged)]
    public Task<bool> RecordLodgedAsync([ActivityTrigger] LodgedInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return store.Appeals.TryAddAsync(
            new AppealRecord
            {
                ReallocationId = input.ReallocationId,
                Round = input.Round,
                Number = input.Number,
                StaffId = input.StaffId,
                Reason = input.Reason,
                LodgedBy = input.LodgedBy,
                LodgedAt = input.At,
                ReviewTaskId = input.Round is { } round
                    ? AppealRecord.AppealTaskId(input.ReallocationId, round, input.StaffId, input.Number)
                    : AppealRecord.ObjectionTaskId(input.ReallocationId, input.StaffId, input.Number),
            },
            cancellationToken);
    }
}
