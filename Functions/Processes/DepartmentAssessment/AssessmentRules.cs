using EduFlows.Scoring;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The 1000-point arithmetic: baseline less deductions, confirmed innovation, scaled satisfaction, the ranking with
/// its tie rules, and whether a head is held to a year. Pure; every number is rounded to two decimals, half away from zero.
/// </summary>
public static class AssessmentRules
{
    /// <summary>What a monthly report costs: nothing on time, the late or missing deduction, plus one per send-back.</summary>
    public static decimal MonthlyDeduction(AssessmentScheme scheme, ReportStanding standing, int reworkRounds)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        decimal standingCost = standing switch
        {
            ReportStanding.Late => scheme.LateReportDeduction,
            ReportStanding.Missing => scheme.MissingReportDeduction,
            _ => 0,
        };
        return standingCost + (scheme.ReworkDeduction * reworkRounds);
    }

    /// <summary>
    /// What a half's duty review costs: the missing-report deduction when no report was handed in, the fail deduction
    /// when the leaders' combined score is below the pass mark, nothing otherwise (also when no leader scored).
    /// </summary>
    public static decimal DutyDeduction(AssessmentScheme scheme, bool reported, decimal? combinedScore)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return !reported ? scheme.MissingDutyReportDeduction : combinedScore is { } score && score < scheme.DutyPassMark ? scheme.DutyFailDeduction : 0;
    }

    /// <summary>Baseline after deductions, rounded to two decimals; never below zero.</summary>
    public static decimal Baseline(AssessmentScheme scheme, decimal deductions)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return Round(Math.Max(0, scheme.BaselinePoints - deductions));
    }

    /// <summary>Innovation: what the office confirmed, never more than was claimed nor than the scheme's innovation points.</summary>
    public static decimal Innovation(AssessmentScheme scheme, decimal claimed, decimal? confirmed)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return Round(Math.Clamp(Math.Min(confirmed ?? 0, claimed), 0, scheme.InnovationPoints));
    }

    /// <summary>
    /// Satisfaction: the principals' combined score scaled to the scheme's satisfaction points; 0 when nobody scored.
    /// Give the unrounded combined score (<see cref="CandidateScore.Exact"/>): the result is rounded once, here.
    /// </summary>
    public static decimal Satisfaction(AssessmentScheme scheme, decimal? principalScore)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return principalScore is { } score ? Round(scheme.SatisfactionPoints * score / scheme.PrincipalMaxScore) : 0;
    }

    /// <summary>Combines the principals' scores per department with the scheme's satisfaction rule.</summary>
    public static PanelOutcome CombinePrincipals(AssessmentScheme scheme, IReadOnlyList<string> departmentIds, IReadOnlyList<JudgeScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return ScoringPanel.Combine(departmentIds, scores, scheme.PrincipalMaxScore, scheme.SatisfactionPanel);
    }

    /// <summary>A department's parts and total (unranked).</summary>
    public static DepartmentScore Score(AssessmentScheme scheme, string departmentId, decimal deductions, decimal claimed, decimal? confirmed, decimal? principalScore)
    {
        decimal baseline = Baseline(scheme, deductions);
        decimal innovation = Innovation(scheme, claimed, confirmed);
        decimal satisfaction = Satisfaction(scheme, principalScore);
        return new DepartmentScore(departmentId, baseline, deductions, innovation, satisfaction, baseline + innovation + satisfaction);
    }

    /// <summary>
    /// Ranks by total, best first; equal totals share a rank (1, 2, 2, 4). Last place: the departments with the
    /// lowest total; a tie there is broken by satisfaction (the principals' judgement), then by baseline; departments
    /// still tied all count as last.
    /// </summary>
    public static IReadOnlyList<DepartmentScore> Rank(IEnumerable<DepartmentScore> scores)
    {
        var ordered = scores.OrderByDescending(s => s.Total).ThenBy(s => s.DepartmentId, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var ranked = ordered.Select(s => s with { Rank = 1 + ordered.Count(o => o.Total > s.Total), Last = false }).ToList();
        decimal lowest = ranked[^1].Total;
        var tiedLast = ranked.Where(s => s.Total == lowest).ToList();
        decimal lowestSatisfaction = tiedLast.Min(s => s.Satisfaction);
        tiedLast = [.. tiedLast.Where(s => s.Satisfaction == lowestSatisfaction)];
        decimal lowestBaseline = tiedLast.Min(s => s.Baseline);
        var last = tiedLast.Where(s => s.Baseline == lowestBaseline).Select(s => s.DepartmentId).ToHashSet(StringComparer.Ordinal);
        return [.. ranked.Select(s => last.Contains(s.DepartmentId) ? s with { Last = true } : s)];
    }

    /// <summary>
    /// Whether the head at the year end is held to the year: they headed the department in at least the scheme's
    /// number of its months (6 by default), counted from the stored monthly reports (whom each month's report was asked of).
    /// </summary>
    public static bool HeadAccountable(AssessmentScheme scheme, int monthsLed)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return monthsLed >= scheme.HeadAccountableMonths;
    }

    /// <summary>In how many of the year's months <paramref name="headId"/> headed the department (was asked for its monthly report).</summary>
    public static int MonthsLed(IEnumerable<MonthlyReport> reports, string departmentId, string? headId) =>
        headId is null ? 0 : reports.Where(r => r.DepartmentId == departmentId && r.HeadId == headId).Select(r => r.Month).Distinct().Count();

    /// <summary>Two decimals, half away from zero.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
