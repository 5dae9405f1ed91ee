using Azure.Data.Tables;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// A staff member's deputy renewal rounds for /api/me. While a school's promotion notice (公示) is open, the notice
/// itself, linked to its page (which takes the signed-in session), for those it is mailed to: the school's staff in the
/// directory and each person on it. Once the school's round is done (its results then mailed), one's own renewal or
/// promotion result, only to those the result is mailed to (<see cref="RenewalMails.Hears"/>). Nobody else's result,
/// nor the proposal, the review or the objections, is shown.
/// </summary>
public sealed class RenewalOwnResults(DeputyRenewalStore store, DirectoryStore directory, BureauClock clock, TimeProvider time) : IOwnResults
{
    private const string Done = "done";
    private const string Notice = "notice";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var notices = await OpenNoticesAsync(staffId, cancellationToken).ConfigureAwait(false);
        // A round's row per school and year: a few hundred a year; the person is found among each row's candidates.
        var rounds = await store.Rounds.QueryAsync(TableClient.CreateQueryFilter($"Stage eq {Done}"), cancellationToken).ConfigureAwait(false);
        return [.. notices, .. rounds
            .SelectMany(r => r.Candidates.Where(c => c.StaffId == staffId && c.Result is not null && RenewalMails.Hears(c)).Select(c => (Round: r, Person: c)))
            .OrderByDescending(x => x.Round.RoundId, StringComparer.Ordinal)
            .ThenBy(x => x.Round.SchoolId, StringComparer.Ordinal)
            .Select(x => new OwnResult(
                "副职续聘提拔结果",
                $"{x.Round.RoundId}年 · {x.Round.SchoolName}",
                $"{RenewalChoices.Zh(x.Person.Result)}（依据：{x.Person.Why ?? "—"}）",
                null)
            {
                // The school's name is the bureau's own, in Chinese in either language.
                English = new OwnResultText(
                    "Deputy renewal or promotion result",
                    $"{x.Round.RoundId} · {x.Round.SchoolName}",
                    $"{RenewalChoices.En(x.Person.Result)} ({RenewalReasons.InEnglish(x.Person.Why)})"),
            })];
    }

    // The notices open now (as the notice page takes them: stage notice, objections not closed) of the person's school
    // in the directory or naming them, newest round first.
    private async Task<IReadOnlyList<OwnResult>> OpenNoticesAsync(string staffId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = (await store.Rounds.QueryAsync(TableClient.CreateQueryFilter($"Stage eq {Notice}"), cancellationToken).ConfigureAwait(false))
            .Where(r => r.NoticeEndsAt is not { } endsAt || now < endsAt)
            .ToList();
        if (open.Count == 0)
        {
            return [];
        }

        string? schoolId = (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false))?.SchoolId;
        return [.. open
            .Where(r => r.SchoolId == schoolId || r.OnNotice().Any(c => c.StaffId == staffId))
            .OrderByDescending(r => r.RoundId, StringComparer.Ordinal)
            .ThenBy(r => r.SchoolId, StringComparer.Ordinal)
            .Select(r => new OwnResult(
                "提拔人选公示",
                $"{r.RoundId}年 · {r.SchoolName}",
                Summary(r, staffId, "zh-CN"),
                RenewalNoticeLinks.PathOf(r.RoundId, r.SchoolId))
            {
                English = new OwnResultText("Promotion notice", $"{r.RoundId} · {r.SchoolName}", Summary(r, staffId, "en")),
            })];
    }

    private string Summary(RenewalRecord record, string staffId, string culture)
    {
        var onNotice = record.OnNotice();
        bool en = culture == "en";
        string closes = record.NoticeEndsAt is { } endsAt ? clock.FormatForStaff(new DateTimeOffset(DateTime.SpecifyKind(endsAt, DateTimeKind.Utc)), culture) : "—";
        bool named = onNotice.Any(c => c.StaffId == staffId);
        if (en)
        {
            string people = onNotice.Count == 1 ? "1 person" : $"{onNotice.Count} people";
            return $"on notice: {people} proposed for deputy principal{(named ? ", you among them" : string.Empty)}; objections close {closes}";
        }

        return $"公示中：拟提拔{onNotice.Count}人为副校长{(named ? "，您是拟提拔人选之一" : string.Empty)}；异议截止{closes}";
    }
}
