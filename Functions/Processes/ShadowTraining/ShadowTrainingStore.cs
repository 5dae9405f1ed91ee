using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>The process's tables: batches, trainee results, carry-overs to later batches, and the reserve-pool file.</summary>
public sealed class ShadowTrainingStore(StorageAccount account, string hubName)
{
    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public ShadowTrainingStore(string connectionString, string hubName)
        : this(StorageAccount.FromConnectionString(connectionString), hubName)
    {
    }

    /// <summary>Batches by id.</summary>
    public RecordTable<ShadowBatch> Batches { get; } = new(account.Tables.GetTableClient(hubName + "ShadowBatches"), b => b.Id, b => new Dictionary<string, object?>
    {
        ["Status"] = b.Status.ToString(),
        ["Year"] = b.WeekStart.Year,
    });

    /// <summary>Trainee results by batch and trainee.</summary>
    public RecordTable<TraineeRecord> Trainees { get; } = new(account.Tables.GetTableClient(hubName + "ShadowTrainees"), t => t.Id, t => new Dictionary<string, object?>
    {
        ["BatchId"] = t.BatchId,
        ["Year"] = t.WeekStart.Year,
        ["TraineeId"] = t.TraineeId,
        ["Status"] = t.Status.ToString(),
    });

    /// <summary>Trainees waiting for a later batch.</summary>
    public RecordTable<Carryover> Carryovers { get; } = new(account.Tables.GetTableClient(hubName + "ShadowCarryovers"), c => c.Id, c => new Dictionary<string, object?>
    {
        ["TakenBy"] = c.TakenBy ?? string.Empty,
        ["TraineeId"] = c.TraineeId,
    });

    /// <summary>Reserve-pool file entries.</summary>
    public RecordTable<ReservePoolEntry> ReservePoolFile { get; } = new(account.Tables.GetTableClient(hubName + "ReservePoolFile"), e => e.Id, e => new Dictionary<string, object?>
    {
        ["StaffId"] = e.StaffId,
    });

    /// <summary>The results of one batch.</summary>
    public Task<List<TraineeRecord>> TraineesOfBatchAsync(string batchId, CancellationToken cancellationToken) =>
        Trainees.QueryAsync(TableClient.CreateQueryFilter($"BatchId eq {batchId}"), cancellationToken);

    /// <summary>The results of every batch of a year.</summary>
    public Task<List<TraineeRecord>> TraineesOfYearAsync(int year, CancellationToken cancellationToken) =>
        Trainees.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken);

    /// <summary>Trainees waiting for a later batch.</summary>
    public Task<List<Carryover>> WaitingAsync(CancellationToken cancellationToken) =>
        Carryovers.QueryAsync(TableClient.CreateQueryFilter($"TakenBy eq {string.Empty}"), cancellationToken);

    /// <summary>A person's reserve-pool file.</summary>
    public Task<List<ReservePoolEntry>> FileOfAsync(string staffId, CancellationToken cancellationToken) =>
        ReservePoolFile.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken);
}
