namespace EduFlows.Processes.Secondment;

/// <summary>An assignment as stored: its plan and where it stands, rewritten whole at each step (the report reads it).</summary>
/// <param name="Plan">The assignment.</param>
/// <param name="State">Where it stands.</param>
/// <param name="UpdatedAt">The orchestration's time of the last step.</param>
public sealed record SecondmentRecord(SecondmentPlan Plan, SecondmentState State, DateTimeOffset UpdatedAt)
{
    /// <summary>The record's id: the assignment's.</summary>
    public string Id => Plan.SecondmentId;
}
