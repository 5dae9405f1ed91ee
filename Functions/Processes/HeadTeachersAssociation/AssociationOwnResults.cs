using Azure.Data.Tables;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// A staff member's association records for /api/me: their membership (or latest application), their nominations
/// (of them and by them), their cases and awards, each linked to their own association page.
/// </summary>
public sealed class AssociationOwnResults(AssociationStore store, BureauClock clock) : IOwnResults
{
    private const string Page = "head-teachers/mine";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var results = new List<(DateTimeOffset At, OwnResult Result)>();
        if ((await store.Members.GetAsync(staffId, cancellationToken).ConfigureAwait(false))?.Record is { } member)
        {
            results.Add((member.JoinedAt, new OwnResult("班主任学会会员", member.SchoolName, $"{clock.Format(member.JoinedAt)} 入会", Page)));
        }
        else if ((await store.ApplicationsOfAsync(staffId, cancellationToken).ConfigureAwait(false)).MaxBy(a => a.SubmittedAt) is { } application)
        {
            results.Add((application.SubmittedAt, new OwnResult("班主任学会入会申请", $"{clock.Format(application.SubmittedAt)} 提交", AssociationWords.ApplicationZh(application.Status), Page)));
        }

        foreach (var election in await store.Elections.QueryAsync(null, cancellationToken).ConfigureAwait(false))
        {
            string path = $"{Page}#election-{election.Id}";
            foreach (var nomination in election.Nominations.Where(n => n.MemberId == staffId || n.NominatedBy == staffId))
            {
                string summary = nomination.MemberId != staffId
                    ? $"您提名了{nomination.Name}"
                    : election.Results.FirstOrDefault(r => r.MemberId == staffId) is { } tally
                        ? $"得票 {tally.Votes}，{AssociationWords.OutcomeZh(tally)}"
                        : nomination.NominatedBy == staffId ? "自荐为候选人" : "被提名为候选人";
                results.Add((nomination.NominatedAt, new OwnResult("理事会选举提名", election.Title, summary, path)));
            }
        }

        var entries = await store.Entries.QueryAsync(TableClient.CreateQueryFilter($"AuthorId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            if ((await store.Contests.GetAsync(entry.ContestId, cancellationToken).ConfigureAwait(false))?.Record is not { } contest)
            {
                continue;
            }

            var award = contest.Results.FirstOrDefault(r => r.Code == entry.Code);
            string summary = contest.Status switch
            {
                ContestStatus.Awarded when award is { Award: { } prize } => $"{prize}，第 {award.Rank} 名",
                ContestStatus.Awarded => "未获奖",
                ContestStatus.Reviewing => "评审中",
                _ => "已提交",
            };
            results.Add((contest.AwardedAt ?? entry.SubmittedAt, new OwnResult(
                award?.Award is null ? "班主任案例评比投稿" : "班主任案例评比获奖", $"{contest.Title} · {entry.Code} {entry.Title}", summary, $"{Page}#contest-{contest.Id}")));
        }

        return [.. results.OrderByDescending(r => r.At).Select(r => r.Result)];
    }
}
