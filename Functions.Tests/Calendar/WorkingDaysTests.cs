using System.Text.Json;
using EduFlows.Calendar;

namespace EduFlows.Tests.Calendar;

/// <summary>The shared working days on the State Council's 2017 and 2026 schedules (the repository's data file).</summary>
public sealed class WorkingDaysTests
{
    private static WorkingDays CreateSut() => new(CalendarSeed.Schedules);

    [Fact]
    public void DataFile_Has2017And2026_EachValidAndCitingItsNotice_And2027IsMissingNotGuessed()
    {
        var sut = CreateSut();

        Assert.All(CalendarSeed.Schedules, s => Assert.Empty(s.Validate()));
        Assert.All(CalendarSeed.Schedules, s => Assert.Contains("国办发明电", s.Notice, StringComparison.Ordinal));
        Assert.Equal([2027], sut.MissingYears(2026, 2027));
        Assert.Equal([], sut.MissingYears(2017, 2017));
    }

    [Theory]
    [InlineData("2017-01-22", true)]  // Sunday, 调休 before Spring Festival
    [InlineData("2017-01-27", false)] // 除夕, Friday
    [InlineData("2017-01-30", false)] // Monday inside the holiday
    [InlineData("2017-02-02", false)]
    [InlineData("2017-02-03", true)]
    [InlineData("2017-02-04", true)]  // Saturday, 调休
    [InlineData("2017-09-30", true)]  // Saturday, 调休 before National Day
    [InlineData("2017-10-06", false)]
    [InlineData("2017-10-08", false)] // Sunday, the 8th day of the 2017 holiday
    [InlineData("2017-10-09", true)]
    [InlineData("2026-02-14", true)]  // Saturday, 调休
    [InlineData("2026-02-16", false)]
    [InlineData("2026-02-23", false)] // Monday, last day of the 9-day holiday
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]  // Saturday, 调休
    [InlineData("2026-09-20", true)]  // Sunday, 调休
    [InlineData("2026-10-01", false)]
    [InlineData("2026-10-07", false)]
    [InlineData("2026-10-10", true)]  // Saturday, 调休
    [InlineData("2026-10-11", false)] // an ordinary Sunday
    public void IsWorkingDay_FollowsTheNotice(string day, bool working) =>
        Assert.Equal(working, CreateSut().IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2017-01-26", 1, "2017-02-03")] // across the 2017 Spring Festival week
    [InlineData("2017-01-26", 2, "2017-02-04")]
    [InlineData("2017-01-26", 5, "2017-02-08")]
    [InlineData("2017-09-29", 1, "2017-09-30")] // National Day 2017
    [InlineData("2017-09-29", 2, "2017-10-09")]
    [InlineData("2017-10-09", -1, "2017-09-30")]
    [InlineData("2026-02-13", 1, "2026-02-14")] // Spring Festival 2026
    [InlineData("2026-02-13", 2, "2026-02-24")]
    [InlineData("2026-02-13", 6, "2026-02-28")]
    [InlineData("2026-09-30", 1, "2026-10-08")] // National Day 2026
    [InlineData("2026-09-30", 3, "2026-10-10")]
    [InlineData("2026-09-30", 5, "2026-10-13")]
    [InlineData("2026-10-03", 0, "2026-10-03")]
    public void AddWorkingDays_SkipsHolidays_AndCountsAdjustedWorkingDays(string from, int n, string expected)
    {
        var day = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CreateSut().AddWorkingDays(day, n));
    }

    [Fact]
    public void DueAfter_Is1800BeijingOnTheNthWorkingDay_OfTheBeijingDay()
    {
        var sut = CreateSut();

        // 02:00 UTC 30 September is 10:00 Beijing: five working days on is Tuesday 13 October, 18:00 Beijing = 10:00 UTC.
        Assert.Equal(new DateTime(2026, 10, 13, 10, 0, 0, DateTimeKind.Utc), sut.DueAfter(new DateTime(2026, 9, 30, 2, 0, 0, DateTimeKind.Utc), 5));
        // 17:00 UTC 29 September is already 30 September in Beijing: one working day on is Thursday 8 October.
        Assert.Equal(new DateTime(2026, 10, 8, 10, 0, 0, DateTimeKind.Utc), sut.DueAfter(new DateTime(2026, 9, 29, 17, 0, 0, DateTimeKind.Utc), 1));
    }

    [Fact]
    public void AYearWithoutData_CountsMondayToFridayOnly()
    {
        // 1 January 2027 is a Friday; with no 2027 schedule it counts as a working day and is reported missing.
        var sut = CreateSut();

        Assert.True(sut.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.Equal(new DateOnly(2027, 1, 4), sut.AddWorkingDays(new DateOnly(2026, 12, 31), 2));
        Assert.False(sut.HasDataFor(2027));
    }

    [Fact]
    public void With_AddsABureausOwnDays_OnTopOfTheNationalOnes()
    {
        var sut = CreateSut().With(new HolidaySchedule { Year = 2026, Holidays = [new(2026, 10, 8)] });

        Assert.Equal(new DateOnly(2026, 10, 9), sut.AddWorkingDays(new DateOnly(2026, 9, 30), 1));
    }

    [Fact]
    public void SerialisedAsTheActivityHandsItToAnOrchestrator_CountsTheSame()
    {
        var sut = CreateSut().InZone("Asia/Shanghai");

        var copy = JsonSerializer.Deserialize<WorkingDays>(JsonSerializer.Serialize(sut))!;

        Assert.Equal("Asia/Shanghai", copy.TimeZone);
        Assert.Equal(sut.DueAfter(new DateTime(2017, 1, 26, 1, 0, 0, DateTimeKind.Utc), 5), copy.DueAfter(new DateTime(2017, 1, 26, 1, 0, 0, DateTimeKind.Utc), 5));
        Assert.Equal(new DateTime(2017, 2, 8, 10, 0, 0, DateTimeKind.Utc), copy.DueAfter(new DateTime(2017, 1, 26, 1, 0, 0, DateTimeKind.Utc), 5));
    }
}
