using Azure.Data.Tables;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// A staff member's own exchanges and secondments for /api/me: stage, host, dates and extensions, linked to the
/// month's report (their open check-in task) while one is waiting. The assignment's report page is the office's, so there is no
/// other link; the mentor's grades and the heads' consents are not shown.
/// </summary>
public sealed class SecondmentOwnResults(SecondmentStore store, TaskDesk desk, TimeProvider time) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var assignments = await store.Assignments.QueryAsync(TableClient.CreateQueryFilter($"PersonId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        if (assignments.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var reports = (await desk.ForAssigneeAsync(staffId, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Kind == SecondmentTasks.CheckIn.Name && t.Status == StaffTaskStatus.Open && t.DueAt > now)
            .ToLookup(t => t.InstanceId, StringComparer.Ordinal);
        return [.. assignments.OrderByDescending(r => r.Plan.Start).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r =>
        {
            // A report is asked for only while the person is at the host; a task left open of an ended one is not offered.
            var report = r.State.Stage == SecondmentStages.Running ? reports[r.Plan.InstanceId].OrderBy(t => t.DueAt).FirstOrDefault() : null;
            var (zh, en) = Summary(r);
            return new OwnResult(
                SecondmentKinds.Zh(r.Plan.Kind),
                $"{r.Plan.Home.Name}→{r.Plan.Host.Name}（{r.Plan.Role}）",
                zh + (report is null ? string.Empty : "；本月月度报告待提交"),
                report is null ? null : $"tasks/{Uri.EscapeDataString(report.Id)}{desk.Links.For(report).Query}")
            {
                // The units and the role are the bureau's own words, in Chinese in either language.
                English = new OwnResultText(
                    SecondmentKinds.En(r.Plan.Kind),
                    $"{r.Plan.Home.Name} → {r.Plan.Host.Name} ({r.Plan.Role})",
                    en + (report is null ? string.Empty : "; this month's report is due")),
            };
        })];
    }

    // The stage and the dates, in Chinese and in English.
    private static (string Zh, string En) Summary(SecondmentRecord record)
    {
        var (plan, state) = (record.Plan, record.State);
        int total = Math.Max(state.TotalMonths, plan.Months);
        var last = SecondmentRules.EndDay(plan.Start, total).AddDays(-1);
        string extended = state.Extensions > 0 ? $"（原定{plan.Months}个月，延期{state.Extensions}次）" : string.Empty;
        string extendedEn = state.Extensions > 0 ? $" (planned {Months(plan.Months)}, extended {Times(state.Extensions)})" : string.Empty;
        return (
            $"{SecondmentStages.Zh(state.Stage)}；{plan.Start:yyyy-MM-dd} 至 {last:yyyy-MM-dd}，共{total}个月{extended}",
            $"{SecondmentStages.En(state.Stage)}; {plan.Start:yyyy-MM-dd} to {last:yyyy-MM-dd}, {Months(total)}{extendedEn}");
    }

    private static string Months(int months) => months == 1 ? "1 month" : $"{months} months";

    private static string Times(int times) => times == 1 ? "once" : $"{times} times";
}
