using Azure.Data.Tables;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// A staff member's own renewal or promotion result for /api/me: once the school's round is done (its results then mailed),
/// and only to those the result is mailed to (<see cref="RenewalMails.Hears"/>). Nobody else's result, nor the
/// proposal, the review or the objections, is shown.
/// </summary>
public sealed class RenewalOwnResults(DeputyRenewalStore store) : IOwnResults
{
    private const string Done = "done";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        // A round's row per school and year: a few hundred a year; the person is found among each row's candidates.
        var rounds = await store.Rounds.QueryAsync(TableClient.CreateQueryFilter($"Stage eq {Done}"), cancellationToken).ConfigureAwait(false);
        return [.. rounds
            .SelectMany(r => r.Candidates.Where(c => c.StaffId == staffId && c.Result is not null && RenewalMails.Hears(c)).Select(c => (Round: r, Person: c)))
            .OrderByDescending(x => x.Round.RoundId, StringComparer.Ordinal)
            .ThenBy(x => x.Round.SchoolId, StringComparer.Ordinal)
            .Select(x => new OwnResult(
                "副职续聘提拔结果",
                $"{x.Round.RoundId}年 · {x.Round.SchoolName}",
                $"{RenewalChoices.Zh(x.Person.Result)}（依据：{x.Person.Why ?? "—"}）",
                null))];
    }
}
