using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The process's table: one record per school and round.</summary>
public sealed class DeputyRenewalStore(StorageAccount account, string hubName)
{
    /// <summary>Schools' rounds by id.</summary>
    public RecordTable<RenewalRecord> Rounds { get; } = new(account.Tables.GetTableClient(hubName + "DeputyRenewals"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["RoundId"] = r.RoundId,
        ["SchoolId"] = r.SchoolId,
        ["Stage"] = r.Stage,
    });

    /// <summary>Every school's record of a round.</summary>
    public Task<List<RenewalRecord>> OfRoundAsync(string roundId, CancellationToken cancellationToken) =>
        Rounds.QueryAsync(TableClient.CreateQueryFilter($"RoundId eq {roundId}"), cancellationToken);
}
