namespace EduFlows.Processes.StaffReallocation;

/// <summary>A decided post for one person, with the round and rule that decided it (for the result mail and the trace).</summary>
/// <param name="StaffId">The person.</param>
/// <param name="PostId">The post given.</param>
/// <param name="SchoolId">The post's school.</param>
/// <param name="Section">The post's section.</param>
/// <param name="FromSchoolId">The school the person came from.</param>
/// <param name="FromSection">The section the person taught before.</param>
/// <param name="Round">The round that decided.</param>
/// <param name="Rule">The rule that decided.</param>
/// <param name="Detail">Why, in words: the criterion, the rank, the choice number.</param>
public sealed record Placement(
    string StaffId, string PostId, string SchoolId, string Section, string FromSchoolId, string FromSection, Round Round, PlacementRule Rule, string Detail)
{
    /// <summary>The person changes school.</summary>
    public bool Moved => !string.Equals(SchoolId, FromSchoolId, StringComparison.Ordinal);

    /// <summary>The person changes section (e.g. senior high to junior), reported separately.</summary>
    public bool CrossSection => !string.Equals(Section, FromSection, StringComparison.Ordinal);
}
