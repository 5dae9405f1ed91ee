namespace EduFlows.Processes.OpenSelection;

/// <summary>The stages and their weights in percent (笔试、面试、可选的业绩考评); they add up to 100.</summary>
/// <param name="Written">The written test's weight, e.g. 40.</param>
/// <param name="Interview">The interview's weight, e.g. 60.</param>
/// <param name="PerformanceReview">The performance review's weight; 0 when there is none.</param>
public sealed record StageWeights(decimal Written, decimal Interview, decimal PerformanceReview = 0)
{
    /// <summary>True when the selection has a performance review stage.</summary>
    public bool HasPerformanceReview => PerformanceReview > 0;

    /// <summary>The weighted total of scores on a 100-point scale (2 decimals, half away from zero).</summary>
    public decimal Total(decimal written, decimal interview, decimal? performance) =>
        Math.Round(((written * Written) + (interview * Interview) + ((performance ?? 0) * PerformanceReview)) / 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>The weights in Chinese words.</summary>
    public string DescribeZh() =>
        $"笔试 {Written}%、面试 {Interview}%" + (HasPerformanceReview ? $"、业绩考评 {PerformanceReview}%" : string.Empty);
}
