using Azure;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's tables: members, applications, elections with their voter roll and ballot box, contests, cases and events.</summary>
/// <param name="account">The storage account.</param>
/// <param name="hubName">The tables' prefix.</param>
/// <param name="seal">Seals ballots held in the roll; without it no ballot can be cast.</param>
public sealed class AssociationStore(StorageAccount account, string hubName, BallotSeal? seal = null)
{
    // The voter roll's rows, for the one write RecordTable has no call for: a vote's conditional withdrawal.
    private readonly TableClient _roll = account.Tables.GetTableClient(hubName + "HtaVoters");

    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public AssociationStore(string connectionString, string hubName)
        : this(StorageAccount.FromConnectionString(connectionString), hubName)
    {
    }

    /// <summary>Members by staff id.</summary>
    public RecordTable<AssociationMember> Members { get; } = new(account.Tables.GetTableClient(hubName + "HtaMembers"), m => m.StaffId, _ => new Dictionary<string, object?>());

    /// <summary>Applications by id.</summary>
    public RecordTable<MembershipApplication> Applications { get; } = new(account.Tables.GetTableClient(hubName + "HtaApplications"), a => a.Id, a => new Dictionary<string, object?>
    {
        ["StaffId"] = a.StaffId,
        ["Status"] = a.Status.ToString(),
    });

    /// <summary>Elections by id.</summary>
    public RecordTable<Election> Elections { get; } = new(account.Tables.GetTableClient(hubName + "HtaElections"), e => e.Id, _ => new Dictionary<string, object?>());

    /// <summary>Who has voted, one row per member and election; nothing of the choice.</summary>
    public RecordTable<VoterMark> Voters { get; } = new(account.Tables.GetTableClient(hubName + "HtaVoters"), v => v.Id, v => new Dictionary<string, object?> { ["ElectionId"] = v.ElectionId });

    /// <summary>The ballot box: choices under random ids; nothing of the voter.</summary>
    public RecordTable<CastBallot> BallotBox { get; } = new(account.Tables.GetTableClient(hubName + "HtaBallotBox"), b => b.Id, b => new Dictionary<string, object?> { ["ElectionId"] = b.ElectionId });

    /// <summary>Case contests by year.</summary>
    public RecordTable<CaseContest> Contests { get; } = new(account.Tables.GetTableClient(hubName + "HtaContests"), c => c.Id, _ => new Dictionary<string, object?>());

    /// <summary>Submitted cases.</summary>
    public RecordTable<ContestEntry> Entries { get; } = new(account.Tables.GetTableClient(hubName + "HtaEntries"), e => e.Id, e => new Dictionary<string, object?>
    {
        ["ContestId"] = e.ContestId,
        ["AuthorId"] = e.AuthorId,
    });

    /// <summary>Events by id.</summary>
    public RecordTable<SalonEvent> Events { get; } = new(account.Tables.GetTableClient(hubName + "HtaEvents"), e => e.Id, _ => new Dictionary<string, object?>());

    /// <summary>A staff member's applications.</summary>
    public Task<List<MembershipApplication>> ApplicationsOfAsync(string staffId, CancellationToken cancellationToken) =>
        Applications.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken);

    /// <summary>The ballots cast in an election: those in the box and those still held sealed in the roll for their batch, each once.</summary>
    public async Task<List<CastBallot>> BallotsOfAsync(string electionId, CancellationToken cancellationToken)
    {
        var box = await BallotBox.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken).ConfigureAwait(false);
        var held = await HeldAsync(electionId, cancellationToken).ConfigureAwait(false);
        return [.. box.Concat(held.Select(h => h.Ballot)).DistinctBy(b => b.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Casts a member's ballot in one write: the roll's tick with the ballot sealed in it. False when the member has
    /// already voted (nothing is written then).
    /// </summary>
    public Task<bool> CastAsync(string electionId, string memberId, IReadOnlyList<string> choices, DateTimeOffset at, CancellationToken cancellationToken) =>
        Voters.TryAddAsync(new VoterMark(electionId, memberId, at) { Sealed = Sealer.Seal(electionId, choices) }, cancellationToken);

    /// <summary>
    /// Moves the ballots held in the roll to the box once at least <paramref name="atLeast"/> are waiting, while the
    /// election is still <see cref="ElectionStatus.Voting"/> (the count makes the last move itself,
    /// <see cref="MoveLastAsync"/>): each ballot is first taken in the roll, then the box rows are written in the order
    /// of their ids (random, unrelated to voter and time), then the seals cleared in the roll's own order, so neither
    /// table's write times pair a voter with a ballot. Safe to run twice or at once from two places: a ballot's id is
    /// fixed by its seal. Returns how many were moved.
    /// </summary>
    public async Task<int> MoveHeldAsync(string electionId, int atLeast, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(electionId, cancellationToken).ConfigureAwait(false);
        if (held.Count == 0 || held.Count < atLeast)
        {
            return 0;
        }

        // Read after the roll: when the election still reads Voting, every ballot listed was written before the count
        // began, so the count's last move finds it too. One written later is its voter's to withdraw; a batch never takes it.
        if ((await Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false))?.Record.Status != ElectionStatus.Voting)
        {
            return 0;
        }

        return await BoxAsync(electionId, held, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The count's last move, once the election reads <see cref="ElectionStatus.Counting"/>: every ballot still held in
    /// the roll is taken and put in the box (a ballot a batch took and left half-moved included). Returns how many.
    /// </summary>
    public async Task<int> MoveLastAsync(string electionId, CancellationToken cancellationToken) =>
        await BoxAsync(electionId, await HeldAsync(electionId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The ballots in the box (not those still held in the roll).</summary>
    public Task<List<CastBallot>> BoxedAsync(string electionId, CancellationToken cancellationToken) =>
        BallotBox.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    /// <summary>
    /// Withdraws a member's vote written after the count began, unless a batch or the count has already taken it for
    /// the box: true when withdrawn (the roll's row is gone with its seal: not voted, nothing counted, nothing of the
    /// choice kept), false when it is counted. The withdrawal is conditional on the row as read, so it and the taking
    /// never both win.
    /// </summary>
    public async Task<bool> WithdrawAsync(string electionId, string memberId, CancellationToken cancellationToken)
    {
        string id = VoterMark.IdOf(electionId, memberId);
        while (true)
        {
            if (await Voters.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return true;
            }

            if (read.Record.Sealed is null || read.Record.Taken)
            {
                return false;
            }

            try
            {
                // A row that is already gone is not an error here: the count's sweep withdrew it.
                await _roll.DeleteEntityAsync(id, id, read.ETag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Taken (or cleared) since it was read: read it again.
            }
        }
    }

    /// <summary>
    /// After the count is published: withdraws every vote still held and not taken, each written after the count began
    /// by a voter who did not come back to withdraw it (their answer was lost), so no seal stays in the roll.
    /// </summary>
    public async Task WithdrawLeftoversAsync(string electionId, CancellationToken cancellationToken)
    {
        foreach (var (mark, _) in await HeldAsync(electionId, cancellationToken).ConfigureAwait(false))
        {
            if (!mark.Taken)
            {
                await WithdrawAsync(electionId, mark.MemberId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private BallotSeal Sealer => seal ?? throw new InvalidOperationException("The association's store was made without a ballot seal.");

    // Takes each held ballot in the roll (one conditional write each), then writes the taken ones to the box and clears their seals.
    private async Task<int> BoxAsync(string electionId, List<(VoterMark Mark, CastBallot Ballot)> held, CancellationToken cancellationToken)
    {
        var taken = new List<(VoterMark Mark, CastBallot Ballot)>();
        foreach (var (mark, _) in held.OrderBy(h => h.Mark.Id, StringComparer.Ordinal))
        {
            if (await TakeAsync(mark.Id, cancellationToken).ConfigureAwait(false) is { } kept)
            {
                taken.Add((kept, BallotOf(electionId, kept.Sealed!)));
            }
        }

        foreach (var ballot in taken.Select(h => h.Ballot).OrderBy(b => b.Id, StringComparer.Ordinal))
        {
            await BallotBox.PutAsync(ballot, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (mark, _) in taken)
        {
            await Voters.PutAsync(mark with { Sealed = null }, cancellationToken).ConfigureAwait(false);
        }

        return taken.Count;
    }

    // The held ballot taken for the box, or null when it is in the box already or was withdrawn.
    private async Task<VoterMark?> TakeAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await Voters.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } read || read.Record.Sealed is null)
            {
                return null;
            }

            if (read.Record.Taken)
            {
                return read.Record;
            }

            var taken = read.Record with { Taken = true };
            if (await Voters.TryReplaceAsync(taken, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return taken;
            }
        }
    }

    private CastBallot BallotOf(string electionId, string sealedBallot) => new(Sealer.BoxIdOf(sealedBallot), electionId, Sealer.Open(electionId, sealedBallot));

    private async Task<List<(VoterMark Mark, CastBallot Ballot)>> HeldAsync(string electionId, CancellationToken cancellationToken)
    {
        var marks = await VotersOfAsync(electionId, cancellationToken).ConfigureAwait(false);
        return [.. marks.Where(m => m.Sealed is not null).Select(m => (m, BallotOf(electionId, m.Sealed!)))];
    }

    /// <summary>Who has voted in an election.</summary>
    public Task<List<VoterMark>> VotersOfAsync(string electionId, CancellationToken cancellationToken) =>
        Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    /// <summary>The cases of a contest, by code.</summary>
    public async Task<List<ContestEntry>> EntriesOfAsync(string contestId, CancellationToken cancellationToken) =>
        [.. (await Entries.QueryAsync(TableClient.CreateQueryFilter($"ContestId eq {contestId}"), cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Code, StringComparer.Ordinal)];
}
