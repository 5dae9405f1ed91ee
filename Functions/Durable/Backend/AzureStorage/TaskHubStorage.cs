using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>The storage resources of one task hub, named after it, and their creation.</summary>
internal sealed class TaskHubStorage : IDisposable
{
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    public TaskHubStorage(AzureStorageBackendOptions options, StorageOperationCounter counter)
    {
        string hub = options.TaskHubName;
        string lower = hub.ToLowerInvariant();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions();
        queueOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);

        var tables = new TableServiceClient(options.ConnectionString, tableOptions);
        var queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        var blobs = new BlobServiceClient(options.ConnectionString, blobOptions);

        History = tables.GetTableClient($"{hub}History");
        Instances = tables.GetTableClient($"{hub}Instances");
        Timers = tables.GetTableClient($"{hub}Timers");
        Workers = tables.GetTableClient($"{hub}Workers");
        Poison = tables.GetTableClient($"{hub}Poison");
        WorkItems = queues.GetQueueClient($"{lower}-workitems");
        ControlQueues = [.. Enumerable.Range(0, options.PartitionCount).Select(i => queues.GetQueueClient($"{lower}-control-{i:D2}"))];
        Leases = blobs.GetBlobContainerClient($"{lower}-leases");
        Payloads = blobs.GetBlobContainerClient($"{lower}-payloads");
    }

    public TableClient History { get; }

    public TableClient Instances { get; }

    public TableClient Timers { get; }

    public TableClient Workers { get; }

    public TableClient Poison { get; }

    public QueueClient WorkItems { get; }

    public IReadOnlyList<QueueClient> ControlQueues { get; }

    public BlobContainerClient Leases { get; }

    public BlobContainerClient Payloads { get; }

    /// <summary>Creates the hub's tables, queues and containers once per process.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            var work = new List<Task>
            {
                History.CreateIfNotExistsAsync(cancellationToken),
                Instances.CreateIfNotExistsAsync(cancellationToken),
                Timers.CreateIfNotExistsAsync(cancellationToken),
                Workers.CreateIfNotExistsAsync(cancellationToken),
                Poison.CreateIfNotExistsAsync(cancellationToken),
                WorkItems.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                Leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                Payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            };
            work.AddRange(ControlQueues.Select(q => q.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            await Task.WhenAll(work).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>Forgets that resources exist, so the next call re-creates them (after the storage service lost its data).</summary>
    public void Invalidate() => _created = false;

    public void Dispose() => _createGate.Dispose();
}
