using System.Globalization;

namespace EduFlows.Processes.Secondment;

/// <summary>An assignment's move out and back as the report's 去向与返回 table shows it, in Chinese.</summary>
/// <param name="Person">The person's name.</param>
/// <param name="From">The home unit and post, e.g. "组织人事科（机关干部）".</param>
/// <param name="To">The host unit and the role there.</param>
/// <param name="Start">The day they start at the host.</param>
/// <param name="PlannedReturn">The day they are due back, extensions included.</param>
/// <param name="Extension">"未延期", or how many times and by how many months in all.</param>
/// <param name="Returned">Whether and when they came back, stayed, or never went.</param>
public sealed record SecondmentPlacementRow(string Person, string From, string To, string Start, string PlannedReturn, string Extension, string Returned)
{
    /// <summary>The column headings, in the order of the row's cells.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["人员", "派出单位", "接收单位", "到岗日期", "计划返回", "延期", "返回情况"];

    /// <summary>The row's cells, in the order of <see cref="Columns"/>.</summary>
    public IReadOnlyList<string> Cells => [Person, From, To, Start, PlannedReturn, Extension, Returned];

    /// <summary>The row of an assignment as it stands.</summary>
    public static SecondmentPlacementRow Of(SecondmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (plan, state) = (record.Plan, record.State);
        int total = Math.Max(state.TotalMonths, plan.Months);
        string end = Day(SecondmentRules.EndDay(plan.Start, total));
        string returned = state.Stage switch
        {
            SecondmentStages.Consent => "尚未到岗（征求意见中）",
            SecondmentStages.Declined => "未获同意，未调动",
            SecondmentStages.Running => "未返回（在接收单位）",
            SecondmentStages.Returned => $"{end} 返回派出单位",
            SecondmentStages.Stayed => $"{end} 起留任接收单位",
            _ => SecondmentStages.Zh(state.Stage),
        };
        return new SecondmentPlacementRow(
            plan.PersonName,
            plan.Home.Name,
            $"{plan.Host.Name}（{plan.Role}）",
            Day(plan.Start),
            end,
            state.Extensions > 0 ? $"延期{state.Extensions}次，共{total - plan.Months}个月" : "未延期",
            returned);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
