using System.Text.RegularExpressions;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>
/// A result's basis and flags in English for the office page in English. Scoring keeps them as Chinese sentences of a
/// few fixed shapes (<see cref="ReviewScoring"/>); each shape is read back here, and anything else is shown as written.
/// </summary>
internal static partial class ReviewResultEnglish
{
    /// <summary>"36 / 40 条记录" as "36 / 40 records", and so on for each basis scoring writes.</summary>
    public static string Basis(string basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (Counted().Match(basis) is { Success: true } counted)
        {
            return $"{counted.Groups["count"].Value} / {counted.Groups["target"].Value} records";
        }

        if (Reviewed().Match(basis) is { Success: true } reviewed)
        {
            string judges = reviewed.Groups["judges"].Value;
            return $"{judges} {(judges == "1" ? "reviewer" : "reviewers")}{(reviewed.Groups["dropped"].Success ? ", highest and lowest dropped" : string.Empty)}";
        }

        if (Surveyed().Match(basis) is { Success: true } surveyed)
        {
            return $"{surveyed.Groups["answers"].Value} questionnaires, mean {surveyed.Groups["mean"].Value} / 5";
        }

        return basis == "本半年记录中无服务学校" ? "no school served in the half-year's records" : basis;
    }

    /// <summary>A flag's detail in English by its code, naming its indicator in English; one of another shape as written.</summary>
    /// <param name="flag">The flag as scoring wrote it.</param>
    /// <param name="indicator">The name of the indicator it is about (as the scheme names it), if any.</param>
    public static string Flag(ResultFlag flag, string? indicator)
    {
        ArgumentNullException.ThrowIfNull(flag);
        string named = indicator is null ? string.Empty : IndicatorNames.En(indicator) + ": ";
        switch (flag.Code)
        {
            case "no-school-served":
                return $"{named}no school served in the half-year's records, nobody to survey; 0 points.";
            case "self-assessment-missing":
                return "No self-assessment submitted; no bonus counted.";
            case "no-survey-answer" or "no-reviewer-score":
                string missing = flag.Code == "no-survey-answer" ? "no questionnaire answered" : "no reviewer's score";
                if (flag.Detail.Contains("全组均无数据", StringComparison.Ordinal))
                {
                    return $"{named}{missing}, and none for anyone in the group; 0 points.";
                }

                return Imputed().Match(flag.Detail) is { Success: true } imputed
                    ? $"{named}{missing}; counted at the other {imputed.Groups["others"].Value}'s mean, {imputed.Groups["mean"].Value}."
                    : flag.Detail;
            case "bonus-undecided" when Undecided().Match(flag.Detail) is { Success: true } undecided:
                return $"{IndicatorNames.En(undecided.Groups["rule"].Value)} ({LevelEn(undecided.Groups["level"].Value)}) not confirmed by the research office; not counted.";
            default:
                return flag.Detail;
        }
    }

    private static string LevelEn(string zh) => zh switch
    {
        "县级" => BonusLevels.En("county"),
        "市级" => BonusLevels.En("city"),
        "省级" => BonusLevels.En("provincial"),
        "国家级" => BonusLevels.En("national"),
        _ => zh,
    };

    [GeneratedRegex(@"^(?<count>\d+) / (?<target>\d+) 条记录$", RegexOptions.CultureInvariant)]
    private static partial Regex Counted();

    [GeneratedRegex(@"^(?<judges>\d+) 位评审(?<dropped>，去掉最高分和最低分)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Reviewed();

    [GeneratedRegex(@"^(?<answers>\d+) 份问卷，平均 (?<mean>[\d.]+) / 5$", RegexOptions.CultureInvariant)]
    private static partial Regex Surveyed();

    [GeneratedRegex(@"按其他 (?<others>\d+) 人平均分 (?<mean>[\d.]+) 计。$", RegexOptions.CultureInvariant)]
    private static partial Regex Imputed();

    [GeneratedRegex(@"^(?<rule>.+)（(?<level>[^（）]+)）未经教研室确认，不计分。$", RegexOptions.CultureInvariant)]
    private static partial Regex Undecided();
}
