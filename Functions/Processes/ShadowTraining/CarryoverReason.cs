namespace EduFlows.Processes.ShadowTraining;

/// <summary>Why a trainee moves to a later batch.</summary>
public enum CarryoverReason
{
    /// <summary>Asked to defer, and the bureau agreed.</summary>
    Deferred,

    /// <summary>Did not complete the week; offered a make-up place.</summary>
    MakeUp,
}
