using EduFlows.Processes.ResearcherReview;
using EduFlows.Scoring;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>Schemes are data the office edits: the defaults are valid, and every kind of mistake is named by its field.</summary>
public sealed class SchemeValidationTests
{
    [Theory]
    [InlineData("primary", 45)]
    [InlineData("junior", 40)]
    [InlineData("senior", 30)]
    public void Defaults_AreValid_WithFourALevelAndTwentyTwoSecondaryIndicators(string section, int lessonsTarget)
    {
        var scheme = DefaultSchemes.For(section);

        Assert.Empty(SchemeValidation.Validate(scheme));
        Assert.Equal(4, scheme.LevelA.Count);
        Assert.Equal(22, scheme.Indicators.Count);
        Assert.Equal(100, scheme.LevelA.Sum(a => a.Weight));
        Assert.Equal(lessonsTarget, scheme.Indicators.Single(i => i.Id == "q-lessons").Target);
        Assert.All(scheme.LevelA, a => Assert.Contains(scheme.Indicators, i => i.LevelA == a.Id));
    }

    [Fact]
    public void WeightsNotSummingTo100_AreRefused()
    {
        var scheme = DefaultSchemes.For("junior");
        var errors = SchemeValidation.Validate(scheme with { LevelA = [.. scheme.LevelA.Select(a => a with { Weight = 20 })] });

        var error = Assert.Single(errors);
        Assert.Equal(("levelA", "weights must sum to 100 (they sum to 80)."), (error.Field, error.Reason));
    }

    [Fact]
    public void UnknownReferences_BadPoints_AndCountsWithoutTargets_AreNamedByPath()
    {
        var scheme = DefaultSchemes.For("junior");
        SecondaryIndicator[] indicators =
        [
            scheme.Indicators[0] with { LevelA = "leadership" },
            scheme.Indicators[1] with { MaxPoints = -5 },
            scheme.Indicators[2] with { Target = null },
            scheme.Indicators[3] with { RecordKind = RecordKinds.Lecture },
            scheme.Indicators[4] with { RecordKind = "party" },
            .. scheme.Indicators.Skip(5),
            scheme.Indicators[5],
        ];

        var errors = SchemeValidation.Validate(scheme with { Indicators = indicators });

        Assert.Equal(
            ["indicators[0].levelA", "indicators[1].maxPoints", "indicators[2].target", "indicators[3].recordKind", "indicators[4].recordKind", "indicators"],
            errors.Select(e => e.Field));
        Assert.Contains("'leadership' is not an A-level indicator", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'q-transition' is used twice", errors[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BonusesSectionAndPanel_AreChecked()
    {
        var scheme = DefaultSchemes.For("junior");
        var errors = SchemeValidation.Validate(scheme with
        {
            Section = "college",
            Bonuses = [new BonusRule("honour", "荣誉", new Dictionary<string, decimal> { ["none"] = 2 }), new BonusRule("bad id!", "", new Dictionary<string, decimal>())],
            BonusCap = -1,
            Panel = new PanelRule { TrimFromJudges = 1 },
        });

        Assert.Equal(
            ["section", "bonuses[0].levels", "bonuses[1].id", "bonuses[1].name", "bonuses[1].levels", "bonusCap", "panel.trimFromJudges"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void IdsTakenByTheForms_AndIdsSharedByAnIndicatorAndABonus_AreRefused()
    {
        var scheme = DefaultSchemes.For("junior");
        var errors = SchemeValidation.Validate(scheme with
        {
            Indicators = [scheme.Indicators[0] with { Id = "comment" }, scheme.Indicators[1] with { Id = "honour" }, .. scheme.Indicators.Skip(2)],
            Bonuses = [scheme.Bonuses[0], scheme.Bonuses[1] with { Id = "prize-detail" }],
        });

        Assert.Equal(["indicators[0].id", "bonuses[1].id", "bonuses"], errors.Select(e => e.Field));
        Assert.Contains("'honour' is also an indicator's id", errors[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingElements_AreNamed_NotACrash()
    {
        var scheme = DefaultSchemes.For("junior");
        var errors = SchemeValidation.Validate(scheme with { LevelA = [.. scheme.LevelA, null!], Indicators = [null!, .. scheme.Indicators], Bonuses = [null!], Panel = null! });

        Assert.Equal(["levelA[4]", "indicators[0]", "bonuses[0]", "panel"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ALevelIndicatorWithoutSecondaryOnes_IsRefused()
    {
        var scheme = DefaultSchemes.For("senior");
        var errors = SchemeValidation.Validate(scheme with { Indicators = [.. scheme.Indicators.Where(i => i.LevelA != "growth")] });

        Assert.Equal(("levelA[2]", "'growth' has no secondary indicators."), (errors.Single().Field, errors.Single().Reason));
    }
}
