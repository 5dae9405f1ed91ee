namespace EduFlows.Processes.StaffReallocation;

/// <summary>A person left without a post (落聘): the bureau decides the case, reading the reasons recorded here.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="FromSchoolId">The school the person came from.</param>
/// <param name="Reasons">Why, one line per round that could have placed them.</param>
public sealed record UnplacedCase(string StaffId, string FromSchoolId, IReadOnlyList<string> Reasons);
