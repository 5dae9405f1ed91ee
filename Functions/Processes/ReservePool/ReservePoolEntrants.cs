using System.Globalization;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.OpenSelection;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// Who a selection or a renewal round enters into the pool (the seed: the pool is filled "by selection" — 考选 — and
/// alongside the renewal and promotion of 127 deputies). Pure rules; the processes' activities enter them.
/// </summary>
public static class ReservePoolEntrants
{
    /// <summary>
    /// An appointed selection's entrants: each candidate placed in a post's reserve places (后备), and each appointed to a
    /// post that is itself a reserve place (its name says 后备, e.g. 校长后备人才). A researcher post's (its name says
    /// 教研员) go to the reserve researchers, every other post's to the reserve principals. Empty before the appointment.
    /// </summary>
    public static IReadOnlyList<PoolEntryRequest> Of(SelectionCase selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Appointed is null)
        {
            return [];
        }

        var posts = selection.Announcement.Posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var entrants = new List<PoolEntryRequest>();
        foreach (var ranked in selection.Ranking().OrderBy(r => r.StaffId, StringComparer.Ordinal))
        {
            var post = posts[ranked.PostId];
            bool reservePost = post.Name.Contains("后备", StringComparison.Ordinal);
            string? note = ranked.Standing switch
            {
                Standing.Reserve => $"{post.Name}：后备（岗位第{ranked.Rank}名，总成绩{Total(ranked)}）。",
                Standing.Proposed when reservePost => $"{post.Name}：入选（岗位第{ranked.Rank}名，总成绩{Total(ranked)}）。",
                _ => null,
            };
            if (note is not null)
            {
                string pool = post.Name.Contains("教研员", StringComparison.Ordinal) ? ReservePoolDesk.Researchers : ReservePoolDesk.Principals;
                entrants.Add(new PoolEntryRequest(ranked.StaffId, pool, "selection", $"open-selection-{selection.Id}") { SourceName = selection.Announcement.Title, Note = note });
            }
        }

        return [.. entrants.Where(e => e.Problems().Count == 0)];
    }

    /// <summary>
    /// A finished renewal round's entrants: each mid-level leader promoted to deputy, into the reserve principals (a
    /// deputy being the next step to a principal's post). Renewed deputies are not entered: the round keeps their post,
    /// it does not select them. Empty before the round is done.
    /// </summary>
    public static IReadOnlyList<PoolEntryRequest> Of(RenewalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Stage != "done")
        {
            return [];
        }

        return [.. record.Candidates
            .Where(c => c.Result == RenewalChoices.Promoted)
            .Select(c => new PoolEntryRequest(c.StaffId, ReservePoolDesk.Principals, "renewal", $"deputy-renewal-{record.Id}")
            {
                SourceName = $"{record.RoundId}年副职换届 · {record.SchoolName}",
                Note = $"提拔为{record.SchoolName}副校长。",
            })
            .Where(e => e.Problems().Count == 0)];
    }

    private static string Total(RankedCandidate ranked) => ranked.Total?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";
}
