using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// 由“业务引领”到“一线服务”: researchers over 48 years old (49 or more in whole years) with 8 or more whole years in
/// post are candidates for school posts (vice principal for teaching, mid-level leader).
/// </summary>
public static class FrontlineRotationRule
{
    /// <summary>Over this age (whole years).</summary>
    public const int OverAge = 48;

    /// <summary>At least this many whole years in post.</summary>
    public const int MinYearsInPost = 8;

    /// <summary>The candidates among <paramref name="staff"/> on <paramref name="today"/>, oldest first; people without a birth date or post date are not listed.</summary>
    public static List<RotationCandidate> Candidates(IEnumerable<StaffMember> staff, DateOnly today) =>
        [.. staff
            .Where(s => s.Post == "researcher" && s.Age(today) > OverAge && s.YearsInPost(today) >= MinYearsInPost)
            .Select(s => new RotationCandidate(s.Id, s.Name, s.Section, s.Subject, s.Age(today)!.Value, s.YearsInPost(today)!.Value))
            .OrderByDescending(c => c.Age).ThenBy(c => c.ResearcherId, StringComparer.Ordinal)];
}
