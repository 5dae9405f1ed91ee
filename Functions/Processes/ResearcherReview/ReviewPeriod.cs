using System.Globalization;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>A half year: H1 is January to June, H2 July to December (bureau-local dates).</summary>
/// <param name="Year">The year.</param>
/// <param name="Half">1 or 2.</param>
public sealed record ReviewPeriod(int Year, int Half)
{
    /// <summary>The first day.</summary>
    public DateOnly Start => new(Year, Half == 1 ? 1 : 7, 1);

    /// <summary>The last day.</summary>
    public DateOnly End => Half == 1 ? new(Year, 6, 30) : new(Year, 12, 31);

    /// <summary>"2026H2".</summary>
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Year}H{Half}");

    /// <summary>"2026年下半年".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Year}年{(Half == 1 ? "上" : "下")}半年");

    /// <summary>Whether a date falls in the half year.</summary>
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>The review's instance id, e.g. "researcher-review-2026H2-junior".</summary>
    public string InstanceId(string section) => $"researcher-review-{Code}-{section}";

    /// <summary>The half year that ended most recently before <paramref name="today"/> (on 1 July: H1 of the year; on 1 January: H2 of the year before).</summary>
    public static ReviewPeriod JustEnded(DateOnly today) => today.Month <= 6 ? new(today.Year - 1, 2) : new(today.Year, 1);

    /// <summary>The half year a date falls in.</summary>
    public static ReviewPeriod Containing(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 2);
}
