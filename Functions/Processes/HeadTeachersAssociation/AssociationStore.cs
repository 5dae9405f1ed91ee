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
    /// Casts a member's ballot in one write: the roll's tick with the ballot sealed in it. False when the member has
    /// already voted (nothing is written then).
    /// </summary>
    public Task<bool> CastAsync(string electionId, string memberId, IReadOnlyList<string> choices, DateTimeOffset at, CancellationToken cancellationToken) =>
        Voters.TryAddAsync(new VoterMark(electionId, memberId, at) { Sealed = Sealer.Seal(electionId, choices) }, cancellationToken);

    /// <summary>
    /// Moves the ballots held in the roll to the box once at least <paramref name="atLeast"/> are waiting: the box
    /// rows in the order of their ids (random, unrelated to voter and time), then the seals cleared in the roll's own
    /// order, so neither table's write times pair a voter with a ballot. Safe to run twice or at once from two places:
    /// a ballot's id is fixed by its seal. Returns how many were moved.
    /// </summary>
    public async Task<int> MoveHeldAsync(string electionId, int atLeast, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(electionId, cancellationToken).ConfigureAwait(false);
        if (held.Count == 0 || held.Count < atLeast)
        {
            return 0;
        }

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

    private BallotSeal Sealer => seal ?? throw new InvalidOperationException("The association's store was made without a ballot seal.");

    private async Task<List<(VoterMark Mark, CastBallot Ballot)>> HeldAsync(string electionId, CancellationToken cancellationToken)
    {
        var marks = await VotersOfAsync(electionId, cancellationToken).ConfigureAwait(false);
        return [.. marks.Where(m => m.Sealed is not null).Select(m => (m, new CastBallot(Sealer.BoxIdOf(m.Sealed!), electionId, Sealer.Open(electionId, m.Sealed!))))];
    }

    /// <summary>Who has voted in an election.</summary>
    public Task<List<VoterMark>> VotersOfAsync(string electionId, CancellationToken cancellationToken) =>
        Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    /// <summary>The cases of a contest, by code.</summary>
    public async Task<List<ContestEntry>> EntriesOfAsync(string contestId, CancellationToken cancellationToken) =>
        [.. (await Entries.QueryAsync(TableClient.CreateQueryFilter($"ContestId eq {contestId}"), cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Code, StringComparer.Ordinal)];
}
