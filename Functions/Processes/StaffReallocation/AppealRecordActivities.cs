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

    /// <summary>The activity taking an appeal (or points objection, round null) in at its window's number (<see cref="StaffReallocation.AppealReviewVersion"/>, <see cref="ReallocationStart.ObjectionsKept"/>).</summary>
    public const string TakeIn = "StaffReallocationTakeInAppeal";

    /// <summary>The activity taking in, as a window closes, the appeals (or points objections) the API kept that its events did not bring.</summary>
    public const string TakeInKept = "StaffReallocationTakeInKeptAppeals";

    /// <summary>A closing window.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Round">The round whose window closes; null for the points objection window.</param>
    /// <param name="From">How many appeals the window took in through their events: the first number left.</param>
    public sealed record KeptInput(string ReallocationId, Round? Round, int From);

    /// <summary>
    /// Takes an appeal in at its number with its review task's id: the row the API kept for it (<see cref="AppealIntake"/>),
    /// or a new one for an appeal raised without the API; run again, it leaves the row as it is.
    /// </summary>
    /// <returns>Whether it is taken in: false for one the API refused as late, which the window then does not count.</returns>
    [Function(TakeIn)]
    public Task<bool> TakeInAsync([ActivityTrigger] LodgedInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return store.TakeInAsync(
            new AppealRecord
            {
                ReallocationId = input.ReallocationId,
                Round = input.Round,
                Number = input.Number,
                StaffId = input.StaffId,
                Reason = input.Reason,
                LodgedBy = input.LodgedBy,
                LodgedAt = input.At,
                ReviewTaskId = AppealRecord.ReviewTaskIdOf(input.ReallocationId, input.Round, input.StaffId, input.Number),
                Intake = AppealIntake.TakenIn,
            },
            cancellationToken);
    }

    /// <summary>Takes in the appeals the API kept for a closing window that its events did not bring, numbered on from <see cref="KeptInput.From"/>.</summary>
    /// <returns>Those taken in, by number.</returns>
    [Function(TakeInKept)]
    public async Task<IReadOnlyList<AppealRecord>> TakeInKeptAsync([ActivityTrigger] KeptInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await store.TakeInKeptAsync(input.ReallocationId, input.Round, input.From, cancellationToken).ConfigureAwait(false);
    }

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
