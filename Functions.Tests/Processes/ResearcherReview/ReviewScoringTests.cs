using EduFlows.Processes.ResearcherReview;
using EduFlows.Scoring;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>The pure scoring rules beyond the end-to-end review: panels of five, z-scores, ties, nobody scored, undecided bonuses, the annual total.</summary>
public sealed class ReviewScoringTests
{
    private static readonly ReviewedResearcher[] Three = [new("a", "甲"), new("b", "乙"), new("c", "丙")];

    [Fact]
    public void FiveReviewers_TheHighestAndLowestAreDropped()
    {
        var inputs = Inputs(Three, ("j1", "a", 10), ("j2", "a", 2), ("j3", "a", 6), ("j4", "a", 7), ("j5", "a", 8));

        var a = ReviewScoring.Score(inputs).Ranked.Single(r => r.ResearcherId == "a");

        // mean(6, 7, 8) = 7 of 10; quality 100 x 7/10 = 70.
        Assert.Equal(7m, a.Indicators[0].Points);
        Assert.Equal("5 位评审，去掉最高分和最低分", a.Indicators[0].Basis);
        Assert.Equal(70m, a.Total);
    }

    [Fact]
    public void ZScoreRule_FromTheScheme_EvensOutAStrictReviewer()
    {
        // j1 is strict (2, 4), j2 generous (8, 10): both rank b above a by one SD. Panel mean 6, SD sqrt(10) = 3.1623.
        var inputs = Inputs([new("a", "甲"), new("b", "乙")], ("j1", "a", 2), ("j1", "b", 4), ("j2", "a", 8), ("j2", "b", 10));
        inputs = inputs with { Scheme = inputs.Scheme with { Panel = new PanelRule { Combination = ScoreCombination.ZScore } } };

        var ranked = ReviewScoring.Score(inputs).Ranked;

        Assert.Equal([("b", 9.16m), ("a", 2.84m)], ranked.Select(r => (r.ResearcherId, r.Indicators[0].Points)));
    }

    [Fact]
    public void EqualTotals_ShareARank_AndTheNextRankIsSkipped()
    {
        var inputs = Inputs(Three, ("j1", "a", 8), ("j1", "b", 8), ("j1", "c", 5));

        var ranked = ReviewScoring.Score(inputs).Ranked;

        Assert.Equal([("a", 1), ("b", 1), ("c", 3)], ranked.Select(r => (r.ResearcherId, r.Rank)));
    }

    [Fact]
    public void NobodyScoredAnIndicator_ItIsZeroAndFlagged_NotSilently()
    {
        var c = ReviewScoring.Score(Inputs(Three)).Ranked.Single(r => r.ResearcherId == "c");

        Assert.Equal(0m, c.Total);
        Assert.Equal("no-reviewer-score", c.Flags[0].Code);
        Assert.Contains("全组均无数据，计 0 分", c.Flags[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AClaimTheOfficeDidNotDecide_IsNotCounted_AndFlagged()
    {
        var inputs = Inputs([new("a", "甲")], ("j1", "a", 5)) with
        {
            SelfAssessments = new Dictionary<string, SelfAssessment> { ["a"] = new("总结", null, [new BonusClaim("honour", "honour", "city", "市级优秀教研员")], DateTimeOffset.UnixEpoch) },
        };

        var a = ReviewScoring.Score(inputs).Ranked.Single();

        Assert.Equal(("undecided", 0m), (a.Bonuses.Single().Decision, a.BonusPoints));
        Assert.Equal("bonus-undecided", Assert.Single(a.Flags).Code);
        Assert.Equal(50m, a.Total);
    }

    [Fact]
    public void TwoClaimsUnderOneRule_CountUpToTheRulesCap_ThenTheSchemesCap()
    {
        var inputs = Inputs([new("a", "甲")], ("j1", "a", 5));
        inputs = inputs with
        {
            Scheme = inputs.Scheme with { Bonuses = [new("honour", "荣誉表彰", new Dictionary<string, decimal> { ["city"] = 2, ["provincial"] = 3 }) { Cap = 4 }] },
            SelfAssessments = new Dictionary<string, SelfAssessment>
            {
                ["a"] = new("总结", null, [new BonusClaim("honour", "honour", "provincial", "省级教学能手"), new BonusClaim("honour-2", "honour", "city", "市级优秀教研员")], DateTimeOffset.UnixEpoch),
            },
            BonusDecisions = new Dictionary<string, IReadOnlyList<BonusDecision>>
            {
                ["a"] = [new BonusDecision("honour", true, "已核实", "o1"), new BonusDecision("honour-2", true, "已核实", "o1")],
            },
        };

        var a = ReviewScoring.Score(inputs).Ranked.Single();

        // 3 + 2 = 5 claimed and confirmed; the rule's cap is 4 (the scheme's 5 is not reached).
        Assert.Equal([3m, 2m], a.Bonuses.Select(b => b.Points));
        Assert.Equal((4m, 54m), (a.BonusPoints, a.Total));
    }

    [Fact]
    public void AResearcherWhoServedNoSchool_GetsZeroSatisfaction_Flagged_NotTheOthersMean()
    {
        var scheme = new ResearcherScheme(
            "junior", 2, [new("satisfaction", "基层学校满意度", 100)], [new("s-effect", "satisfaction", "指导实效", 10, IndicatorSource.Satisfaction)], [], 0, new PanelRule());
        ReviewedResearcher[] researchers = [new("a", "甲"), new("b", "乙"), new("c", "丙")];
        var inputs = new ReviewInputs(
            scheme, researchers, new Dictionary<string, IReadOnlyDictionary<string, int>>(),
            researchers.ToDictionary(r => r.Id, _ => new SelfAssessment("总结", null, [], DateTimeOffset.UnixEpoch)),
            [new SurveyAnswer("p1", "a", new Dictionary<string, decimal> { ["s-effect"] = 4 })], [], new Dictionary<string, IReadOnlyList<BonusDecision>>(),
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 0 });

        var ranked = ReviewScoring.Score(inputs).Ranked.ToDictionary(r => r.ResearcherId);

        // a: rating 4 -> 8 of 10 -> 80. b served two schools whose principals never answered: a's 8, flagged. c served none: 0, flagged.
        Assert.Equal((80m, 80m, 0m), (ranked["a"].Total, ranked["b"].Total, ranked["c"].Total));
        Assert.Equal("no-survey-answer", ranked["b"].Flags.Single().Code);
        Assert.Equal("no-school-served", ranked["c"].Flags.Single().Code);
        Assert.False(ranked["c"].Indicators[0].Imputed);
    }

    [Fact]
    public void TheYear_IsTheMeanOfBothHalves_OrTheOneHalfFlagged()
    {
        ResearcherResult Result(string id, decimal total) => new(id, id, 0, total, total, 0, [], [], [], []);

        var year = AnnualScoring.Combine([Result("a", 80), Result("b", 90.25m)], [Result("a", 85.5m), Result("c", 70)]);

        Assert.Equal([("b", 90.25m, 1), ("a", 82.75m, 2), ("c", 70m, 3)], year.Select(y => (y.ResearcherId, y.Annual, y.Rank)));
        Assert.Null(year[1].Flag);
        Assert.Equal("上半年未参加考核，按下半年成绩计。", year[2].Flag);
    }

    [Fact]
    public void TheOfficesRankingMail_ListsTenFlagsAtMost_AndSaysHowManyThereAre()
    {
        var flags = Enumerable.Range(1, 15).Select(i => new ReviewerFlag($"j{i}", "a", "q-teaching", 0, 9)).ToList();
        var outcome = new ReviewOutcome([new ResearcherResult("a", "甲", 1, 80, 80, 0, [], [], [], [])], flags, new PanelRule().Describe());

        var mail = ReviewMails.Ranking(
            new EduFlows.StaffDirectory.StaffMember { Id = "o1", Name = "赵主任", Gender = "male", Post = "bureau-cadre" }, "2026年上半年初中教研员考核", outcome,
            Inputs([]).Scheme, new Dictionary<string, string> { ["j1"] = "钱评审", ["a"] = "甲" });

        Assert.Contains("共有 15 处评分偏离提示，以下列出前 10 处", mail.Paragraphs[1], StringComparison.Ordinal);
        Assert.Equal(10, mail.Paragraphs.Count(p => p.StartsWith("评分偏离提示", StringComparison.Ordinal)));
        Assert.Equal("评分偏离提示：评审钱评审对甲的“课堂教学指导成效”打 0 分，其他评审平均 9 分。", mail.Paragraphs[2]);
        Assert.Equal(new KeyValuePair<string, string>("第 1 名 甲", "80 分（基础 80 + 加分 0）"), Assert.Single(mail.Details));
    }

    // One reviewed indicator (10 points) under one A-level indicator (100), every self-assessment in.
    private static ReviewInputs Inputs(IReadOnlyList<ReviewedResearcher> researchers, params (string Judge, string Researcher, decimal Points)[] scores) => new(
        new ResearcherScheme(
            "junior", 2, [new("quality", "学科教学质量", 100)], [new("q-teaching", "quality", "课堂教学指导成效", 10, IndicatorSource.Reviewed)],
            [new("honour", "荣誉表彰", new Dictionary<string, decimal> { ["city"] = 2 })], 5, new PanelRule()),
        researchers,
        new Dictionary<string, IReadOnlyDictionary<string, int>>(),
        researchers.ToDictionary(r => r.Id, _ => new SelfAssessment("总结", null, [], DateTimeOffset.UnixEpoch)),
        [],
        [.. scores.Select(s => new ReviewerScore(s.Judge, s.Researcher, new Dictionary<string, decimal> { ["q-teaching"] = s.Points }))],
        new Dictionary<string, IReadOnlyList<BonusDecision>>());
}
