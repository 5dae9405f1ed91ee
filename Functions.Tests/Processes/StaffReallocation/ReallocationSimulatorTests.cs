using EduFlows.Processes.StaffReallocation;
using MiniExcelLibs;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>All four rounds on a six-person county, with every figure of the what-if and the reports worked out by hand.</summary>
public sealed class ReallocationSimulatorTests
{
    // p is confirmed directly; t1 volunteers for rural r1; t2 beats t3 at s1; sr beats sr2 at s2; sr2 moves down to junior at r1; t3 lists nothing.
    private static ReallocationDraft CreateDraft() => new(
        [Post("s1", count: 2), Post("r1", count: 2, rural: true), Post("s2", section: "senior")],
        [
            Staff("p", "s1", 1, post: "principal"), Staff("t1", "s1", 2, volunteer: true), Staff("t2", "s1", 3), Staff("t3", "s1", 4),
            Staff("sr", "s2", 5, section: "senior"), Staff("sr2", "s2", 6, section: "senior"),
        ],
        DirectAppointmentCriteria.Default,
        new HashSet<string> { "p" },
        None,
        Lists(("sr2", [Id("r1")])));

    [Fact]
    public void Run_EveryRound_DecidesWhoGoesWhereAndByWhichRule()
    {
        var final = ReallocationSimulator.Run(CreateDraft()).Final;

        Assert.Equal(
            [
                ("p", Id("s1"), PlacementRule.DirectLeadership),
                ("t1", Id("r1"), PlacementRule.SupportVolunteer),
                ("t2", Id("s1"), PlacementRule.InSchoolByPoints),
                ("sr", Id("s2", "senior"), PlacementRule.InSchoolByPoints),
                ("sr2", Id("r1"), PlacementRule.DeferredAcceptance),
            ],
            final.Placements.Select(p => (p.StaffId, p.PostId, p.Rule)));
        Assert.Equal("t3", Assert.Single(final.Unplaced).StaffId);
    }

    [Fact]
    public void Run_WhatIf_MovesUnplacedRuralAndCrossSection()
    {
        var result = ReallocationSimulator.Run(CreateDraft());

        Assert.Equal(["t1", "sr2"], result.Moves.Select(m => m.StaffId));
        Assert.Equal(1, result.UnplacedCount);
        Assert.Equal(new RuralEffect(VacanciesBefore: 2, VacanciesAfter: 0, MovedIn: 2, MovedOut: 0), result.Rural);
        Assert.Equal(["sr2"], result.CrossSectionMoves.Select(m => m.StaffId));
    }

    [Fact]
    public void Report_PerCountySchoolAndRound()
    {
        var report = ReallocationSimulator.Run(CreateDraft()).Report;

        Assert.Equal(new ReportRow("county", 6, 2, 1, 33.33m, 1), report.County);
        Assert.Equal([new ReportRow("s1", 4, 1, 1, 25m, 0), new ReportRow("s2", 2, 1, 0, 50m, 1)], report.BySchool);
        Assert.Equal(
            [
                new ReportRow("DirectAppointment", 6, 0, 5, 0m, 0),
                new ReportRow("SupportTeaching", 5, 1, 4, 20m, 0),
                new ReportRow("InSchoolCompetition", 4, 0, 2, 0m, 0),
                new ReportRow("CrossSchoolCompetition", 2, 1, 1, 50m, 1),
            ],
            report.ByRound);
    }

    [Fact]
    public void Report_BureauRow_CountsTheCasesItDecided_AndTheRoundsSumUp()
    {
        var final = ReallocationSimulator.Run(CreateDraft()).Final;
        var undecided = ReallocationReport.Of(final);
        // The bureau assigns t3 to a seat at the rural school (as a live run stores it: placed, no longer an open case).
        var decided = ReallocationReport.Of(final with
        {
            Placements = [.. final.Placements, new Placement("t3", Id("r1"), "r1", "junior", "s1", "junior", Round.Unplaced, PlacementRule.BureauDecision, "调剂")],
            Unplaced = [],
        });

        Assert.Equal(new ReportRow("Unplaced", 1, 0, 1, 0m, 0), undecided.Bureau);
        Assert.Equal(new ReportRow("Unplaced", 1, 1, 0, 100m, 0), decided.Bureau);
        Assert.Equal(decided.ByRound[^1].Unplaced, decided.Bureau!.Participants);
        Assert.Equal(decided.County.Unplaced, decided.Bureau.Unplaced);
        Assert.Equal(decided.County.Moved, decided.ByRound.Sum(r => r.Moved) + decided.Bureau.Moved);

        using var file = new MemoryStream();
        ReallocationReportFile.Write(file, decided);
        file.Position = 0;
        var rounds = file.Query(useHeaderRow: true, sheetName: ReallocationReportFile.RoundsSheet).Cast<IDictionary<string, object?>>()
            .Select(r => string.Join(" ", ReallocationReportFile.RoundsHeader.Select(h => Convert.ToString(r[h], System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        Assert.Equal(
            [
                "轮次 第一轮 直接聘用 6 1 0 5 0 0", "轮次 第二轮 支教交流 5 1 1 4 20 0", "轮次 第三轮 校内竞聘 4 2 0 2 0 0",
                "轮次 第四轮 跨校竞聘 2 1 1 1 50 1", "教育局 落聘处理（教育局） 1 1 1 0 100 0",
            ],
            rounds);
        file.Position = 0;
        Assert.Equal(1 + 2 + 4, file.Query(useHeaderRow: true).Count());
    }
}
