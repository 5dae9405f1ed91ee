using System.Globalization;
using EduFlows.Workbench;

namespace EduFlows.Processes.Secondment.Office;

/// <summary>The secondment list as its download has it: a row per assignment, running ones first, in the bureau's words.</summary>
internal static class SecondmentListTable
{
    /// <summary>
    /// Who, from where to where, the term (months and extensions as numbers), the stage with the month reached and the
    /// check-ins done and missed (numbers), both grades, the return-or-extend decisions, how it stopped early if it did,
    /// and the open tasks it waits on.
    /// </summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Of(
        IEnumerable<SecondmentRecord> assignments, IReadOnlyDictionary<string, IReadOnlyList<OpenTaskRow>> nextSteps)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(nextSteps);
        string[] header =
        [
            "编号", "类别", "人员编号", "姓名", "派出单位", "原岗位", "接收单位", "挂职岗位", "指导人", "到岗日期", "期限（月）", "延期次数",
            "阶段", "当前月份", "已交月报", "缺交月报", "中期评价", "期满评价", "去留决定", "中止情况", "待办",
        ];
        var rows = assignments.Select(a =>
        {
            var (plan, state) = (a.Plan, a.State);
            bool running = state.Stage == SecondmentStages.Running;
            return (IReadOnlyList<object?>)
            [
                a.Id, SecondmentKinds.Zh(plan.Kind), plan.PersonId, plan.PersonName, plan.Home.Name, plan.HomePost, plan.Host.Name, plan.Role, plan.MentorName,
                plan.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Max(state.TotalMonths, plan.Months), state.Extensions,
                SecondmentStages.Zh(state.Stage), running ? Math.Min(state.Month, Math.Max(state.TotalMonths, plan.Months)) : null, state.CheckInsDone, state.CheckInsMissed.Count,
                state.MidTermGrade is null ? null : SecondmentTasks.GradeZh(state.MidTermGrade), state.FinalGrade is null ? null : SecondmentTasks.GradeZh(state.FinalGrade),
                string.Join("；", state.Decisions), state.Stopped,
                string.Join("；", (nextSteps.GetValueOrDefault(a.Id) ?? []).Select(t => $"{t.Subject}（{t.AssigneeName}，{(t.Overdue ? "已逾期" : "截止")} {t.Due}）")),
            ];
        }).ToList();
        return (header, rows);
    }
}
