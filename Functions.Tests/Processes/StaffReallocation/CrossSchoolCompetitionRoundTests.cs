using EduFlows.Processes.StaffReallocation;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>Deferred acceptance, the held in-school option, swaps and unplaced reasons on worked examples with known outcomes.</summary>
public sealed class CrossSchoolCompetitionRoundTests
{
    // s0 publishes no post: its staff hold no in-school option.
    private static readonly SchoolPost[] ThreePosts = [Post("sA"), Post("sB"), Post("sC")];

    [Fact]
    public void Run_SchoolRanking_DecidesBetweenApplicants()
    {
        var state = CountyState.Start(ThreePosts, [Staff("z", "s0", 1), Staff("y", "s0", 2), Staff("x", "s0", 3)]);
        var lists = Lists(("x", [Id("sA"), Id("sB")]), ("y", [Id("sA"), Id("sC")]), ("z", [Id("sB"), Id("sA")]));

        var after = CrossSchoolCompetitionRound.Run(state, lists, Lists(("sA", ["x", "y", "z"])));

        Assert.Equal([Id("sA"), Id("sC"), Id("sB")], new[] { "x", "y", "z" }.Select(after.PostOf));
        Assert.Equal("choice 2 of 2, deferred acceptance", after.PlacementOf("y")!.Detail);
        Assert.Empty(after.Unplaced);
    }

    [Fact]
    public void Run_SchoolRanking_IsTheRuleRecorded_PointsWhereTheSchoolGaveNone()
    {
        var state = CountyState.Start(ThreePosts, [Staff("z", "s0", 1), Staff("y", "s0", 2), Staff("x", "s0", 3)]);
        var lists = Lists(("x", [Id("sA"), Id("sB")]), ("y", [Id("sA"), Id("sC")]), ("z", [Id("sB"), Id("sA")]));

        var after = CrossSchoolCompetitionRound.Run(state, lists, Lists(("sA", ["x", "y", "z"])));

        Assert.Equal(
            [
                (Id("sA"), PlacementRule.DeferredAcceptanceBySchoolRanking, "choice 1 of 2, deferred acceptance, sA's ranking"),
                (Id("sC"), PlacementRule.DeferredAcceptance, "choice 2 of 2, deferred acceptance"),
                (Id("sB"), PlacementRule.DeferredAcceptance, "choice 1 of 2, deferred acceptance"),
            ],
            new[] { "x", "y", "z" }.Select(s => after.PlacementOf(s)!).Select(p => (p.PostId, p.Rule, p.Detail)));
    }

    [Fact]
    public void Run_ByPoints_TheLowestIsUnplaced_WithReasons()
    {
        var state = CountyState.Start(ThreePosts, [Staff("z", "s0", 1), Staff("y", "s0", 2), Staff("x", "s0", 3)]);
        var lists = Lists(("x", [Id("sA"), Id("sB")]), ("y", [Id("sA"), Id("sC")]), ("z", [Id("sB"), Id("sA")]));

        var after = CrossSchoolCompetitionRound.Run(state, lists, None);

        Assert.Equal([Id("sA"), Id("sB")], new[] { "y", "z" }.Select(after.PostOf));
        var unplaced = Assert.Single(after.Unplaced);
        Assert.Equal("x", unplaced.StaffId);
        Assert.Equal(
            [
                "in-school competition: own post s0:junior:mathematics not published or closed",
                "cross-school competition: all 2 listed posts open to them were filled by applicants ranked higher",
            ],
            unplaced.Reasons);
    }

    [Fact]
    public void Run_NoList_NoHeldOption_IsUnplacedForThatReason()
    {
        var state = CountyState.Start(ThreePosts, [Staff("x", "s0", 1)]);

        var after = CrossSchoolCompetitionRound.Run(state, None, None);

        Assert.Equal("cross-school competition: no ranked list submitted", Assert.Single(after.Unplaced).Reasons[1]);
    }

    [Fact]
    public void Run_HeldOption_ProtectedAgainstBetterPointsElsewhere()
    {
        // h holds H; v (best) takes A, which h wanted; w outranks h but cannot take h's held seat.
        var state = CountyState.Start(
            [Post("sA"), Post("sH")],
            [Staff("v", "s0", 1), Staff("w", "s0", 2), Staff("h", "sH", 3)]);
        state = InSchoolCompetitionRound.Run(state, None);
        var lists = Lists(("v", [Id("sA")]), ("w", [Id("sH")]), ("h", [Id("sA")]));

        var after = CrossSchoolCompetitionRound.Run(state, lists, None);

        Assert.Equal(Id("sA"), after.PostOf("v"));
        var kept = after.PlacementOf("h")!;
        Assert.Equal((Id("sH"), PlacementRule.InSchoolOptionKept, Round.CrossSchoolCompetition), (kept.PostId, kept.Rule, kept.Round));
        Assert.Equal("w", Assert.Single(after.Unplaced).StaffId);
    }

    [Fact]
    public void Run_HolderWhoLeaves_FreesTheSeatForOthers()
    {
        var state = CountyState.Start([Post("sA"), Post("sH")], [Staff("w", "s0", 1), Staff("h", "sH", 2)]);
        state = InSchoolCompetitionRound.Run(state, None);

        var after = CrossSchoolCompetitionRound.Run(state, Lists(("w", [Id("sH")]), ("h", [Id("sA")])), None);

        Assert.Equal((Id("sA"), Id("sH")), (after.PostOf("h"), after.PostOf("w")));
        Assert.True(after.PlacementOf("h")!.Moved);
    }

    [Fact]
    public void Run_HolderWithoutAList_KeepsTheInSchoolPlacement()
    {
        var state = InSchoolCompetitionRound.Run(CountyState.Start([Post("sH")], [Staff("h", "sH", 1)]), None);

        var after = CrossSchoolCompetitionRound.Run(state, None, None);

        Assert.Equal((Round.InSchoolCompetition, PlacementRule.InSchoolByPoints), (after.PlacementOf("h")!.Round, after.PlacementOf("h")!.Rule));
    }

    [Fact]
    public void Run_Swap_ExchangesWhatDeferredAcceptanceLeftBothWantingTheOther()
    {
        // Priorities A: a > c > b, B: b > a. Deferred acceptance gives a:A, b:B and c nothing; a wants B and b wants A.
        var state = CountyState.Start([Post("sA"), Post("sB")], [Staff("a", "s0", 1), Staff("b", "s0", 2), Staff("c", "s0", 3)]);
        var lists = Lists(("a", [Id("sB"), Id("sA")]), ("b", [Id("sA"), Id("sB")]), ("c", [Id("sA")]));
        var rankings = Lists(("sA", ["a", "c", "b"]), ("sB", ["b", "a"]));

        var plain = CrossSchoolCompetitionRound.Run(state, lists, rankings, swaps: false);
        var swapped = CrossSchoolCompetitionRound.Run(state, lists, rankings);

        Assert.Equal((Id("sA"), Id("sB")), (plain.PostOf("a"), plain.PostOf("b")));
        Assert.Equal((Id("sB"), Id("sA")), (swapped.PostOf("a"), swapped.PostOf("b")));
        Assert.Equal((PlacementRule.Swap, "choice 1 of 2, exchanged with b"), (swapped.PlacementOf("a")!.Rule, swapped.PlacementOf("a")!.Detail));
        Assert.Equal(PlacementRule.Swap, swapped.PlacementOf("b")!.Rule);
        Assert.Equal("c", Assert.Single(swapped.Unplaced).StaffId);
    }

    [Fact]
    public void Run_Swaps_CanRewardADroppedChoice_WhichDeferredAcceptanceAloneNeverDoes()
    {
        // d truly wants X, then Z, then Y. Priorities X: e > d; Y: d > f > e. Dropping Z lets d reach Y and swap it for X with e.
        var state = CountyState.Start([Post("sX"), Post("sY"), Post("sZ")], [Staff("d", "s0", 1), Staff("e", "s0", 2), Staff("f", "s0", 3)]);
        var rankings = Lists(("sX", ["e", "d"]), ("sY", ["d", "f", "e"]));
        var truthful = Lists(("d", [Id("sX"), Id("sZ"), Id("sY")]), ("e", [Id("sY"), Id("sX")]), ("f", [Id("sY")]));
        var dropped = Lists(("d", [Id("sX"), Id("sY")]), ("e", [Id("sY"), Id("sX")]), ("f", [Id("sY")]));

        Assert.Equal(Id("sZ"), CrossSchoolCompetitionRound.Run(state, truthful, rankings).PostOf("d"));
        Assert.Equal(Id("sX"), CrossSchoolCompetitionRound.Run(state, dropped, rankings).PostOf("d"));
        Assert.Equal(Id("sZ"), CrossSchoolCompetitionRound.Run(state, truthful, rankings, swaps: false).PostOf("d"));
        Assert.Equal(Id("sY"), CrossSchoolCompetitionRound.Run(state, dropped, rankings, swaps: false).PostOf("d"));
    }

    [Fact]
    public void Run_OtherSubjectIgnored_OtherSectionAllowedAndReported()
    {
        var state = CountyState.Start(
            [Post("sJ", section: "junior"), Post("sE", subject: "english")],
            [Staff("senior-teacher", "s0", 1, section: "senior")]);

        var after = CrossSchoolCompetitionRound.Run(state, Lists(("senior-teacher", [Id("sE", subject: "english"), Id("sJ")])), None);

        var placed = after.PlacementOf("senior-teacher")!;
        Assert.Equal((Id("sJ"), "senior", "junior", true), (placed.PostId, placed.FromSection, placed.Section, placed.CrossSection));
        Assert.Equal("choice 1 of 1, deferred acceptance", placed.Detail);
    }
}
