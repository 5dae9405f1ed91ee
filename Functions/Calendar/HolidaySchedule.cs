using EduFlows.Hosting;

namespace EduFlows.Calendar;

/// <summary>
/// One year's public holidays and adjusted working days (调休) as the State Council's notice (国务院办公厅关于某年部分节假日安排的通知)
/// sets them. Stored per year in the shared calendar; every "N working days" in every process counts on it.
/// </summary>
public sealed record HolidaySchedule
{
    /// <summary>The year.</summary>
    public int Year { get; init; }

    /// <summary>Days off by the notice (放假), weekend days inside a holiday included; every one inside <see cref="Year"/>.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>Saturdays or Sundays that are working days by the notice (调休上班); every one inside <see cref="Year"/>.</summary>
    public IReadOnlyList<DateOnly> AdjustedWorkingDays { get; init; } = [];

    /// <summary>The notice the days come from (e.g. 国办发明电〔2025〕7号), for whoever checks them.</summary>
    public string? Notice { get; init; }

    /// <summary>Every problem, named by field (<c>year</c>, <c>holidays</c>, <c>adjustedWorkingDays</c>); empty when the schedule can be stored.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Year is < 2000 or > 2100)
        {
            errors.Add(new("year", "must be between 2000 and 2100.") { ReasonZh = "年份须在 2000 至 2100 之间。" });
        }

        if (Holidays is null || AdjustedWorkingDays is null)
        {
            errors.Add(new(Holidays is null ? "holidays" : "adjustedWorkingDays", "is required (null given).") { ReasonZh = "不能为空。" });
            return errors;
        }

        foreach (var (field, days) in new[] { ("holidays", Holidays), ("adjustedWorkingDays", AdjustedWorkingDays) })
        {
            if (days.Where(d => d.Year != Year).Order().ToList() is [var outside, ..])
            {
                errors.Add(new(field, $"{outside:yyyy-MM-dd} is not a day of {Year}.") { ReasonZh = $"{outside:yyyy-MM-dd} 不在 {Year} 年内。" });
            }
        }

        if (AdjustedWorkingDays.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Order().ToList() is [var weekday, ..])
        {
            errors.Add(new("adjustedWorkingDays", $"{weekday:yyyy-MM-dd} is a weekday; an adjusted working day must be a Saturday or Sunday.") { ReasonZh = $"{weekday:yyyy-MM-dd} 本是工作日；调休上班日须为周六或周日。" });
        }

        if (Holidays.Intersect(AdjustedWorkingDays).Order().ToList() is [var both, ..])
        {
            errors.Add(new("adjustedWorkingDays", $"{both:yyyy-MM-dd} is listed both as a holiday and as a working day.") { ReasonZh = $"{both:yyyy-MM-dd} 既列为放假又列为调休上班。" });
        }

        if (Holidays.Count != Holidays.Distinct().Count())
        {
            errors.Add(new("holidays", "lists a day twice.") { ReasonZh = "同一天列了两次。" });
        }

        if (AdjustedWorkingDays.Count != AdjustedWorkingDays.Distinct().Count())
        {
            errors.Add(new("adjustedWorkingDays", "lists a day twice.") { ReasonZh = "同一天列了两次。" });
        }

        if (Notice is { Length: > 200 })
        {
            errors.Add(new("notice", "must be at most 200 characters.") { ReasonZh = "不超过 200 个字符。" });
        }

        return errors;
    }
}
