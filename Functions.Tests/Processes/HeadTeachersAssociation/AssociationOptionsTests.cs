using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using Microsoft.Extensions.Configuration;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>The association's settings: a settings file without the office line still names someone in the demo county.</summary>
public sealed class AssociationOptionsTests
{
    [Fact]
    public void OfficeId_NotSet_IsTheDemoCountysOfficeHead_WhoIsInTheDirectory()
    {
        var county = DemoCounty.Generate();
        var office = county.Departments.Single(d => d.Name == "办公室");
        var unset = AssociationOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HeadTeachersAssociation:ApprovalDays"] = "5" }).Build());

        Assert.Equal(office.HeadId, AssociationOptions.Default.OfficeId);
        Assert.Equal(AssociationOptions.Default.OfficeId, unset.OfficeId);
        var person = Assert.Single(county.Staff, s => s.Id == unset.OfficeId);
        Assert.Equal(office.Id, person.DepartmentId);
    }
}
