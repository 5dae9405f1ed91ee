namespace EduFlows.Scoring;

/// <summary>How the scores several judges gave one candidate become one score.</summary>
public enum ScoreCombination
{
    /// <summary>The plain mean.</summary>
    Mean,

    /// <summary>
    /// The mean after dropping the highest and the lowest score, once there are enough judges (as in Chinese
    /// civil-service interviews: 去掉一个最高分和一个最低分); the plain mean below that.
    /// </summary>
    TrimmedMean,

    /// <summary>
    /// Each judge's scores are first put on a common scale (z-scores over the candidates that judge scored), so a
    /// strict judge and a generous one weigh the same; the mean z-score is mapped back to points with the panel's
    /// mean and spread.
    /// </summary>
    ZScore,
}
