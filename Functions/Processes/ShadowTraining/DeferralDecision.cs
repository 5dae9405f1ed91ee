namespace EduFlows.Processes.ShadowTraining;

/// <summary>The bureau's answer to a trainee's request to defer (raised to the trainee's sub-orchestration).</summary>
/// <param name="Approve">True to move the trainee to the next batch, false to keep them in this week; required, so a missing or misspelt field never decides.</param>
/// <param name="Note">Why, for the trainee (at most <see cref="MaxNoteLength"/> characters).</param>
public sealed record DeferralDecision(bool? Approve, string? Note)
{
    /// <summary>The longest note the trainee is mailed.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>What is wrong with the decision as posted, by field; empty when it can be raised.</summary>
    public IReadOnlyList<EduFlows.Hosting.FieldError> Problems()
    {
        var errors = new List<EduFlows.Hosting.FieldError>();
        if (Approve is null)
        {
            errors.Add(new("approve", "is required: true to grant the deferral, false to decline it.") { ReasonZh = "请决定是否同意延期。" });
        }

        if (Note is { Length: > MaxNoteLength })
        {
            errors.Add(new("note", $"must be at most {MaxNoteLength} characters (it has {Note.Length}).") { ReasonZh = $"说明不超过 {MaxNoteLength} 字（现为 {Note.Length} 字）。" });
        }

        return errors;
    }
}
