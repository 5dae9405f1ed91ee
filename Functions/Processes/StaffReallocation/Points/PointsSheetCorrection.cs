namespace EduFlows.Processes.StaffReallocation;

/// <summary>The body correcting one person's points sheet entry (every value replaced; the reason is required).</summary>
/// <param name="Assessments">The last two results, most recent first: 优秀, 合格, 基本合格, 不合格 (or the English codes).</param>
/// <param name="SupportTeachingYears">Support-teaching years (0 to <see cref="PointsSheetFile.MaxYears"/>).</param>
/// <param name="HardshipYears">Hardship years (0 to <see cref="PointsSheetFile.MaxYears"/>).</param>
/// <param name="FamilyCases">Family cases (0 to <see cref="PointsSheetFile.MaxFamilyCases"/>).</param>
/// <param name="Reason">Why the entry is corrected (kept with the history).</param>
/// <param name="By">The staff member making the correction, if not only "the administrator".</param>
public sealed record PointsSheetCorrection(IReadOnlyList<string>? Assessments, int? SupportTeachingYears, int? HardshipYears, int? FamilyCases, string? Reason, string? By);
