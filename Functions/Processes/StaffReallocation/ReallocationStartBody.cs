namespace EduFlows.Processes.StaffReallocation;

/// <summary>The body that starts a reallocation.</summary>
/// <param name="OwnerId">The bureau staff member who approves posts and decides appeals and unplaced cases (required).</param>
/// <param name="AsOf">The date points and ages are computed on (default: today in the bureau's time zone).</param>
/// <param name="SupportRota">Staff ids due on the support-teaching rota.</param>
public sealed record ReallocationStartBody(string? OwnerId, DateOnly? AsOf, IReadOnlyList<string>? SupportRota);
