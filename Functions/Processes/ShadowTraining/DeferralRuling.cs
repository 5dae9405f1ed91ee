namespace EduFlows.Processes.ShadowTraining;

/// <summary>A trainee's request to defer and how it was decided, kept on the trainee's record.</summary>
/// <param name="Reason">The trainee's reason, as given in the confirmation task.</param>
/// <param name="Granted">True when the trainee moves to a later batch.</param>
/// <param name="DecidedBy">Who decided: the batch owner's staff id, "bureau (master key)", or "nobody" when the week started undecided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">The decider's note to the trainee.</param>
public sealed record DeferralRuling(string? Reason, bool Granted, string DecidedBy, DateTimeOffset DecidedAt, string? Note)
{
    /// <summary>Who is recorded when the decision came through the API with the master key.</summary>
    public const string ByMasterKey = "bureau (master key)";

    /// <summary>Who is recorded when nobody decided before the week started.</summary>
    public const string ByNobody = "nobody";
}
