using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>The county-wide start on the demo county: every one of the seed's 127 deputies is in a school's round.</summary>
public sealed class CountyRosterTests
{
    [Fact]
    public void DemoCounty_EverySchoolWithDeputies_StartsAndHoldsAll127()
    {
        var county = DemoCounty.Generate();

        var roster = CountyRoster.Of(county.Schools, county.Staff);

        Assert.Equal(127, roster.Deputies);
        Assert.Empty(roster.WithoutPrincipal);
        Assert.Equal(county.Staff.Where(s => s.Post == "vice-principal").Select(s => s.SchoolId).Distinct().Count(), roster.SchoolIds.Count);
        Assert.Equal(roster.SchoolIds.Count, roster.SchoolIds.Distinct().Count());
    }
}
