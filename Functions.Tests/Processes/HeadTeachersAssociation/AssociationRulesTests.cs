using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Scoring;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>The association's pure rules: the election count and the contest's ranking and awards.</summary>
public sealed class AssociationRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Count_TieAcrossTheLastSeat_ElectsNeitherAndMarksBothTied()
    {
        var candidates = new[] { Nominee("c1"), Nominee("c2"), Nominee("c3"), Nominee("c4") };
        var box = new[]
        {
            Ballot("c1", "c2"), Ballot("c1", "c3"), Ballot("c1"), Ballot("c2", "c3"), Ballot("c9"),
        };

        var count = ElectionCount.Count(candidates, box, seats: 2);

        Assert.Equal(
            ["c1 3 1 elected", "c2 2 2 tied", "c3 2 2 tied", "c4 0 4 -"],
            count.Select(c => $"{c.MemberId} {c.Votes} {c.Rank} {(c.Elected ? "elected" : c.Tied ? "tied" : "-")}"));
    }

    [Fact]
    public void Rank_ThreeReviewersOneScoringOnlyOthers_MeansRanksAndAwardsByRank()
    {
        var contest = new CaseContest { Id = "2026", Title = "t", SubmissionsClose = At, ReviewDue = At.AddDays(7), ReviewerIds = ["r1", "r2", "r3"], Awards = new AwardTiers(1, 1, 1) };
        var entries = new[] { Entry("A01"), Entry("A02"), Entry("A03"), Entry("A04"), Entry("A05") };
        var scores = new[]
        {
            new JudgeScore("r1", "A01", 90), new JudgeScore("r2", "A01", 86), new JudgeScore("r3", "A01", 88),
            new JudgeScore("r1", "A02", 80), new JudgeScore("r2", "A02", 84),
            new JudgeScore("r1", "A03", 82), new JudgeScore("r2", "A03", 82),
            new JudgeScore("r1", "A04", 60),
        };

        var (results, _) = ContestRanking.Rank(entries, scores, contest);

        Assert.Equal(
            ["A01 88.00 1 一等奖", "A02 82.00 2 二等奖", "A03 82.00 2 二等奖", "A04 60.00 4 -", "A05 - - -"],
            results.Select(r => $"{r.Code} {r.Score?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {r.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {r.Award ?? "-"}"));
    }

    private static Nomination Nominee(string id) => new(id, id, "school", "x", At);

    private static CastBallot Ballot(params string[] choices) => new(Guid.NewGuid().ToString("N"), "2026", choices);

    private static ContestEntry Entry(string code) => new() { ContestId = "2026", Code = code, AuthorId = "a" + code, AuthorName = "n", SchoolName = "s", Title = "t", Summary = "s", SubmittedAt = At };
}
