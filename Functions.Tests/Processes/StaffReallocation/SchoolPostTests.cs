using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>Posts and participants read the directory's records and vocabulary.</summary>
public sealed class SchoolPostTests
{
    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void For_RuralFromTheDirectory_OrWeakFromTheBureau(bool rural, bool weak, bool expected)
    {
        var school = new School("sch-007", "弥河中心小学", "primary", "弥河镇", rural);

        var post = SchoolPost.For(school, "primary", "mathematics", 3, weak);

        Assert.Equal(new SchoolPost("sch-007:primary:mathematics", "sch-007", "primary", "mathematics", 3, expected), post);
    }

    [Fact]
    public void ParticipantFrom_DemoCountyTeacher_CarriesSchoolSectionSubjectAndRank()
    {
        var member = DemoCounty.Generate().Staff.First(s => s.Post == "teacher");
        var input = PointsInput.From(member, [AssessmentResults.Competent, AssessmentResults.Excellent]);
        var points = StaffPoints.Rank(PointsFormula.Default, [input], DemoCounty.ReferenceDate).Single();

        var who = Participant.From(member, points, DemoCounty.ReferenceDate);

        Assert.Equal((member.SchoolId, member.Section, member.Subject, "teacher", points.Total, 1), (who.SchoolId, who.Section, who.Subject, who.Post, who.Points, who.PointsRank));
        Assert.Equal(SchoolPost.IdFor(member.SchoolId!, member.Section!, member.Subject!), who.OwnPostId);
        Assert.Contains(member.Title!, DirectoryVocabulary.Titles);
    }

    [Fact]
    public void ParticipantFrom_BureauStaffWithoutSchool_IsRefused()
    {
        var cadre = DemoCounty.Generate().Staff.First(s => s.Post == "bureau-cadre");
        var points = new PointsBreakdown(cadre.Id, "2026.1", [], 0, 1);

        Assert.Throws<ArgumentException>(() => Participant.From(cadre, points, DemoCounty.ReferenceDate));
    }
}
