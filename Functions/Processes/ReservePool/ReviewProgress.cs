namespace EduFlows.Processes.ReservePool;

/// <summary>A yearly review's custom status: where it stands, in figures.</summary>
/// <param name="Year">The year.</param>
/// <param name="Stage">"reviewing" or "finished".</param>
/// <param name="Members">Members at the start.</param>
/// <param name="ExitedByRule">Left by the automatic rules.</param>
/// <param name="UnderReview">Reviewed by task.</param>
/// <param name="Ready">Judged ready.</param>
/// <param name="Declined">Declined to stay.</param>
/// <param name="Removed">Removed by the office.</param>
public sealed record ReviewProgress(int Year, string Stage, int Members, int ExitedByRule, int UnderReview, int Ready = 0, int Declined = 0, int Removed = 0);
