using EduFlows.Hosting;

namespace EduFlows.Tasks;

/// <summary>What became of a submission, and the HTTP status it answers with.</summary>
/// <param name="Result">Accepted, or why not.</param>
/// <param name="Task">The task as it stands afterwards (null when there is none).</param>
/// <param name="Receipt">The receipt, when accepted now or earlier with the same answer.</param>
/// <param name="Errors">The field errors, when invalid.</param>
public sealed record SubmitOutcome(SubmitResult Result, StaffTask? Task, TaskReceipt? Receipt, IReadOnlyList<FieldError> Errors);

/// <summary>Why a submission was or was not taken.</summary>
public enum SubmitResult
{
    /// <summary>Stored and passed to the orchestration: 200.</summary>
    Accepted,

    /// <summary>The same answer again: 200 with the original receipt, nothing changes.</summary>
    AlreadyAccepted,

    /// <summary>Already answered differently: 409.</summary>
    AlreadySubmitted,

    /// <summary>Past due or cancelled: 410.</summary>
    Closed,

    /// <summary>Field errors: 422.</summary>
    Invalid,

    /// <summary>No such task: 404.</summary>
    NotFound,

    /// <summary>The task is someone else's: 403.</summary>
    NotAssignee,

    /// <summary>The task's kind is not registered (renamed or retired since it was opened), so there is no form to check the answer against: 409.</summary>
    UnregisteredKind,
}
