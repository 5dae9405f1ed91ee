namespace EduFlows.Processes.StaffReallocation;

/// <summary>The body that starts a reallocation.</summary>
/// <param name="OwnerId">The bureau staff member who approves posts and decides appeals and unplaced cases (required).</param>
/// <param name="AsOf">The date points and ages are computed on (default: today in the bureau's time zone).</param>
/// <param name="SupportRota">Staff ids due on the support-teaching rota.</param>
/// <param name="SchoolIds">The schools taking part, each once (a pilot town or section); left out, every school of the county.</param>
public sealed record ReallocationStartBody(string? OwnerId, DateOnly? AsOf, IReadOnlyList<string>? SupportRota, IReadOnlyList<string>? SchoolIds = null);
