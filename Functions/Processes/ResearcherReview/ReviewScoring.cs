using System.Globalization;
using EduFlows.Scoring;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// Scores a section's half year (pure rules, no I/O). Points are kept to 2 decimals at each step: an indicator's
/// points, an A-level score (weight × points earned ÷ points possible), the base score (their sum, out of 100), the
/// bonus (confirmed claims at their level's points, capped), the total.
/// </summary>
/// <remarks>
/// Missing inputs are never silently zero. A reviewed or satisfaction indicator nobody scored for a researcher takes
/// the mean of the other researchers' points on it and is flagged; when nobody in the section has any, it is 0 and
/// flagged. A researcher whose records name no school served none: their satisfaction indicators are 0, flagged
/// (imputing the others' mean would reward staying in the office). A missing self-assessment means no bonus claims
/// (flagged); claims the office did not decide are not counted (flagged).
/// </remarks>
public static class ReviewScoring
{
    /// <summary>How bonuses count, in words.</summary>
    public const string BonusRule = "Confirmed claims count at their level's points, each rule up to its own cap (if any), all rules up to the scheme's cap.";

    /// <summary>How missing inputs are treated, in words (served with results; staff read Chinese).</summary>
    public const string MissingInputRule =
        "某项指标缺少评审打分或满意度测评的，取其他教研员该项得分的平均值（都没有则计 0 分），并标注；本半年记录中无服务学校的，满意度计 0 分，并标注；未提交自评的不计加分；未经审核的加分申报不计入。";

    /// <summary><see cref="MissingInputRule"/> in English, for those who switch.</summary>
    public const string MissingInputRuleEn =
        "An indicator with no reviewer score or no survey answer takes the mean of the other researchers' points on it (0 if nobody has any) and is flagged; a researcher whose records name no school gets 0 for satisfaction, flagged; a missing self-assessment means no bonus; undecided bonus claims are not counted.";

    // The basis of a satisfaction indicator for a researcher who served no school.
    private const string NoSchoolServed = "本半年记录中无服务学校";

    /// <summary>Scores and ranks the section.</summary>
    public static ReviewOutcome Score(ReviewInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scheme = inputs.Scheme;
        var ids = inputs.Researchers.Select(r => r.Id).ToList();
        var points = new Dictionary<(string Researcher, string Indicator), (decimal? Points, string Basis)>();
        var reviewerFlags = new List<ReviewerFlag>();
        foreach (var indicator in scheme.Indicators)
        {
            switch (indicator.Source)
            {
                case IndicatorSource.Counted:
                    foreach (string id in ids)
                    {
                        int count = inputs.RecordCounts.TryGetValue(id, out var counts) && counts.TryGetValue(indicator.RecordKind!, out int n) ? n : 0;
                        int target = indicator.Target!.Value;
                        points[(id, indicator.Id)] = (Round(indicator.MaxPoints * Math.Min(count, target) / target), $"{count} / {target} 条记录");
                    }

                    break;
                case IndicatorSource.Reviewed:
                    var given = inputs.ReviewerScores
                        .Where(s => s.Points.ContainsKey(indicator.Id))
                        .Select(s => new JudgeScore(s.ReviewerId, s.ResearcherId, s.Points[indicator.Id]))
                        .ToList();
                    var panel = ScoringPanel.Combine(ids, given, indicator.MaxPoints, scheme.Panel);
                    foreach (var candidate in panel.Candidates)
                    {
                        string dropped = candidate.DroppedJudges.Count > 0 ? $"，去掉最高分和最低分" : string.Empty;
                        points[(candidate.CandidateId, indicator.Id)] = (candidate.Score, $"{candidate.Judges} 位评审{dropped}");
                    }

                    reviewerFlags.AddRange(panel.Flags.Select(f => new ReviewerFlag(f.JudgeId, f.CandidateId, indicator.Id, f.Score, f.OthersMean)));
                    break;
                default:
                    foreach (string id in ids)
                    {
                        if (inputs.SchoolsServed?.GetValueOrDefault(id) == 0)
                        {
                            points[(id, indicator.Id)] = (0, NoSchoolServed);
                            continue;
                        }

                        var ratings = inputs.Surveys.Where(s => s.ResearcherId == id && s.Ratings.ContainsKey(indicator.Id)).Select(s => s.Ratings[indicator.Id]).ToList();
                        points[(id, indicator.Id)] = ratings.Count == 0
                            ? (null, "0 份问卷")
                            : (Round(indicator.MaxPoints * ratings.Average() / 5), string.Create(CultureInfo.InvariantCulture, $"{ratings.Count} 份问卷，平均 {Round(ratings.Average())} / 5"));
                    }

                    break;
            }
        }

        var unranked = inputs.Researchers.Select(r => Researcher(r, inputs, points)).ToList();
        var ranked = unranked
            .OrderByDescending(r => r.Total)
            .ThenBy(r => r.ResearcherId, StringComparer.Ordinal)
            .Select(r => r with { Rank = 1 + unranked.Count(o => o.Total > r.Total) })
            .ToList();
        return new ReviewOutcome(ranked, reviewerFlags, scheme.Panel.Describe());
    }

    private static ResearcherResult Researcher(ReviewedResearcher researcher, ReviewInputs inputs, Dictionary<(string, string), (decimal? Points, string Basis)> points)
    {
        var scheme = inputs.Scheme;
        var flags = new List<ResultFlag>();
        var indicators = new List<IndicatorScore>();
        foreach (var indicator in scheme.Indicators)
        {
            var (earned, basis) = points[(researcher.Id, indicator.Id)];
            bool imputed = earned is null;
            if (imputed)
            {
                // The others' points as scored: not imputed, and not the zero of someone who served no school.
                var others = inputs.Researchers.Where(r => r.Id != researcher.Id).Select(r => points[(r.Id, indicator.Id)])
                    .Where(p => p.Basis != NoSchoolServed).Select(p => p.Points).OfType<decimal>().ToList();
                earned = others.Count == 0 ? 0 : Round(others.Average());
                bool survey = indicator.Source == IndicatorSource.Satisfaction;
                flags.Add(new ResultFlag(
                    survey ? "no-survey-answer" : "no-reviewer-score",
                    indicator.Id,
                    others.Count == 0
                        ? $"{indicator.Name}：{(survey ? "无问卷答复" : "无评审评分")}，全组均无数据，计 0 分。"
                        : $"{indicator.Name}：{(survey ? "无问卷答复" : "无评审评分")}，按其他 {others.Count} 人平均分 {earned} 计。"));
            }

            if (basis == NoSchoolServed)
            {
                flags.Add(new ResultFlag("no-school-served", indicator.Id, $"{indicator.Name}：本半年记录中无服务学校，无人可测评，计 0 分。"));
            }

            indicators.Add(new IndicatorScore(indicator.Id, indicator.LevelA, indicator.Name, indicator.Source, indicator.MaxPoints, earned!.Value, basis, imputed));
        }

        var levelA = scheme.LevelA.Select(a =>
        {
            var under = indicators.Where(i => i.LevelA == a.Id).ToList();
            return new LevelAScore(a.Id, a.Name, a.Weight, Round(a.Weight * under.Sum(i => i.Points) / under.Sum(i => i.MaxPoints)));
        }).ToList();

        var bonuses = Bonuses(researcher, inputs, flags);
        decimal baseScore = levelA.Sum(a => a.Score);
        // Each rule's points up to its own cap, then all of them up to the scheme's.
        decimal bonus = Math.Min(scheme.BonusCap, bonuses.GroupBy(b => b.RuleId, StringComparer.Ordinal).Sum(g =>
        {
            decimal sum = g.Sum(b => b.Points);
            return scheme.Bonuses.Single(r => r.Id == g.Key).Cap is { } cap ? Math.Min(cap, sum) : sum;
        }));
        return new ResearcherResult(researcher.Id, researcher.Name, 0, baseScore + bonus, baseScore, bonus, levelA, indicators, bonuses, flags);
    }

    private static List<BonusOutcome> Bonuses(ReviewedResearcher researcher, ReviewInputs inputs, List<ResultFlag> flags)
    {
        if (!inputs.SelfAssessments.TryGetValue(researcher.Id, out var self))
        {
            flags.Add(new ResultFlag("self-assessment-missing", null, "未提交自评，不计加分。"));
            return [];
        }

        var decisions = inputs.BonusDecisions.TryGetValue(researcher.Id, out var d) ? d : [];
        var outcomes = new List<BonusOutcome>();
        foreach (var claim in self.Claims)
        {
            var rule = inputs.Scheme.Bonuses.Single(b => b.Id == claim.RuleId);
            var decision = decisions.FirstOrDefault(x => x.ClaimKey == claim.Key);
            if (decision is null)
            {
                flags.Add(new ResultFlag("bonus-undecided", null, $"{rule.Name}（{BonusLevels.Zh(claim.Level)}）未经教研室确认，不计分。"));
                outcomes.Add(new BonusOutcome(claim.RuleId, claim.Level, claim.Detail, "undecided", null, 0));
                continue;
            }

            outcomes.Add(new BonusOutcome(claim.RuleId, claim.Level, claim.Detail, decision.Confirmed ? "confirmed" : "rejected", decision.Reason, decision.Confirmed ? rule.Levels[claim.Level] : 0));
        }

        return outcomes;
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
