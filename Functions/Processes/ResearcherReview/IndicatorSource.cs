namespace EduFlows.Processes.ResearcherReview;

/// <summary>Where a secondary indicator's points come from.</summary>
public enum IndicatorSource
{
    /// <summary>Counted from the researcher's process records of one kind against a half-year target.</summary>
    Counted,

    /// <summary>Scored by the reviewers (other researchers and the office head).</summary>
    Reviewed,

    /// <summary>From the satisfaction survey of the principals of the schools the researcher served (1-5 ratings).</summary>
    Satisfaction,
}
