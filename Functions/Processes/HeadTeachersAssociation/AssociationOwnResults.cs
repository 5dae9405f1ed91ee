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
            results.Add((member.JoinedAt, new OwnResult("班主任学会会员", member.SchoolName, $"{clock.Format(member.JoinedAt)} 入会", Page)
            {
                English = new OwnResultText("Head-teachers' association member", member.SchoolName, $"joined {clock.Format(member.JoinedAt)}"),
            }));
        }
        else if ((await store.ApplicationsOfAsync(staffId, cancellationToken).ConfigureAwait(false)).MaxBy(a => a.SubmittedAt) is { } application)
        {
            results.Add((application.SubmittedAt, new OwnResult("班主任学会入会申请", $"{clock.Format(application.SubmittedAt)} 提交", AssociationWords.ApplicationZh(application.Status), Page)
            {
                English = new OwnResultText("Head-teachers' association application", $"sent {clock.Format(application.SubmittedAt)}", AssociationWords.ApplicationEn(application.Status)),
            }));
        }

        foreach (var election in await store.Elections.QueryAsync(null, cancellationToken).ConfigureAwait(false))
        {
            string path = $"{Page}#election-{election.Id}";
            foreach (var nomination in election.Nominations.Where(n => n.MemberId == staffId || n.NominatedBy == staffId))
            {
                var tally = nomination.MemberId == staffId ? election.Results.FirstOrDefault(r => r.MemberId == staffId) : null;
                var (summary, summaryEn) = nomination.MemberId != staffId
                    ? ($"您提名了{nomination.Name}", $"you nominated {nomination.Name}")
                    : tally is not null
                        ? ($"得票 {tally.Votes}，{AssociationWords.OutcomeZh(tally)}", $"{tally.Votes} votes, {AssociationWords.OutcomeEn(tally)}")
                        : nomination.NominatedBy == staffId ? ("自荐为候选人", "you put yourself forward as a candidate") : ("被提名为候选人", "nominated as a candidate");
                // The election's title is the association's own, in Chinese in either language.
                results.Add((nomination.NominatedAt, new OwnResult("理事会选举提名", election.Title, summary, path)
                {
                    English = new OwnResultText("Council election nomination", election.Title, summaryEn),
                }));
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
            var (summary, summaryEn) = contest.Status switch
            {
                ContestStatus.Awarded when award is { Award: { } prize } => ($"{prize}，第 {award.Rank} 名", $"{AssociationWords.AwardEn(prize)}, rank {award.Rank}"),
                ContestStatus.Awarded => ("未获奖", "no award"),
                ContestStatus.Reviewing => ("评审中", "under review"),
                _ => ("已提交", "submitted"),
            };
            // The contest's and the case's titles are the association's and the author's own words.
            string title = $"{contest.Title} · {entry.Code} {entry.Title}";
            results.Add((contest.AwardedAt ?? entry.SubmittedAt, new OwnResult(
                award?.Award is null ? "班主任案例评比投稿" : "班主任案例评比获奖", title, summary, $"{Page}#contest-{contest.Id}")
            {
                English = new OwnResultText(award?.Award is null ? "Head-teacher case contest entry" : "Head-teacher case contest award", title, summaryEn),
            }));
        }

        return [.. results.OrderByDescending(r => r.At).Select(r => r.Result)];
    }
}
