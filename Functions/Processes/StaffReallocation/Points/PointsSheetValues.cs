namespace EduFlows.Processes.StaffReallocation;

/// <summary>What the points sheet holds about one person besides the directory: the values the formula reads.</summary>
/// <param name="Assessments">The last two annual assessment results, most recent first (<see cref="AssessmentResults"/>).</param>
/// <param name="SupportTeachingYears">Whole years of support-teaching service.</param>
/// <param name="HardshipYears">Whole years served at remote or hardship posts.</param>
/// <param name="FamilyCases">Approved family cases.</param>
public sealed record PointsSheetValues(IReadOnlyList<string> Assessments, int SupportTeachingYears, int HardshipYears, int FamilyCases)
{
    /// <summary>Whether two values say the same (lists compared item by item).</summary>
    public bool SameAs(PointsSheetValues other) =>
        other is not null && Assessments.SequenceEqual(other.Assessments, StringComparer.Ordinal)
        && (SupportTeachingYears, HardshipYears, FamilyCases) == (other.SupportTeachingYears, other.HardshipYears, other.FamilyCases);
}
