using EduFlows.Processes.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>The published formula against hand-computed breakdowns, and the fixed tie-breaks.</summary>
public sealed class StaffPointsTests
{
    private static readonly DateOnly AsOf = new(2026, 9, 1);

    [Fact]
    public void Compute_EveryItem_MatchesTheHandComputedBreakdown()
    {
        var input = new PointsInput("stf-1", new DateOnly(2010, 3, 1), "senior", [AssessmentResults.Excellent, AssessmentResults.Competent], SupportTeachingYears: 2, HardshipYears: 7, FamilyCases: 1);

        var points = StaffPoints.Compute(PointsFormula.Default, input, AsOf);

        // 16 years × 1 + senior 12 + excellent 5 + competent 3 + 2 × 2 support + hardship 7 capped at 5 + one family case 2 = 47.
        Assert.Equal(
            [("service", 16m), ("title", 12m), ("assessment-1", 5m), ("assessment-2", 3m), ("support-teaching", 4m), ("hardship", 5m), ("family", 2m)],
            points.Items.Select(i => (i.Item, i.Points)));
        Assert.Equal(47m, points.Total);
        Assert.Equal("2026.1", points.FormulaVersion);
        Assert.Equal("16 years × 1", points.Items[0].Basis);
    }

    [Fact]
    public void Compute_AnniversaryNotReached_CountsOneYearLess_AndMissingResultsScoreZero()
    {
        var input = new PointsInput("stf-1", new DateOnly(2016, 9, 2), null, [AssessmentResults.Competent]);

        var points = StaffPoints.Compute(PointsFormula.Default, input, AsOf);

        Assert.Equal(9m, points.Items.Single(i => i.Item == "service").Points);
        Assert.Equal("missing", points.Items.Single(i => i.Item == "assessment-2").Basis);
        Assert.Equal(12m, points.Total);
    }

    [Fact]
    public void Rank_EqualTotals_BrokenBySeniorityThenTitle_ThenStaffId()
    {
        // a, b and c all total 24: b was hired first; a and c were hired the same day with the same title, so the id decides.
        var formula = PointsFormula.Default with { TieBreaks = [TieBreak.Seniority, TieBreak.Title] };
        PointsInput[] inputs =
        [
            new("a", new DateOnly(2016, 1, 1), "first-grade", [AssessmentResults.Competent, AssessmentResults.Competent]), // 10 + 8 + 6 = 24
            new("b", new DateOnly(2014, 1, 1), "second-grade", [AssessmentResults.Competent, AssessmentResults.Competent]), // 12 + 4 + 6, plus 2 for a family case below = 24
            new("c", new DateOnly(2016, 1, 1), "first-grade", [AssessmentResults.Competent, AssessmentResults.Competent]), // 24, same as a
            new("d", new DateOnly(2020, 1, 1), "senior", [AssessmentResults.Excellent, AssessmentResults.Competent]), // 6 + 12 + 8 = 26
        ];
        inputs[1] = inputs[1] with { FamilyCases = 1 };

        var ranked = StaffPoints.Rank(formula, inputs, AsOf);

        Assert.Equal([("d", 26m, 1), ("b", 24m, 2), ("a", 24m, 3), ("c", 24m, 4)], ranked.Select(r => (r.StaffId, r.Total, r.Rank)));
    }

    [Fact]
    public void Rank_TitleBeforeSeniority_WhenTheFormulaSaysSo()
    {
        var formula = PointsFormula.Default with { TitlePoints = new Dictionary<string, decimal>(), TieBreaks = [TieBreak.Title, TieBreak.Seniority] };
        PointsInput[] inputs =
        [
            new("old", new DateOnly(2000, 1, 1), "first-grade", []),
            new("young", new DateOnly(2000, 1, 1), "senior", []),
        ];

        var ranked = StaffPoints.Rank(formula with { PointsPerServiceYear = 0 }, inputs, AsOf);

        Assert.Equal(["young", "old"], ranked.Select(r => r.StaffId));
    }

    [Fact]
    public void Validate_Default_MayBePublished() => Assert.Empty(PointsFormula.Default.Validate());

    [Fact]
    public void Validate_BadFormula_NamesEveryField()
    {
        var formula = PointsFormula.Default with
        {
            Version = " ",
            HardshipCap = -1,
            TitlePoints = new Dictionary<string, decimal> { ["senior"] = 12, ["doctor"] = 20 },
            AssessmentPoints = new Dictionary<string, decimal> { ["outstanding"] = 9 },
            TieBreaks = [TieBreak.Title, TieBreak.Title],
        };

        Assert.Equal(
            ["Version", "HardshipCap", "TitlePoints.doctor", "AssessmentPoints.outstanding", "TieBreaks"],
            formula.Validate().Select(e => e.Field));
    }
}
