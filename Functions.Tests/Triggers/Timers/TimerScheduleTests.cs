using EduFlows.Triggers.Timers;

namespace EduFlows.Tests.Triggers.Timers;

public sealed class TimerScheduleTests
{
    [Fact]
    public void NextAfter_MonthlyDispatchInShanghai_IsNineOClockLocalOnTheFirst()
    {
        var schedule = TimerSchedule.Parse("0 0 9 1 * *", "Asia/Shanghai");

        var next = schedule.NextAfter(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 2, 1, 1, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_Day31_SkipsMonthsWithoutIt()
    {
        var schedule = TimerSchedule.Parse("0 0 0 31 * *", "Asia/Shanghai");

        var next = schedule.NextAfter(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.FromHours(8)), next);
    }

    [Fact]
    public void NextAfter_LocalTimeSkippedBySpringForward_MovesToTheNextDay()
    {
        // 2026-03-08 02:30 does not exist in New York.
        var schedule = TimerSchedule.Parse("0 30 2 * * *", "America/New_York");

        var next = schedule.NextAfter(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4)), next);
    }

    [Fact]
    public void Parse_WindowsZoneId_IsAccepted()
    {
        var schedule = TimerSchedule.Parse("0 0 9 1 1,7 *", "China Standard Time");

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 1, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("0 9 1 * *", "Asia/Shanghai", "six")]
    [InlineData("0 0 25 1 * *", "Asia/Shanghai", "not a valid NCRONTAB")]
    [InlineData("0 0 9 1 * *", "Mars/Olympus", "not a time zone")]
    public void Parse_Invalid_SaysWhatIsWrong(string expression, string zone, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression, zone));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
