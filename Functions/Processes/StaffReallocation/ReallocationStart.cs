namespace EduFlows.Processes.StaffReallocation;

/// <summary>The input of the <see cref="StaffReallocation"/> orchestration.</summary>
/// <param name="ReallocationId">E.g. "staff-reallocation-2027"; also the instance id.</param>
/// <param name="OwnerId">The bureau staff member who approves posts and decides appeals and unplaced cases.</param>
/// <param name="AsOf">The date points and ages are computed on.</param>
/// <param name="SupportRota">Staff ids due on the support-teaching rota.</param>
/// <param name="Options">Windows and sizes.</param>
/// <param name="SchoolIds">The schools taking part (a pilot town or section); null for every school of the county.</param>
public sealed record ReallocationStart(string ReallocationId, string OwnerId, DateOnly AsOf, IReadOnlyList<string> SupportRota, StaffReallocationOptions Options, IReadOnlyList<string>? SchoolIds = null);
