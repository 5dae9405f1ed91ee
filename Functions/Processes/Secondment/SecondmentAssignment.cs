namespace EduFlows.Processes.Secondment;

/// <summary>An assignment as the office posts it to start a secondment or exchange (every member is checked; null means missing).</summary>
/// <param name="Kind"><c>exchange</c> (双向交流) or <c>secondment</c> (挂职锻炼).</param>
/// <param name="PersonId">The person who goes (directory id); they must belong to the home unit now.</param>
/// <param name="HomeUnitId">The school or department the person comes from.</param>
/// <param name="HostUnitId">The school or department the person goes to.</param>
/// <param name="Role">The role at the host in the bureau's words, e.g. "挂职副校长".</param>
/// <param name="HostPost">The directory post the person holds at the host (one of the directory's posts), e.g. "vice-principal".</param>
/// <param name="Start">The first day at the host (bureau time); not in the past.</param>
/// <param name="Months">How long, in months (1 to 24).</param>
/// <param name="MentorId">The host mentor (a member of the host unit), who gives the mid-term and final evaluations.</param>
/// <param name="OwnerId">The bureau cadre who runs the assignment and decides return or extension.</param>
public sealed record SecondmentAssignment(
    string? Kind,
    string? PersonId,
    string? HomeUnitId,
    string? HostUnitId,
    string? Role,
    string? HostPost,
    DateOnly? Start,
    int? Months,
    string? MentorId,
    string? OwnerId);
