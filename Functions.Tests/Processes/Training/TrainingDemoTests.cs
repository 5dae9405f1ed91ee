using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.Training;

/// <summary>The demo year's training on the demo county reproduces the seed's scale (pure: no storage).</summary>
public sealed class TrainingDemoTests
{
    [Fact]
    public void DemoYear_OnTheDemoCounty_Gives1600PersonTimesAndOver800PrincipalAttendances()
    {
        var county = DemoCounty.Generate();

        var attendance = TrainingDemo.AttendanceOf(county, 2026);
        var lectures = TrainingDemo.LecturesOf(county, 2026);
        var report = TrainingReport.For(2026, attendance);

        Assert.Equal(TrainingDemo.Courses + TrainingDemo.Lectures, lectures.Count);
        Assert.All(lectures, l => Assert.True(l.Seats.Count <= l.Capacity, $"{l.Id}: {l.Seats.Count} seats of {l.Capacity}"));
        Assert.Equal(new TrainingTotals(12, 0, 0, 0, 0m, null), report.Totals with { PersonTimes = 0, PrincipalAttendances = 0, People = 0, Hours = 0m });
        // 110 principals × 8 courses less 62 missed = 818; 4 lectures × 200 seats = 800.
        Assert.Equal((1618, 818, 7308m), (report.Totals.PersonTimes, report.Totals.PrincipalAttendances, report.Totals.Hours));
        Assert.Equal(report.Totals.PersonTimes, report.People.Sum(p => p.Attendances));
        Assert.Equal(report.Totals.Hours, report.Schools.Sum(s => s.Hours));
        Assert.Equal(attendance, TrainingDemo.AttendanceOf(DemoCounty.Generate(), 2026));
    }
}
