using EduFlows.Calendar;

namespace EduFlows.Tests.Calendar;

/// <summary>What a year's schedule must be before it is stored.</summary>
public sealed class HolidayScheduleTests
{
    private static HolidaySchedule Valid => new() { Year = 2026, Holidays = [new(2026, 10, 1), new(2026, 10, 3)], AdjustedWorkingDays = [new(2026, 10, 10)] };

    [Fact]
    public void Validate_TheNoticesSchedule_HasNoErrors() => Assert.Empty(Valid.Validate());

    [Fact]
    public void Validate_ADayOutsideTheYear_NamesItsField()
    {
        Assert.Equal(["holidays"], (Valid with { Holidays = [new(2027, 1, 1)] }).Validate().Select(e => e.Field));
        Assert.Equal(["adjustedWorkingDays"], (Valid with { AdjustedWorkingDays = [new(2025, 12, 27)] }).Validate().Select(e => e.Field));
    }

    [Fact]
    public void Validate_AnAdjustedWorkingDayOnAWeekday_IsRefused() =>
        Assert.Equal(["adjustedWorkingDays"], (Valid with { AdjustedWorkingDays = [new(2026, 10, 9)] }).Validate().Select(e => e.Field));

    [Fact]
    public void Validate_ADayBothHolidayAndWorkingDay_IsRefused()
    {
        var errors = (Valid with { Holidays = [new(2026, 10, 10)] }).Validate();

        Assert.Equal(["adjustedWorkingDays"], errors.Select(e => e.Field));
        Assert.Contains("2026-10-10", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("既列为放假又列为调休上班", errors[0].ReasonZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullsAndDuplicatesAndABadYear_AreRefused()
    {
        Assert.Equal(["holidays"], (Valid with { Holidays = null! }).Validate().Select(e => e.Field));
        Assert.Equal(["adjustedWorkingDays"], (Valid with { AdjustedWorkingDays = null! }).Validate().Select(e => e.Field));
        Assert.Equal(["holidays"], (Valid with { Holidays = [new(2026, 10, 1), new(2026, 10, 1)] }).Validate().Select(e => e.Field));
        Assert.Equal(["year", "holidays", "adjustedWorkingDays"], (Valid with { Year = 1999 }).Validate().Select(e => e.Field));
    }
}
