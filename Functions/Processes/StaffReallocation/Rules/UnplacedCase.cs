namespace EduFlows.Processes.StaffReallocation;

/// <summary>A person left without a post (落聘): the bureau decides the case, reading the reasons recorded here.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="FromSchoolId">The school the person came from.</param>
/// <param name="Reasons">Why, one line per round that could have placed them: the rule's English lines (<see cref="UnplacedReason.Line"/>), as the trace keeps them.</param>
public sealed record UnplacedCase(string StaffId, string FromSchoolId, IReadOnlyList<string> Reasons)
{
    /// <summary>
    /// The same reasons as the rule found them, kind and figures, which pages and mails word for staff; null on a case
    /// recorded before they were kept (its <see cref="Reasons"/> lines are read then, <see cref="UnplacedReason.Parse"/>).
    /// </summary>
    public IReadOnlyList<UnplacedReason>? Why { get; init; }
}
