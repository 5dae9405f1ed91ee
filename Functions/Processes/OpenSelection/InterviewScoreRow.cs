namespace EduFlows.Processes.OpenSelection;

/// <summary>One judge's interview score of a candidate, as shown to a judge who has submitted their own.</summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="Name">Their name.</param>
/// <param name="You">Whether it is the reader.</param>
/// <param name="Score">Their score; null when they have not scored yet.</param>
public sealed record InterviewScoreRow(string JudgeId, string Name, bool You, decimal? Score);
