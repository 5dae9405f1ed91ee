using System.Globalization;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// The assignment's report as staff read it (<see cref="SecondmentReportPage"/>): its facts; the consents, decisions and
/// how it stopped (事项); the assignment's own move out and back (去向与返回) as a table of its own; and the person's moves
/// in the directory (人员调动), oldest first, also a table of its own, so no move sits among the report's figures.
/// </summary>
/// <param name="Title">The heading ("挂职锻炼 · 钱科员").</param>
/// <param name="Reference">The assignment's id, which the office quotes.</param>
/// <param name="Facts">Label and value pairs.</param>
/// <param name="Events">The consents, decisions and stop, each with its kind (意见征求, 去留决定, 中止).</param>
/// <param name="Placement">The assignment's move out and back, one row.</param>
/// <param name="Moves">The person's moves in the directory, oldest first.</param>
/// <param name="Notes">Rules under the tables.</param>
public sealed record SecondmentReportView(
    string Title,
    string Reference,
    IReadOnlyList<(string Label, string Value)> Facts,
    IReadOnlyList<(string Kind, string Text)> Events,
    SecondmentPlacementRow Placement,
    IReadOnlyList<SecondmentMoveLine> Moves,
    IReadOnlyList<string> Notes)
{
    /// <summary>The report of an assignment, with the person's moves read from the directory.</summary>
    public static SecondmentReportView Of(SecondmentRecord record, SecondmentOptions options, IReadOnlyList<SecondmentMoveLine> moves)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(moves);
        var (plan, state) = (record.Plan, record.State);
        int total = Math.Max(state.TotalMonths, plan.Months);
        var facts = new List<(string, string)>
        {
            ("类别", SecondmentKinds.Zh(plan.Kind)),
            ("人员", plan.PersonName),
            ("派出单位", plan.Home.Name),
            ("接收单位", $"{plan.Host.Name}（{plan.Role}）"),
            ("指导人", plan.MentorName),
            ("期限", $"{Day(plan.Start)} 至 {Day(SecondmentRules.EndDay(plan.Start, total).AddDays(-1))}，共{total}个月" + (state.Extensions > 0 ? $"（原定{plan.Months}个月，延期{state.Extensions}次）" : "（未延期）")),
            ("状态", SecondmentStages.Zh(state.Stage)),
            ("月度报告", $"已交{state.CheckInsDone}次" + (state.CheckInsMissed.Count > 0 ? $"，第{string.Join("、", state.CheckInsMissed)}个月未交" : string.Empty)),
            ("中期评价", SecondmentTasks.GradeZh(state.MidTermGrade)),
            ("期满评价", SecondmentTasks.GradeZh(state.FinalGrade)),
        };
        IReadOnlyList<(string, string)> events =
        [
            .. state.Consents.Select(c => ("意见征求", c)),
            .. state.Decisions.Select(d => ("去留决定", d)),
            .. state.Stopped is { } stopped ? [(state.Stage == SecondmentStages.Purged ? "已清除" : "中止", stopped)] : Array.Empty<(string, string)>(),
        ];
        return new SecondmentReportView(
            $"{SecondmentKinds.Zh(plan.Kind)} · {plan.PersonName}",
            plan.SecondmentId,
            facts,
            events,
            SecondmentPlacementRow.Of(record),
            moves,
            [SecondmentRules.RuleZh(options)]);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
