using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's tables: members, applications, elections with their voter roll and ballot box, contests, cases and events.</summary>
/// <param name="account">The storage account.</param>
/// <param name="hubName">The tables' prefix.</param>
/// <param name="seal">Seals ballots held in the roll; without it no ballot can be cast.</param>
public sealed class AssociationStore(StorageAccount account, string hubName, BallotSeal? seal = null)
{
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
    /// Casts a member's ballot in one write, the only step a vote needs: the roll's tick with the ballot sealed in it.
    /// Everything after (the batch, the close) is done again by whoever comes next, so a request that dies after the
    /// write has still cast a vote that will be counted once; a retry finds the tick and is told so
    /// (<see cref="CastOutcome.AlreadyCast"/>). A tick cannot be written once the count has closed the roll
    /// (<see cref="CloseRollAsync"/>): that is <see cref="CastOutcome.Closed"/>, and nothing is written.
    /// </summary>
    public async Task<CastOutcome> CastAsync(string electionId, string memberId, IReadOnlyList<string> choices, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var mark = new VoterMark(electionId, memberId, at) { Sealed = Sealer.Seal(electionId, choices) };
        while (true)
        {
            if (await Voters.TryAddAsync(mark, cancellationToken).ConfigureAwait(false))
            {
                return CastOutcome.Cast;
            }

            // Roll rows are never removed, so the row that refused the tick is there to read.
            if (await Voters.GetAsync(mark.Id, cancellationToken).ConfigureAwait(false) is { } read)
            {
                return read.Record.NotVoted ? CastOutcome.Closed : CastOutcome.AlreadyCast;
            }
        }
    }

    /// <summary>
    /// Moves the ballots held in the roll to the box once at least <paramref name="atLeast"/> are waiting, while the
    /// election is still <see cref="ElectionStatus.Voting"/> (the count makes the last move itself,
    /// <see cref="MoveLastAsync"/>): the box rows are written in the order of their ids (random, unrelated to voter and
    /// time), then the seals cleared in the roll's own order, so neither table's write times pair a voter with a ballot.
    /// Safe to run twice, at once from two places, or again after a crash half-way: a ballot's id is fixed by its seal,
    /// and a seal is cleared only after its ballot is in the box. Returns how many were moved.
    /// </summary>
    public async Task<int> MoveHeldAsync(string electionId, int atLeast, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(electionId, cancellationToken).ConfigureAwait(false);
        if (held.Count == 0 || held.Count < atLeast)
        {
            return 0;
        }

        // Once counting, the count's own last move boxes what is left: a batch then would only race it.
        if ((await Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false))?.Record.Status != ElectionStatus.Voting)
        {
            return 0;
        }

        return await BoxAsync(held, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the roll for the count, once the election reads <see cref="ElectionStatus.Counting"/>: every member
    /// without a tick gets a row that holds no ballot (<see cref="VoterMark.NotVoted"/>), so a vote whose request passed
    /// the ballot's checks before the close but writes only now finds its row taken and is refused with nothing written.
    /// Every tick is then older than the close, and the count's last move finds it. Safe to run again.
    /// </summary>
    public async Task CloseRollAsync(string electionId, DateTimeOffset closedAt, CancellationToken cancellationToken)
    {
        var members = await Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var ticked = (await Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken).ConfigureAwait(false))
            .Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            members.Where(m => !ticked.Contains(m.StaffId)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (member, token) => await Voters.TryAddAsync(new VoterMark(electionId, member.StaffId, closedAt) { NotVoted = true }, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// The count's last move, after <see cref="CloseRollAsync"/>: every ballot still held in the roll is put in the box
    /// (one a batch left half-moved included). Returns how many.
    /// </summary>
    public async Task<int> MoveLastAsync(string electionId, CancellationToken cancellationToken) =>
        await BoxAsync(await HeldAsync(electionId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The ballots in the box (not those still held in the roll).</summary>
    public Task<List<CastBallot>> BoxedAsync(string electionId, CancellationToken cancellationToken) =>
        BallotBox.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    private BallotSeal Sealer => seal ?? throw new InvalidOperationException("The association's store was made without a ballot seal.");

    // Writes the held ballots to the box, then clears their seals: a crash between leaves a seal whose ballot is boxed
    // already, and the next move writes the same box row again (same id) before clearing it.
    private async Task<int> BoxAsync(List<(VoterMark Mark, CastBallot Ballot)> held, CancellationToken cancellationToken)
    {
        foreach (var ballot in held.Select(h => h.Ballot).OrderBy(b => b.Id, StringComparer.Ordinal))
        {
            await BallotBox.PutAsync(ballot, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (mark, _) in held.OrderBy(h => h.Mark.Id, StringComparer.Ordinal))
        {
            await Voters.PutAsync(mark with { Sealed = null }, cancellationToken).ConfigureAwait(false);
        }

        return held.Count;
    }

    private CastBallot BallotOf(string electionId, string sealedBallot) => new(Sealer.BoxIdOf(sealedBallot), electionId, Sealer.Open(electionId, sealedBallot));

    private async Task<List<(VoterMark Mark, CastBallot Ballot)>> HeldAsync(string electionId, CancellationToken cancellationToken)
    {
        var marks = await Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken).ConfigureAwait(false);
        return [.. marks.Where(m => m.Sealed is not null).Select(m => (m, BallotOf(electionId, m.Sealed!)))];
    }

    /// <summary>Who has voted in an election (not the rows of members the closed roll found without a vote).</summary>
    public async Task<List<VoterMark>> VotersOfAsync(string electionId, CancellationToken cancellationToken) =>
        [.. (await Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken).ConfigureAwait(false)).Where(m => !m.NotVoted)];

    /// <summary>The cases of a contest, by code.</summary>
    public async Task<List<ContestEntry>> EntriesOfAsync(string contestId, CancellationToken cancellationToken) =>
        [.. (await Entries.QueryAsync(TableClient.CreateQueryFilter($"ContestId eq {contestId}"), cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Code, StringComparer.Ordinal)];
}
