namespace EduFlows.Processes.ResearcherReview;

/// <summary>Combines the two halves of a year (pure rule): the annual total is the mean of the two half-year totals; a researcher reviewed in one half only gets that half's total, flagged.</summary>
public static class AnnualScoring
{
    /// <summary>The rule in words.</summary>
    public const string Rule = "年度总分为上、下两个半年总分的平均值；只参加一个半年考核的，以该半年总分计，并标注。";

    /// <summary><see cref="Rule"/> in English, for those who switch.</summary>
    public const string RuleEn = "Annual total = mean of the two half-year totals; a researcher reviewed in only one half keeps that half's total (flagged).";

    /// <summary>The section's year, ranked.</summary>
    public static List<AnnualResult> Combine(IReadOnlyList<ResearcherResult> firstHalf, IReadOnlyList<ResearcherResult> secondHalf)
    {
        ArgumentNullException.ThrowIfNull(firstHalf);
        ArgumentNullException.ThrowIfNull(secondHalf);
        var h1 = firstHalf.ToDictionary(r => r.ResearcherId, StringComparer.Ordinal);
        var h2 = secondHalf.ToDictionary(r => r.ResearcherId, StringComparer.Ordinal);
        var rows = h1.Keys.Union(h2.Keys).Select(id =>
        {
            decimal? a = h1.TryGetValue(id, out var first) ? first.Total : null;
            decimal? b = h2.TryGetValue(id, out var second) ? second.Total : null;
            string name = (first ?? second)!.Name;
            return a is { } x && b is { } y
                ? new AnnualResult(id, name, a, b, Math.Round((x + y) / 2, 2, MidpointRounding.AwayFromZero), 0, null)
                : new AnnualResult(id, name, a, b, (a ?? b)!.Value, 0, a is null ? "上半年未参加考核，按下半年成绩计。" : "下半年未参加考核，按上半年成绩计。");
        }).ToList();
        return [.. rows
            .Select(r => r with { Rank = 1 + rows.Count(o => o.Annual > r.Annual) })
            .OrderBy(r => r.Rank).ThenBy(r => r.ResearcherId, StringComparer.Ordinal)];
    }
}
