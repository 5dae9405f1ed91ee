using EduFlows.Storage;

namespace EduFlows.Processes.Secondment;

/// <summary>The process's table: one record per assignment.</summary>
public sealed class SecondmentStore(StorageAccount account, string hubName)
{
    /// <summary>Assignments by id.</summary>
    public RecordTable<SecondmentRecord> Assignments { get; } = new(account.Tables.GetTableClient(hubName + "Secondments"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["Kind"] = r.Plan.Kind,
        ["PersonId"] = r.Plan.PersonId,
        ["Stage"] = r.State.Stage,
        ["Year"] = r.Plan.Start.Year,
    });
}
