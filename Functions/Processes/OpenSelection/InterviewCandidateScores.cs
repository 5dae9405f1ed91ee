namespace EduFlows.Processes.OpenSelection;

/// <summary>The panel's interview scores of one candidate, shown to a judge who has scored them.</summary>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Name">Their name.</param>
/// <param name="Post">The post they applied for.</param>
/// <param name="Judges">One row per judge on the panel.</param>
public sealed record InterviewCandidateScores(string CandidateId, string Name, string Post, IReadOnlyList<InterviewScoreRow> Judges);
