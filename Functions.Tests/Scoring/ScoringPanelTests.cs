using EduFlows.Scoring;

namespace EduFlows.Tests.Scoring;

/// <summary>Combining judges' scores: each rule against hand-computed values, and the out-of-line flag.</summary>
public sealed class ScoringPanelTests
{
    private static readonly string[] OneCandidate = ["c1"];

    [Fact]
    public void TrimmedMean_FiveJudges_DropsTheHighestAndLowest()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j1", 80), ("j2", 85), ("j3", 90), ("j4", 70), ("j5", 95)), 100, new PanelRule());

        var c1 = Assert.Single(outcome.Candidates);
        Assert.Equal(85m, c1.Score);
        Assert.Equal(5, c1.Judges);
        Assert.Equal(["j5", "j4"], c1.DroppedJudges);
    }

    [Fact]
    public void TrimmedMean_FewerJudgesThanTheThreshold_IsThePlainMean()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j1", 80), ("j2", 85), ("j3", 90), ("j4", 70)), 100, new PanelRule());

        Assert.Equal(81.25m, outcome.ScoreOf("c1"));
        Assert.Empty(outcome.Candidates[0].DroppedJudges);
    }

    [Fact]
    public void TrimmedMean_TiedExtremes_DropOneScoreEach_ChosenByJudgeId()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j2", 90), ("j1", 90), ("j3", 80), ("j4", 70), ("j5", 70)), 100, new PanelRule());

        Assert.Equal(80m, outcome.ScoreOf("c1"));
        Assert.Equal(["j2", "j4"], outcome.Candidates[0].DroppedJudges);
    }

    [Fact]
    public void Mean_AveragesEveryJudge_RoundedToTwoDecimals()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j1", 80), ("j2", 85), ("j3", 86)), 100, new PanelRule { Combination = ScoreCombination.Mean });

        Assert.Equal(83.67m, outcome.ScoreOf("c1"));
    }

    [Fact]
    public void ZScore_AStrictAndAGenerousJudge_WeighTheSame()
    {
        // j1 gives 60/70, j2 gives 90/100: each judge ranks c2 one standard deviation above c1 (z = -1, +1).
        // Panel: mean 80, population SD sqrt(250) = 15.8114; c1 = 80 - 15.81, c2 = 80 + 15.81.
        JudgeScore[] scores = [new("j1", "c1", 60), new("j1", "c2", 70), new("j2", "c1", 90), new("j2", "c2", 100)];

        var outcome = ScoringPanel.Combine(["c1", "c2"], scores, 100, new PanelRule { Combination = ScoreCombination.ZScore });

        Assert.Equal(64.19m, outcome.ScoreOf("c1"));
        Assert.Equal(95.81m, outcome.ScoreOf("c2"));
    }

    [Fact]
    public void ZScore_AJudgeWhoScoredOneCandidate_IsMeasuredOnThePanelsScale()
    {
        // j3 scored only c1 (80): z = (80 - panel mean 80) / SD = 0. c1's z-scores: -1 (j1), -1 (j2), 0 (j3): mean -2/3.
        JudgeScore[] scores = [new("j1", "c1", 60), new("j1", "c2", 70), new("j2", "c1", 90), new("j2", "c2", 100), new("j3", "c1", 80)];

        var outcome = ScoringPanel.Combine(["c1", "c2"], scores, 100, new PanelRule { Combination = ScoreCombination.ZScore });

        // Panel of five scores: mean 80, SD sqrt(200) = 14.1421; c1 = 80 - 2/3 * 14.1421 = 70.57.
        Assert.Equal(70.57m, outcome.ScoreOf("c1"));
        Assert.Equal(94.14m, outcome.ScoreOf("c2"));
    }

    [Fact]
    public void AJudgeFarFromTheOthers_IsFlagged_WithTheOthersMean()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j1", 80), ("j2", 82), ("j3", 84), ("j4", 40)), 100, new PanelRule());

        var flag = Assert.Single(outcome.Flags);
        Assert.Equal(new JudgeFlag("j4", "c1", 40, 82), flag);
    }

    [Fact]
    public void TwoJudges_AreNeverFlagged_ThereIsNoMajorityToBeOutOfLineWith()
    {
        var outcome = ScoringPanel.Combine(OneCandidate, Scores(("j1", 90), ("j2", 10)), 100, new PanelRule());

        Assert.Empty(outcome.Flags);
        Assert.Equal(50m, outcome.ScoreOf("c1"));
    }

    [Fact]
    public void ACandidateNobodyScored_HasNoScore_NotZero()
    {
        var outcome = ScoringPanel.Combine(["c1", "c2"], Scores(("j1", 80)), 100, new PanelRule());

        Assert.Null(outcome.ScoreOf("c2"));
        Assert.Equal(0, outcome.Candidates[1].Judges);
    }

    [Fact]
    public void TheSameJudgeTwice_OrAScoreOffTheScale_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ScoringPanel.Combine(OneCandidate, Scores(("j1", 80), ("j1", 70)), 100, new PanelRule()));
        Assert.Throws<ArgumentException>(() => ScoringPanel.Combine(OneCandidate, Scores(("j1", 101)), 100, new PanelRule()));
    }

    [Fact]
    public void Validate_NamesEachBadField()
    {
        var errors = new PanelRule { Combination = (ScoreCombination)9, TrimFromJudges = 2, OutlierShare = 0 }.Validate("panel.");

        Assert.Equal(["panel.combination", "panel.trimFromJudges", "panel.outlierShare"], errors.Select(e => e.Field));
        Assert.Empty(new PanelRule().Validate());
    }

    [Fact]
    public void Validate_GivesTheOfficeEachReasonInChinese_WithoutEnglishRuleText()
    {
        var errors = new PanelRule { Combination = (ScoreCombination)9, TrimFromJudges = 2, OutlierShare = 1.5m }.Validate("dutyPanel.");

        Assert.Equal(
            [
                "评分合成方式只能是取平均分、去掉最高分和最低分后取平均分，或换算为标准分后取平均分。",
                "去掉最高分和最低分的评审人数下限至少为 3 位（现为 2 位）：去掉两个分数后须至少留下一个。",
                "评分偏离提示的比例须大于 0 且不超过 1（如 0.2 表示偏离满分的 20%），现为 1.5。",
            ],
            errors.Select(e => e.ReasonZh));
        Assert.All(errors, e => Assert.DoesNotMatch("[A-Za-z]", e.ReasonFor(EduFlows.Notifications.Languages.Chinese)));
        Assert.StartsWith("must be", errors[0].Reason, StringComparison.Ordinal);
    }

    private static JudgeScore[] Scores(params (string Judge, decimal Score)[] scores) => [.. scores.Select(s => new JudgeScore(s.Judge, "c1", s.Score))];
}
