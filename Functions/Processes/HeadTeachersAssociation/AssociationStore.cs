using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's tables: members, applications, elections with their voter roll and ballot box, contests, cases and events.</summary>
public sealed class AssociationStore(StorageAccount account, string hubName)
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

    /// <summary>The ballots of an election.</summary>
    public Task<List<CastBallot>> BallotsOfAsync(string electionId, CancellationToken cancellationToken) =>
        BallotBox.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    /// <summary>Who has voted in an election.</summary>
    public Task<List<VoterMark>> VotersOfAsync(string electionId, CancellationToken cancellationToken) =>
        Voters.QueryAsync(TableClient.CreateQueryFilter($"ElectionId eq {electionId}"), cancellationToken);

    /// <summary>The cases of a contest, by code.</summary>
    public async Task<List<ContestEntry>> EntriesOfAsync(string contestId, CancellationToken cancellationToken) =>
        [.. (await Entries.QueryAsync(TableClient.CreateQueryFilter($"ContestId eq {contestId}"), cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Code, StringComparer.Ordinal)];
}
