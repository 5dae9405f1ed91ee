using EduFlows.StaffDirectory;

namespace EduFlows.Tests.StaffDirectory;

public sealed class DemoCountyTests
{
    private static readonly DemoCountyData County = DemoCounty.Generate();
    private static readonly DateOnly Today = DemoCounty.ReferenceDate;

    [Fact]
    public void Generate_ReproducesTheSeedsCounts()
    {
        var staff = County.Staff;

        Assert.Equal(DemoCounty.SchoolStaff, staff.Count(s => s.SchoolId is not null));
        Assert.Equal(18, County.Departments.Count);
        Assert.All(County.Departments, d => Assert.NotNull(d.HeadId));
        Assert.Equal(20, staff.Count(s => s.Post == "researcher"));
        Assert.Equal(54, staff.Count(s => s.ReserveResearcher));
        Assert.Equal(195, staff.Count(s => s.ReservePrincipal));
        Assert.Equal(127, staff.Count(s => s.Post == "vice-principal"));
        Assert.Equal(["旗城学校", "海岱学校", "云门书院双语学校", "西苑小学"], County.TrainingBases.Select(b => b.Name));
        Assert.True(County.TrainingBases.Sum(b => b.Capacity) >= 24, "a batch of 24 trainees must fit the bases");
        Assert.True(staff.Count(s => DirectoryVocabulary.ExternalPosts.Contains(s.Post)) >= 30);
        Assert.Equal(DirectoryVocabulary.SchoolSections.Order(), County.Schools.Select(s => s.Section).Distinct().Order());
        Assert.All(County.Schools, s => Assert.NotNull(s.PrincipalId));
    }

    [Fact]
    public void Generate_BureauLeadersComeLast_SoEarlierIdsDoNotShift()
    {
        var leaders = County.Staff.Where(s => s.Post == "bureau-leader").ToList();

        Assert.Equal(DemoCounty.BureauLeaders, leaders.Count);
        Assert.Equal(County.Staff.TakeLast(DemoCounty.BureauLeaders), leaders);
        Assert.All(leaders, l => Assert.True(l.SchoolId is null && l.DepartmentId is null));
        Assert.Equal($"stf-{County.Staff.Count - DemoCounty.BureauLeaders + 1:D5}", leaders[0].Id);
        Assert.Equal(["stf-00001", "stf-09074"], [County.Staff[0].Id, County.Staff[^(DemoCounty.BureauLeaders + 1)].Id]);
    }

    [Fact]
    public void Generate_ResearchersIncludeOlderOnesLongInPost_AndReserveResearchersCoverEachSection()
    {
        var researchers = County.Staff.Where(s => s.Post == "researcher").ToList();

        Assert.True(researchers.Count(r => r.Age(Today) > 48 && r.YearsInPost(Today) >= 8) >= 5);
        Assert.Equal([7, 7, 6], researchers.GroupBy(r => r.Section).OrderBy(g => g.Key == "primary" ? 0 : g.Key == "junior" ? 1 : 2).Select(g => g.Count()));
        Assert.All(new[] { "primary", "junior", "senior" }, section => Assert.Equal(18, County.Staff.Count(s => s.ReserveResearcher && s.Section == section)));
    }

    [Fact]
    public void Generate_EveryRecordIsValid_IdsAreUnique_AndTheResultIsTheSameEveryTime()
    {
        Assert.All(County.Staff, s => Assert.Empty(DirectoryValidation.Validate(s, Today)));
        Assert.All(County.Schools, s => Assert.Empty(DirectoryValidation.Validate(s)));
        Assert.All(County.Departments, d => Assert.Empty(DirectoryValidation.Validate(d)));
        Assert.Equal(County.Staff.Count, County.Staff.Select(s => s.Id).Distinct().Count());
        var again = DemoCounty.Generate();
        Assert.Equal(County.Staff, again.Staff);
        Assert.Equal(County.Schools, again.Schools);
    }

    [Fact]
    public void Generate_AgesAndTenuresAreSane()
    {
        var schoolStaff = County.Staff.Where(s => s.SchoolId is not null).ToList();

        Assert.All(schoolStaff, s => Assert.InRange(s.Age(Today)!.Value, 22, 60));
        Assert.All(schoolStaff, s => Assert.True(s.PostSince >= s.HireDate));
        double meanAge = schoolStaff.Average(s => s.Age(Today)!.Value);
        Assert.InRange(meanAge, 35, 48);
        Assert.InRange(schoolStaff.Count(s => s.Gender == "female") / (double)schoolStaff.Count, 0.55, 0.75);
    }
}
