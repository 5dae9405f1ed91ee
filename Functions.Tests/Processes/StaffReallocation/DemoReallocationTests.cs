using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>The demo county through every round reproduces the seed's order of magnitude: 535 of 8,950 moved, 1 unplaced, 12 senior-high teachers down a section.</summary>
public sealed class DemoReallocationTests
{
    private static readonly Lazy<(ReallocationDraft Draft, SimulationResult Result)> Demo = new(() =>
    {
        var draft = DemoReallocation.Generate(DemoCounty.Generate());
        return (draft, ReallocationSimulator.Run(draft));
    });

    [Fact]
    public void Run_DemoCounty_AboutSixPercentMove_AndAHandfulUnplaced()
    {
        var (draft, result) = Demo.Value;

        Assert.Equal(DemoCounty.SchoolStaff, draft.Participants.Count);
        Assert.Equal(110, draft.Posts.Select(p => p.SchoolId).Distinct().Count());
        Assert.InRange(result.Moves.Count, 450, 625);
        Assert.InRange(result.Report.County.MovedPercent, 5m, 7m);
        Assert.InRange(result.UnplacedCount, 1, 5);
        Assert.InRange(result.CrossSectionMoves.Count(m => m.FromSection == "senior"), 5, 25);
        Assert.True(result.Rural.VacanciesAfter < result.Rural.VacanciesBefore, "the rural schools' shortage should shrink");
    }

    [Fact]
    public void Run_DemoCounty_EveryoneDecidedOnce_WithRuleAndReasons()
    {
        var (draft, result) = Demo.Value;

        var decided = result.Final.Placements.Select(p => p.StaffId).Concat(result.Final.Unplaced.Select(u => u.StaffId)).ToList();
        Assert.Equal(draft.Participants.Count, decided.Count);
        Assert.Equal(draft.Participants.Count, decided.Distinct().Count());
        Assert.All(result.Final.SeatsLeft(), seats => Assert.True(seats.Value >= 0, seats.Key));
        Assert.All(result.Final.Unplaced, u => Assert.Equal(2, u.Reasons.Count));
        Assert.All(result.Final.Placements, p => Assert.False(string.IsNullOrEmpty(p.Detail)));
        Assert.Equal(
            [Round.DirectAppointment, Round.SupportTeaching, Round.InSchoolCompetition, Round.CrossSchoolCompetition],
            result.Final.Placements.Select(p => p.Round).Distinct().Order());
    }

    [Fact]
    public void Generate_Twice_GivesTheSameDraftAndResult()
    {
        var (draft, result) = Demo.Value;

        var again = DemoReallocation.Generate(DemoCounty.Generate());
        var rerun = ReallocationSimulator.Run(again);

        Assert.Equal(draft.Posts, again.Posts);
        Assert.Equal(draft.RankedLists.Keys.Order(StringComparer.Ordinal), again.RankedLists.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(result.Report.County, rerun.Report.County);
        Assert.Equal(result.Final.Placements, rerun.Final.Placements);
    }
}
