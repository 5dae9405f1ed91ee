using Azure.Data.Tables;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Storage;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The pool's tables: the members (<c>{hub}ReservePool</c>) and each person's file (<c>{hub}ReservePoolFile</c>, the
/// table shadow training already writes its certificates to; other processes append their entries the same way).
/// </summary>
public sealed class ReservePoolStore(StorageAccount account, string hubName)
{
    // The secondment process's assignments, read only: a file shows them from there, so they are kept in one place.
    private readonly SecondmentStore secondments = new(account, hubName);

    /// <summary>Members by pool and person.</summary>
    public RecordTable<PoolMember> Members { get; } = new(account.Tables.GetTableClient(hubName + "ReservePool"), m => m.Id, m => new Dictionary<string, object?>
    {
        ["StaffId"] = m.StaffId,
        ["Pool"] = m.Pool,
        ["Active"] = m.Active,
    });

    /// <summary>File entries, by person, kind and reference.</summary>
    public RecordTable<ReservePoolEntry> File { get; } = new(account.Tables.GetTableClient(hubName + "ReservePoolFile"), e => e.Id, e => new Dictionary<string, object?>
    {
        ["StaffId"] = e.StaffId,
    });

    /// <summary>Every member, active or not.</summary>
    public Task<List<PoolMember>> AllAsync(CancellationToken cancellationToken) => Members.QueryAsync(null, cancellationToken);

    /// <summary>The members still in the pool.</summary>
    public Task<List<PoolMember>> ActiveAsync(CancellationToken cancellationToken) =>
        Members.QueryAsync(TableClient.CreateQueryFilter($"Active eq {true}"), cancellationToken);

    /// <summary>A person's pool rows (one per pool they are in or were in).</summary>
    public Task<List<PoolMember>> MembershipsOfAsync(string staffId, CancellationToken cancellationToken) =>
        Members.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken);

    /// <summary>A person's file entries, oldest first.</summary>
    public async Task<List<ReservePoolEntry>> FileOfAsync(string staffId, CancellationToken cancellationToken) =>
        [.. (await File.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Date).ThenBy(e => e.Id, StringComparer.Ordinal)];

    /// <summary>A person's exchanges and secondments as the secondment process keeps them (read only).</summary>
    public Task<List<SecondmentRecord>> SecondmentsOfAsync(string staffId, CancellationToken cancellationToken) =>
        secondments.Assignments.QueryAsync(TableClient.CreateQueryFilter($"PersonId eq {staffId}"), cancellationToken);
}
