namespace EduFlows.Processes.ShadowTraining;

/// <summary>A trainee waiting for a place in a later batch (table <c>{hub}ShadowCarryovers</c>).</summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="TraineeName">Their name.</param>
/// <param name="FromBatch">The batch they leave.</param>
/// <param name="Reason">Deferred or make-up.</param>
/// <param name="TakenBy">The later batch that took them; null while waiting.</param>
public sealed record Carryover(string TraineeId, string TraineeName, string FromBatch, CarryoverReason Reason, string? TakenBy = null)
{
    /// <summary>The record's id.</summary>
    public string Id => FromBatch + "." + TraineeId;
}
