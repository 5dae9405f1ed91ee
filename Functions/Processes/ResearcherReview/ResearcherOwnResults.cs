using Azure.Data.Tables;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>A researcher's published half-year results and the annual results they make, for /api/me.</summary>
public sealed class ResearcherOwnResults(ResearcherReviewStore store) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var rows = await store.Results.QueryAsync(TableClient.CreateQueryFilter($"ResearcherId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        var found = new List<OwnResult>();
        foreach (var year in rows.GroupBy(r => (r.Period.Year, r.Section)).OrderByDescending(g => g.Key.Year).ThenBy(g => g.Key.Section, StringComparer.Ordinal))
        {
            var (number, section) = year.Key;
            var annual = AnnualScoring.Combine(
                await store.ResultsOfAsync(new ReviewPeriod(number, 1).InstanceId(section), cancellationToken).ConfigureAwait(false),
                await store.ResultsOfAsync(new ReviewPeriod(number, 2).InstanceId(section), cancellationToken).ConfigureAwait(false));
            if (annual.FirstOrDefault(a => a.ResearcherId == staffId) is { } mine)
            {
                found.Add(new OwnResult(
                    "教研员年度考核结果",
                    $"{number}年 {ResearcherReviewActivities.SectionName(section)}",
                    $"年度得分 {ResearcherReviewActivities.Format(mine.Annual)}，第 {mine.Rank} 名（共 {annual.Count} 人）",
                    $"researcher-reviews/annual/{number}/{Uri.EscapeDataString(section)}/mine"));
            }

            foreach (var half in year.OrderByDescending(r => r.Period.Half))
            {
                found.Add(new OwnResult(
                    "教研员半年考核结果",
                    half.Period.Label + ResearcherReviewActivities.SectionName(half.Section),
                    $"总分 {ResearcherReviewActivities.Format(half.Result.Total)}，第 {half.Result.Rank} 名",
                    $"researcher-reviews/{Uri.EscapeDataString(half.ReviewId)}/results/mine"));
            }
        }

        return found;
    }
}
