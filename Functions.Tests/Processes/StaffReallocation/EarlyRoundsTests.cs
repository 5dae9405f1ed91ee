using EduFlows.Processes.StaffReallocation;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>Direct appointment, support teaching and in-school competition on hand-built schools with known outcomes.</summary>
public sealed class EarlyRoundsTests
{
    private static readonly HashSet<string> Nobody = [];

    [Fact]
    public void DirectAppointment_QualifyingAndConfirmed_KeepTheirPost_OthersGoOn()
    {
        var state = CountyState.Start(
            [Post("s1", count: 3)],
            [Staff("p", "s1", 5, post: "principal"), Staff("r", "s1", 4, age: 59), Staff("v", "s1", 2, post: "vice-principal"), Staff("t", "s1", 1)]);

        var after = DirectAppointmentRound.Run(state, DirectAppointmentCriteria.Default, new HashSet<string> { "p", "r", "t" });

        Assert.Equal(
            [("r", PlacementRule.DirectNearRetirement), ("p", PlacementRule.DirectLeadership)],
            after.Placements.Select(p => (p.StaffId, p.Rule)));
        Assert.All(after.Placements, p => Assert.Equal(Round.DirectAppointment, p.Round));
        Assert.Equal(["v", "t"], after.NotPlaced().Select(p => p.StaffId));
    }

    [Fact]
    public void DirectAppointment_MoreQualifiedThanSeats_BestPointsFirst()
    {
        var state = CountyState.Start([Post("s1")], [Staff("p", "s1", 5, post: "principal"), Staff("r", "s1", 4, age: 59)]);

        var after = DirectAppointmentRound.Run(state, DirectAppointmentCriteria.Default, new HashSet<string> { "p", "r" });

        Assert.Equal(["r"], after.Placements.Select(p => p.StaffId));
    }

    [Fact]
    public void SupportTeaching_VolunteersThenRota_ByPoints_AndOwnRuralStaffKeepTheirSeats()
    {
        // Rural r1 has 4 seats and one own teacher: a vacancy of 3.
        var state = CountyState.Start(
            [Post("r1", count: 4, rural: true), Post("u1", count: 4)],
            [
                Staff("own", "r1", 10), Staff("u-vol5", "u1", 5, volunteer: true), Staff("u-rota1", "u1", 1, rota: true),
                Staff("u-rota2", "u1", 2, rota: true), Staff("u-vol8", "u1", 8, volunteer: true),
            ]);

        var after = SupportTeachingRound.Run(state);

        Assert.Equal(
            [("u-vol5", PlacementRule.SupportVolunteer), ("u-vol8", PlacementRule.SupportVolunteer), ("u-rota1", PlacementRule.SupportRota)],
            after.Placements.Select(p => (p.StaffId, p.Rule)));
        Assert.All(after.Placements, p => Assert.True(p.Moved));
        Assert.Equal(["own", "u-rota2"], after.NotPlaced().Select(p => p.StaffId));
    }

    [Fact]
    public void SupportTeaching_OtherSubjectOrSection_IsNotTaken()
    {
        var state = CountyState.Start(
            [Post("r1", rural: true)],
            [Staff("eng", "u1", 1, subject: "english", volunteer: true), Staff("sen", "u1", 2, section: "senior", volunteer: true)]);

        Assert.Empty(SupportTeachingRound.Run(state).Placements);
    }

    [Fact]
    public void InSchool_ByPoints_WithoutARanking()
    {
        var state = CountyState.Start([Post("s1", count: 2)], [Staff("a", "s1", 3), Staff("b", "s1", 1), Staff("c", "s1", 2)]);

        var after = InSchoolCompetitionRound.Run(state, None);

        Assert.Equal([("b", PlacementRule.InSchoolByPoints), ("c", PlacementRule.InSchoolByPoints)], after.Placements.Select(p => (p.StaffId, p.Rule)));
    }

    [Fact]
    public void InSchool_SchoolRanking_DecidesAndTheUnrankedComeAfter()
    {
        var state = CountyState.Start([Post("s1", count: 2)], [Staff("a", "s1", 3), Staff("b", "s1", 1), Staff("c", "s1", 2)]);

        var after = InSchoolCompetitionRound.Run(state, Lists(("s1", ["a"])));

        Assert.Equal(["a", "b"], after.Placements.Select(p => p.StaffId));
        Assert.All(after.Placements, p => Assert.Equal(PlacementRule.InSchoolBySchoolRanking, p.Rule));
        Assert.Equal("1 of 3 for 2 seats, school ranking", after.Placements[0].Detail);
    }

    [Fact]
    public void InSchool_SeatsTakenInEarlierRounds_AreNotGivenAgain()
    {
        var state = CountyState.Start([Post("s1", count: 2)], [Staff("p", "s1", 9, post: "principal"), Staff("a", "s1", 1), Staff("b", "s1", 2)]);
        state = DirectAppointmentRound.Run(state, DirectAppointmentCriteria.Default, new HashSet<string> { "p" });

        var after = InSchoolCompetitionRound.Run(state, None);

        Assert.Equal(["p", "a"], after.Placements.Select(p => p.StaffId));
        Assert.Empty(DirectAppointmentRound.Run(CountyState.Start([Post("s1")], [Staff("p", "s1", 9, post: "principal")]), DirectAppointmentCriteria.Default, Nobody).Placements);
    }
}
