using EduFlows.Hosting;

namespace EduFlows.Scoring;

/// <summary>How a scoring panel's scores are combined and when a judge is flagged as out of line.</summary>
public sealed record PanelRule
{
    /// <summary>The combination; default <see cref="ScoreCombination.TrimmedMean"/>.</summary>
    public ScoreCombination Combination { get; init; } = ScoreCombination.TrimmedMean;

    /// <summary>For <see cref="ScoreCombination.TrimmedMean"/>: drop the highest and lowest from this many judges on; default 5.</summary>
    public int TrimFromJudges { get; init; } = 5;

    /// <summary>
    /// A judge is flagged for a candidate when their score is further than this share of the maximum points from the
    /// mean of the other judges' scores (default 0.2: 20 points on a 100-point scale). Needs at least 3 judges.
    /// </summary>
    public decimal OutlierShare { get; init; } = 0.2m;

    /// <summary>What is wrong with the rule, by field (empty when it is usable), in English and in Chinese for the office.</summary>
    public IReadOnlyList<FieldError> Validate(string prefix = "")
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(Combination))
        {
            errors.Add(new FieldError(prefix + "combination", "must be mean, trimmedMean or zScore.") { ReasonZh = "评分合成方式只能是取平均分、去掉最高分和最低分后取平均分，或换算为标准分后取平均分。" });
        }

        if (TrimFromJudges < 3)
        {
            errors.Add(new FieldError(prefix + "trimFromJudges", "must be at least 3: dropping two scores must leave one.") { ReasonZh = $"去掉最高分和最低分的评审人数下限至少为 3 位（现为 {TrimFromJudges} 位）：去掉两个分数后须至少留下一个。" });
        }

        if (OutlierShare is <= 0 or > 1)
        {
            errors.Add(new FieldError(prefix + "outlierShare", "must be more than 0 and at most 1.") { ReasonZh = $"评分偏离提示的比例须大于 0 且不超过 1（如 0.2 表示偏离满分的 20%），现为 {OutlierShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}。" });
        }

        return errors;
    }

    /// <summary>In Chinese words, for the staff's mails and pages.</summary>
    public string DescribeZh() => Combination switch
    {
        ScoreCombination.Mean => "取全体评审的平均分",
        ScoreCombination.TrimmedMean => $"评审达到 {TrimFromJudges} 位及以上时，去掉一个最高分和一个最低分后取平均分；不足 {TrimFromJudges} 位时取平均分",
        _ => "各评审的分数先换算为标准分再取平均，按全组平均分和标准差折回分值",
    };

    /// <summary>In words, for results that say which rule produced them.</summary>
    public string Describe() => Combination switch
    {
        ScoreCombination.Mean => "mean of all judges",
        ScoreCombination.TrimmedMean => $"mean without the highest and lowest score when {TrimFromJudges} or more judges scored, else the mean",
        _ => "mean of per-judge z-scores, mapped back to points with the panel's mean and standard deviation",
    };
}
