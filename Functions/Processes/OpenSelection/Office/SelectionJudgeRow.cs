namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>A judge of the drawn panel and how far their score sheet is.</summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="Name">Their name.</param>
/// <param name="Group">Their group in words.</param>
/// <param name="Scored">How many interviewees they have scored.</param>
/// <param name="Of">How many there are to score.</param>
public sealed record SelectionJudgeRow(string JudgeId, string Name, string Group, int Scored, int Of)
{
    /// <summary>True once every interviewee is scored.</summary>
    public bool Submitted => Of > 0 && Scored >= Of;
}
