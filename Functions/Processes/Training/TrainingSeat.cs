namespace EduFlows.Processes.Training;

/// <summary>One registration for a lecture.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="RegisteredAt">When they registered (UTC).</param>
public sealed record TrainingSeat(string StaffId, string Name, DateTimeOffset RegisteredAt);
