namespace EduFlows.Processes.ResearcherReview;

/// <summary>What a review works from, fixed when it starts: the scheme version, the people, the counted records.</summary>
/// <param name="ReviewId">The review's instance id.</param>
/// <param name="Scheme">The scheme version.</param>
/// <param name="Researchers">The section's researchers.</param>
/// <param name="Reviewers">The reviewers.</param>
/// <param name="OfficeId">Who decides bonuses and receives the ranked table.</param>
/// <param name="OfficeClaimsDeciderId">Who decides the office's own claims when the office is itself reviewed (the head of 组织人事科), if anyone.</param>
/// <param name="RecordCounts">Per researcher, records counted per kind in the half year (withdrawn ones not counted).</param>
/// <param name="ServedPrincipals">Per researcher, the principals of the schools they visited (surveyed for satisfaction).</param>
public sealed record ReviewSnapshot(
    string ReviewId,
    ResearcherScheme Scheme,
    IReadOnlyList<ReviewedResearcher> Researchers,
    IReadOnlyList<ReviewedResearcher> Reviewers,
    string OfficeId,
    string? OfficeClaimsDeciderId,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> RecordCounts,
    IReadOnlyDictionary<string, IReadOnlyList<ServedSchool>> ServedPrincipals);

/// <summary>A school a researcher visited in the half year, and its principal.</summary>
/// <param name="SchoolId">The school.</param>
/// <param name="SchoolName">Its name.</param>
/// <param name="PrincipalId">Its principal.</param>
public sealed record ServedSchool(string SchoolId, string SchoolName, string PrincipalId);
