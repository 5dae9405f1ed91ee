using EduFlows.StaffDirectory;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>Derived facts of a staff record: whole years, and the address kept in one form.</summary>
public sealed class StaffMemberTests
{
    [Theory]
    [InlineData("2000-03-01", "2025-02-28", 24)]
    [InlineData("2000-03-01", "2025-03-01", 25)]
    [InlineData("2000-02-28", "2025-02-27", 24)]
    [InlineData("2000-02-29", "2025-02-27", 24)]
    [InlineData("2000-02-29", "2025-02-28", 25)] // a leap-day birthday falls on 28 February in other years
    [InlineData("1999-03-01", "2024-02-29", 24)]
    [InlineData("1999-03-01", "2024-03-01", 25)]
    public void Age_CountsWholeYears_AcrossLeapYears(string born, string on, int years)
    {
        var staff = new StaffMember { Id = "stf-1", Name = "王芳", Gender = "female", Post = "teacher", BirthDate = DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(years, staff.Age(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Email_IsKeptTrimmedAndLowerCase_BlankIsNone()
    {
        var staff = new StaffMember { Id = "stf-1", Name = "王芳", Gender = "female", Post = "teacher", Email = " Wang.Fang@QZ.example.cn " };

        Assert.Equal("wang.fang@qz.example.cn", staff.Email);
        Assert.Null((staff with { Email = "  " }).Email);
    }
}
