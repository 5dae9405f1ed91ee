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

    /// <summary>The rule in words, for the office and staff (the API's <c>rule</c>).</summary>
    public static readonly string Rule = $"年满 {OverAge + 1} 周岁（超过 {OverAge} 岁）、担任教研员满 {MinYearsInPost} 年的教研员，列为到学校任职（教学副校长或中层干部）的人选，由局里逐一决定并写明理由。";

    /// <summary><see cref="Rule"/> in English, for those who switch (the API's <c>ruleEn</c>).</summary>
    public static readonly string RuleEn = $"Researchers over {OverAge} with at least {MinYearsInPost} years in post are candidates for a school post (vice principal for teaching or mid-level leader); the bureau decides each, with a reason.";

    /// <summary>The candidates among <paramref name="staff"/> on <paramref name="today"/>, oldest first; people without a birth date or post date are not listed.</summary>
    public static List<RotationCandidate> Candidates(IEnumerable<StaffMember> staff, DateOnly today) =>
        [.. staff
            .Where(s => s.Post == "researcher" && s.Age(today) > OverAge && s.YearsInPost(today) >= MinYearsInPost)
            .Select(s => new RotationCandidate(s.Id, s.Name, s.Section, s.Subject, s.Age(today)!.Value, s.YearsInPost(today)!.Value))
            .OrderByDescending(c => c.Age).ThenBy(c => c.ResearcherId, StringComparer.Ordinal)];
}
