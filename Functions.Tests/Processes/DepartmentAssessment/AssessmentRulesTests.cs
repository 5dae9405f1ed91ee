using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Scoring;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The 1000-point arithmetic against hand-computed values.</summary>
public sealed class AssessmentRulesTests
{
    private static readonly AssessmentScheme Scheme = AssessmentScheme.DefaultFor(2026);

    [Theory]
    [InlineData(ReportStanding.OnTime, 0, 0)]
    [InlineData(ReportStanding.OnTime, 2, 4)]
    [InlineData(ReportStanding.Late, 0, 5)]
    [InlineData(ReportStanding.Late, 1, 7)]
    [InlineData(ReportStanding.Missing, 0, 10)]
    public void MonthlyDeduction_FollowsTheScheme(ReportStanding standing, int rework, int expected) =>
        Assert.Equal(expected, AssessmentRules.MonthlyDeduction(Scheme, standing, rework));

    [Fact]
    public void Score_AddsBaselineInnovationAndScaledSatisfaction()
    {
        // Baseline 500 - 17 = 483; innovation min(150 confirmed, 160 claimed) = 150; satisfaction 300 * 87.5 / 100 = 262.5.
        var score = AssessmentRules.Score(Scheme, "dep-03", 17, 160, 150, 87.5m);

        Assert.Equal(new DepartmentScore("dep-03", 483, 17, 150, 262.5m, 895.5m), score);
    }

    [Fact]
    public void Score_ConfirmedAboveClaimOrCap_IsCut_AndNothingScoredGivesZero()
    {
        Assert.Equal(120, AssessmentRules.Innovation(Scheme, 120, 180));
        Assert.Equal(200, AssessmentRules.Innovation(Scheme, 500, 500));
        Assert.Equal(0, AssessmentRules.Innovation(Scheme, 100, null));
        Assert.Equal(0, AssessmentRules.Satisfaction(Scheme, null));
        Assert.Equal(0, AssessmentRules.Baseline(Scheme, 620));
        Assert.Equal(256.67m, AssessmentRules.Satisfaction(Scheme, 85.555m));
    }

    [Fact]
    public void CombinePrincipals_DropsHighestAndLowest_FromFivePrincipals()
    {
        JudgeScore[] scores = [new("p1", "d1", 90), new("p2", "d1", 80), new("p3", "d1", 70), new("p4", "d1", 60), new("p5", "d1", 100), new("p1", "d2", 50), new("p2", "d2", 70)];

        var outcome = AssessmentRules.CombinePrincipals(Scheme, ["d1", "d2"], scores);

        Assert.Equal(80, outcome.ScoreOf("d1"));
        Assert.Equal(60, outcome.ScoreOf("d2"));
    }

    [Fact]
    public void Rank_EqualTotalsShareARank_AndTheLastIsTheLowest()
    {
        var ranked = AssessmentRules.Rank([Total("a", 900), Total("b", 850), Total("c", 900), Total("d", 700)]);

        Assert.Equal([("a", 1), ("c", 1), ("b", 3), ("d", 4)], ranked.Select(r => (r.DepartmentId, r.Rank)));
        Assert.Equal(["d"], ranked.Where(r => r.Last).Select(r => r.DepartmentId));
    }

    [Fact]
    public void Rank_TieForLast_IsBrokenBySatisfactionThenBaseline_AndAFullTieMakesAllLast()
    {
        var bySatisfaction = AssessmentRules.Rank([new("a", 400, 100, 200, 200, 800), new("b", 450, 50, 200, 150, 800), new("c", 500, 0, 200, 250, 950)]);
        var byBaseline = AssessmentRules.Rank([new("a", 400, 100, 200, 200, 800), new("b", 450, 50, 150, 200, 800)]);
        var fullTie = AssessmentRules.Rank([new("a", 400, 100, 200, 200, 800), new("b", 400, 100, 200, 200, 800)]);

        Assert.Equal(["b"], bySatisfaction.Where(r => r.Last).Select(r => r.DepartmentId));
        Assert.Equal(2, bySatisfaction.Single(r => r.DepartmentId == "a").Rank);
        Assert.Equal(["a"], byBaseline.Where(r => r.Last).Select(r => r.DepartmentId));
        Assert.Equal(["a", "b"], fullTie.Where(r => r.Last).Select(r => r.DepartmentId));
    }

    [Fact]
    public void HeadAccountable_WhenHeadInAtLeastSixOfTheYearsMonths_CountedFromTheMonthlyReports()
    {
        MonthlyReport Report(int month, string head) => new() { Year = 2026, Month = month, DepartmentId = "d1", HeadId = head, Standing = ReportStanding.OnTime };
        MonthlyReport[] reports = [.. Enumerable.Range(1, 6).Select(m => Report(m, "old")), .. Enumerable.Range(7, 6).Select(m => Report(m, "new")), Report(3, "other") with { DepartmentId = "d2" }];

        Assert.Equal((6, 6, 0, 0), (AssessmentRules.MonthsLed(reports, "d1", "old"), AssessmentRules.MonthsLed(reports, "d1", "new"), AssessmentRules.MonthsLed(reports, "d1", "other"), AssessmentRules.MonthsLed(reports, "d1", null)));
        Assert.True(AssessmentRules.HeadAccountable(Scheme, 6));
        Assert.False(AssessmentRules.HeadAccountable(Scheme, 5));
        Assert.False(AssessmentRules.HeadAccountable(Scheme with { HeadAccountableMonths = 7 }, 6));
    }

    [Fact]
    public void DutyDeduction_MissingReport_OrACombinedScoreBelowThePassMark_CostsTheBaseline()
    {
        Assert.Equal(20m, AssessmentRules.DutyDeduction(Scheme, reported: false, null));
        Assert.Equal(10m, AssessmentRules.DutyDeduction(Scheme, reported: true, 59.99m));
        Assert.Equal(0m, AssessmentRules.DutyDeduction(Scheme, reported: true, 60m));
        Assert.Equal(0m, AssessmentRules.DutyDeduction(Scheme, reported: true, null));
        Assert.Equal(4m, AssessmentRules.DutyDeduction(Scheme with { DutyPassMark = 76, DutyFailDeduction = 4 }, reported: true, 75m));
    }

    [Fact]
    public void Satisfaction_IsScaledFromTheUnroundedCombinedScore_RoundedOnce_AndTheBaselineIsRounded()
    {
        // Three principals: the plain mean 85.666…, shown as 85.67; 300 x 85.666…/100 = 256.99… → 257.00 (not 300 x 85.67/100 = 257.01).
        var combined = AssessmentRules.CombinePrincipals(Scheme, ["d"], [new("p1", "d", 85), new("p2", "d", 86), new("p3", "d", 86)]).Candidates.Single();
        var score = AssessmentRules.Score(Scheme, "d", 10.005m, 0, null, combined.Exact);

        Assert.Equal(85.67m, combined.Score);
        Assert.Equal(257.00m, AssessmentRules.Satisfaction(Scheme, combined.Exact));
        // 500 - 10.005 = 489.995 → 490.00 (half away from zero), and the total adds the rounded parts.
        Assert.Equal((490.00m, 747.00m), (score.Baseline, score.Total));
    }

    private static DepartmentScore Total(string id, decimal total) => new(id, 0, 0, 0, 0, total);
}
