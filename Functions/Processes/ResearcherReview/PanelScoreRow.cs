namespace EduFlows.Processes.ResearcherReview;

/// <summary>One reviewer's scores of a researcher, as shown to a reviewer who has submitted their own.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="Name">Their name.</param>
/// <param name="You">Whether it is the reader.</param>
/// <param name="Submitted">Whether they have submitted.</param>
/// <param name="Scores">Their points per indicator, once submitted.</param>
public sealed record PanelScoreRow(string ReviewerId, string Name, bool You, bool Submitted, IReadOnlyDictionary<string, string>? Scores);
