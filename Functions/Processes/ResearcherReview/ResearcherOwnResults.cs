using Azure.Data.Tables;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// A researcher's published half-year results and the annual results they make, and their work records of the half year
/// now (linked to the records page), for /api/me; each in Chinese and English.
/// </summary>
public sealed class ResearcherOwnResults(ResearcherReviewStore store, DirectoryStore directory, BureauClock clock, TimeProvider time) : IOwnResults
{
    /// <summary>The path of one's own work records (the half year now), under the route prefix.</summary>
    public const string RecordsPath = "researcher-reviews/records";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var rows = await store.Results.QueryAsync(TableClient.CreateQueryFilter($"ResearcherId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        var found = new List<OwnResult>();
        if (await RecordsAsync(staffId, cancellationToken).ConfigureAwait(false) is { } records)
        {
            found.Add(records);
        }

        foreach (var year in rows.GroupBy(r => (r.Period.Year, r.Section)).OrderByDescending(g => g.Key.Year).ThenBy(g => g.Key.Section, StringComparer.Ordinal))
        {
            var (number, section) = year.Key;
            var annual = AnnualScoring.Combine(
                await store.ResultsOfAsync(new ReviewPeriod(number, 1).InstanceId(section), cancellationToken).ConfigureAwait(false),
                await store.ResultsOfAsync(new ReviewPeriod(number, 2).InstanceId(section), cancellationToken).ConfigureAwait(false));
            if (annual.FirstOrDefault(a => a.ResearcherId == staffId) is { } mine)
            {
                string score = ResearcherReviewActivities.Format(mine.Annual);
                found.Add(new OwnResult(
                    "教研员年度考核结果",
                    $"{number}年 {ResearcherReviewActivities.SectionName(section)}",
                    $"年度得分 {score}，第 {mine.Rank} 名（共 {annual.Count} 人）",
                    $"researcher-reviews/annual/{number}/{Uri.EscapeDataString(section)}/mine")
                {
                    English = new OwnResultText("Researcher annual review result", $"{number}, {SectionEn(section)}", $"annual score {score}, rank {mine.Rank} of {annual.Count}"),
                });
            }

            foreach (var half in year.OrderByDescending(r => r.Period.Half))
            {
                string total = ResearcherReviewActivities.Format(half.Result.Total);
                found.Add(new OwnResult(
                    "教研员半年考核结果",
                    half.Period.Label + ResearcherReviewActivities.SectionName(half.Section),
                    $"总分 {total}，第 {half.Result.Rank} 名",
                    $"researcher-reviews/{Uri.EscapeDataString(half.ReviewId)}/results/mine")
                {
                    English = new OwnResultText("Researcher half-year review result", $"{half.Period.Code}, {SectionEn(half.Section)}", $"total {total}, rank {half.Result.Rank}"),
                });
            }
        }

        return found;
    }

    // A researcher's records of the half year now, counted as the review counts them (withdrawn ones not); nothing for
    // anyone the directory does not list as a researcher.
    private async Task<OwnResult?> RecordsAsync(string staffId, CancellationToken cancellationToken)
    {
        if (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is not { Post: "researcher" })
        {
            return null;
        }

        var period = ReviewPeriod.Containing(clock.DateOf(time.GetUtcNow()));
        var counted = (await store.RecordsOfAsync(staffId, period.Start, period.End, cancellationToken).ConfigureAwait(false)).Where(r => !r.Withdrawn).ToList();
        var kinds = RecordKinds.All.Select(k => (Kind: k, Count: counted.Count(r => r.Kind == k))).Where(k => k.Count > 0).ToList();
        return new OwnResult(
            "教研员过程记录",
            period.Label,
            counted.Count == 0 ? "本半年尚未登记过程记录" : $"已登记 {counted.Count} 条：" + string.Join("，", kinds.Select(k => $"{ResearcherReviewOrchestration.RecordKindName(k.Kind)} {k.Count}")),
            RecordsPath)
        {
            English = new OwnResultText(
                "Researcher work records",
                period.Code,
                counted.Count == 0 ? "nothing logged this half year yet" : $"{counted.Count} logged: " + string.Join(", ", kinds.Select(k => $"{k.Kind} {k.Count}"))),
        };
    }

    private static string SectionEn(string section) => section switch
    {
        "primary" => "primary researchers",
        "junior" => "junior secondary researchers",
        _ => "senior secondary researchers",
    };
}
