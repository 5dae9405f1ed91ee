namespace EduFlows.Processes.ReservePool;

/// <summary>A yearly review's input.</summary>
/// <param name="Year">The year reviewed.</param>
/// <param name="OfficerId">The officer who decides through the review tasks.</param>
public sealed record ReviewRun(int Year, string OfficerId);
