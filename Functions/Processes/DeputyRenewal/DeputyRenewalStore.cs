using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The process's tables: one record per school and round, and one row per objection raised in a school's notice.</summary>
public sealed class DeputyRenewalStore(StorageAccount account, string hubName)
{
    /// <summary>Schools' rounds by id, as stored: objections neither listed nor counted, their lines in <see cref="Objections"/>.</summary>
    public RecordTable<RenewalRecord> Rounds { get; } = new(account.Tables.GetTableClient(hubName + "DeputyRenewals"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["RoundId"] = r.RoundId,
        ["SchoolId"] = r.SchoolId,
        ["Stage"] = r.Stage,
    });

    /// <summary>The objections of every school's round, one row each.</summary>
    public RenewalObjectionTable Objections { get; } = new(account.Tables.GetTableClient(hubName + "DeputyRenewalObjections"));

    /// <summary>The objections the API accepted, kept before their events are raised, so a round picks up any its events missed.</summary>
    public RenewalReceivedObjections Received { get; } = new(account.Tables.GetTableClient(hubName + "DeputyRenewalReceived"));

    /// <summary>
    /// Writes a school's round as it stands. A record that still carries objection lines (a round that started on the
    /// first path keeps them in the orchestration) has them moved to objection rows first, so its row holds counts only.
    /// </summary>
    public async Task SaveAsync(RenewalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lines = record.Candidates.SelectMany(c => c.Objections.Select(line => (c.StaffId, line))).ToList();
        if (lines.Count > 0)
        {
            await Objections.PutAllAsync(
                [.. lines.Select((o, i) => new RenewalObjectionFinding(record.RoundId, record.SchoolId, i + 1, o.StaffId) { Run = record.Run, Concluded = true, EarlierLine = o.line })],
                cancellationToken).ConfigureAwait(false);
            record = record with { Candidates = [.. record.Candidates.Select(c => c.Objections.Count == 0 ? c : c with { Objections = [] })] };
        }

        await Rounds.PutAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A school's round with each person's objection lines; null when it was never started.</summary>
    public async Task<RenewalRecord?> GetAsync(string roundId, string schoolId, CancellationToken cancellationToken)
    {
        if ((await Rounds.GetAsync(RenewalRecord.IdOf(roundId, schoolId), cancellationToken).ConfigureAwait(false))?.Record is not { } record)
        {
            return null;
        }

        return WithLines(record, await Objections.OfRecordAsync(record.Id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every school's record of a round, each person with their objection lines.</summary>
    public async Task<List<RenewalRecord>> OfRoundAsync(string roundId, CancellationToken cancellationToken)
    {
        var records = await Rounds.QueryAsync(TableClient.CreateQueryFilter($"RoundId eq {roundId}"), cancellationToken).ConfigureAwait(false);
        var objections = (await Objections.OfRoundAsync(roundId, cancellationToken).ConfigureAwait(false)).ToLookup(o => o.RecordId, StringComparer.Ordinal);
        return [.. records.Select(r => WithLines(r, objections[r.Id]))];
    }

    // Both shapes: a record stored before objections had rows keeps its lines; the others take theirs from the rows, of
    // the record's run only (a round started again under its id does not show the earlier run's objections as its own).
    private static RenewalRecord WithLines(RenewalRecord record, IEnumerable<RenewalObjectionFinding> objections)
    {
        var byPerson = objections.Where(o => o.Run == record.Run).OrderBy(o => o.Number).ToLookup(o => o.AgainstStaffId, StringComparer.Ordinal);
        return record with
        {
            Candidates = [.. record.Candidates.Select(c => c.Objections.Count > 0 ? c : c with { Objections = [.. byPerson[c.StaffId].Select(o => o.Line())] })],
        };
    }
}
