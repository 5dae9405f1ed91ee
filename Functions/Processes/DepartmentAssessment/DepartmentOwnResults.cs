using System.Globalization;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The year results of the departments a staff member heads (as each year's result names its head), for /api/me.</summary>
public sealed class DepartmentOwnResults(AssessmentStore store) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        // A year's results are a row per department: a whole table is a few hundred rows at most.
        var results = await store.YearResults.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. results.Where(r => r.HeadId == staffId).OrderByDescending(r => r.Year).Select(r => new OwnResult(
            "科室千分考核结果",
            $"{r.Year}年度 {r.DepartmentName}",
            string.Create(CultureInfo.InvariantCulture, $"总分 {r.Score.Total:0.##}，第 {r.Score.Rank} 名"),
            $"department-assessment/{r.Year}/mine")
        {
            // The department's name is the bureau's own, in Chinese in either language.
            English = new OwnResultText(
                "Department assessment result",
                string.Create(CultureInfo.InvariantCulture, $"{r.Year} · {r.DepartmentName}"),
                string.Create(CultureInfo.InvariantCulture, $"total {r.Score.Total:0.##} of 1000, rank {r.Score.Rank}")),
        })];
    }
}
