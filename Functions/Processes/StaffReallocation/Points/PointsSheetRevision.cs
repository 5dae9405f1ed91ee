namespace EduFlows.Processes.StaffReallocation;

/// <summary>Values a person's sheet entry held before a correction replaced them, and who set them, when and why.</summary>
/// <param name="Values">The values replaced.</param>
/// <param name="By">Who set them.</param>
/// <param name="At">When.</param>
/// <param name="Why">Why ("导入", or the reason of a correction).</param>
public sealed record PointsSheetRevision(PointsSheetValues Values, string By, DateTimeOffset At, string Why);
