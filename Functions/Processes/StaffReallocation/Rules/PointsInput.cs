using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>What the formula reads about one person: from the directory and the stored results, corrections applied.</summary>
/// <param name="StaffId">The directory id.</param>
/// <param name="HireDate">When the person was hired; no date counts no service.</param>
/// <param name="Title">Professional title (<see cref="DirectoryVocabulary.Titles"/>).</param>
/// <param name="Assessments">Assessment results, most recent first (<see cref="AssessmentResults"/>).</param>
/// <param name="SupportTeachingYears">Whole years of support-teaching service.</param>
/// <param name="HardshipYears">Whole years served at remote or hardship posts.</param>
/// <param name="FamilyCases">Approved family cases.</param>
public sealed record PointsInput(
    string StaffId, DateOnly? HireDate, string? Title, IReadOnlyList<string> Assessments, int SupportTeachingYears = 0, int HardshipYears = 0, int FamilyCases = 0)
{
    /// <summary>The input for a directory member with the given results and service.</summary>
    public static PointsInput From(StaffMember member, IReadOnlyList<string> assessments, int supportTeachingYears = 0, int hardshipYears = 0, int familyCases = 0)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new PointsInput(member.Id, member.HireDate, member.Title, assessments, supportTeachingYears, hardshipYears, familyCases);
    }
}
