namespace EduFlows.Processes.Secondment;

/// <summary>The assignment's timetable and the extension rule: plain C#, no clock and no I/O.</summary>
public static class SecondmentRules
{
    /// <summary>The month the host mentor's mid-term evaluation comes with (half the months first agreed, at least the first).</summary>
    public static int MidTermMonth(int months) => Math.Max(1, months / 2);

    /// <summary>The month the return-or-extend decision comes with: the last but one (the only one of a one-month assignment).</summary>
    public static int DecisionMonth(int totalMonths) => Math.Max(1, totalMonths - 1);

    /// <summary>The day after the assignment's last day: the day the person returns (or stays).</summary>
    public static DateOnly EndDay(DateOnly start, int totalMonths) => start.AddMonths(totalMonths);

    /// <summary>The day a month's check-in is due: the day before the month's anniversary of the start.</summary>
    public static DateOnly CheckInDueDay(DateOnly start, int month) => start.AddMonths(month).AddDays(-1);

    /// <summary>The day a month's check-in (and the evaluations and decision that come with it) opens.</summary>
    public static DateOnly CheckInOpensDay(DateOnly start, int month, SecondmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CheckInDueDay(start, month).AddDays(-options.CheckInDays);
    }

    /// <summary>
    /// The extension rule: at most <see cref="SecondmentOptions.MaxExtensions"/> extensions, each of 1 to
    /// <see cref="SecondmentOptions.MaxExtensionMonths"/> months (an extension asked without a length gets the most).
    /// </summary>
    /// <returns>The months granted, or 0 with the reason (zh-CN) when the rule allows none.</returns>
    public static (int Months, string? Refused) Extension(int extensionsSoFar, int? asked, SecondmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (extensionsSoFar >= options.MaxExtensions)
        {
            return (0, $"已延期{extensionsSoFar}次，按规定最多延期{options.MaxExtensions}次");
        }

        int months = asked ?? options.MaxExtensionMonths;
        return months < 1 || months > options.MaxExtensionMonths
            ? (0, $"延期须为1至{options.MaxExtensionMonths}个月")
            : (months, null);
    }

    /// <summary>The rule as staff read it, for forms and reports.</summary>
    public static string RuleZh(SecondmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"期满前一个月由教育局决定返回或延期；最多延期{options.MaxExtensions}次，每次不超过{options.MaxExtensionMonths}个月；未作决定的按期返回。";
    }
}
