using System.Threading.Channels;
using Azure;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// The production backend: instances live in Azure Table Storage (history, state and outbox rows per instance),
/// orchestration messages in partitioned control queues owned through blob leases, activity calls in a work-item
/// queue, durable timers in a table, large payloads in blobs. Runs on Azurite locally.
/// </summary>
/// <remarks>
/// A step's history, state and outgoing messages are committed together (entity-group transactions with the
/// ETag-guarded state row last); messages are sent from the outbox after the commit, so a crash at any point loses
/// nothing, and receivers drop what they already applied. Background work starts with the first call a worker makes.
/// </remarks>
public sealed partial class AzureStorageOrchestrationBackend : IOrchestrationBackend, IAsyncDisposable
{
    private readonly AzureStorageBackendOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StorageOperationCounter _counter = new();
    private readonly TaskHubStorage _storage;
    private readonly PayloadStore _payloads;
    private readonly HistoryTable _history;
    private readonly InstanceProjection _projection;
    private readonly TimerTable _timers;
    private readonly PoisonMessages _poison;
    private readonly CancellationTokenSource _stopping = new();

    // Cancelled first by a stop or a halt: a start under way gives up, and none begins after it.
    private readonly CancellationTokenSource _closing = new();

    // Partitions taken within this time share one scan of the unfinished instances' rows.
    private static readonly TimeSpan UnfinishedScanReuse = TimeSpan.FromSeconds(30);
    private Task<IReadOnlyList<(string InstanceId, Func<OrchestrationInstanceState, bool> IsCurrent)>>? _unfinishedScan;
    private DateTimeOffset _unfinishedScanAt;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly Channel<InstanceSlot> _ready = Channel.CreateUnbounded<InstanceSlot>();
    private PartitionLeaseManager? _leases;
    private Task? _activityFetcher;
    private volatile bool _started;
    private long _queueMessagesReceived;
    private long _instanceLoads;

    /// <summary>Creates the backend; nothing is contacted until the first call.</summary>
    /// <exception cref="ArgumentException">When an option is invalid.</exception>
    public AzureStorageOrchestrationBackend(AzureStorageBackendOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AzureStorageOrchestrationBackend>();
        _storage = new TaskHubStorage(options, _counter);
        _payloads = new PayloadStore(_storage.Payloads, options.BlobThresholdBytes);
        _history = new HistoryTable(_storage.History, _payloads);
        _projection = new InstanceProjection(_storage.Instances, options.BlobThresholdBytes);
        _timers = new TimerTable(_storage.Timers);
        _poison = new PoisonMessages(_storage.Poison, timeProvider);
    }

    /// <summary>Requests sent to storage so far by this backend (retries included).</summary>
    public long StorageOperationCount => _counter.Count;

    /// <summary>Requests sent to storage so far, by kind ("queue put", "queue get", "table batch", …), for tests and benchmarks.</summary>
    internal IReadOnlyDictionary<string, long> StorageOperationsByKind => _counter.ByKind;

    /// <summary>Table queries so far that read across partitions, by table ("History", "Instances", …).</summary>
    internal IReadOnlyDictionary<string, long> StorageScansByTable => _counter.ScansByTable;

    /// <summary>Queue messages taken from control and work-item queues so far (a receive may return several or none).</summary>
    internal long QueueMessagesReceived => Interlocked.Read(ref _queueMessagesReceived);

    /// <summary>Instances loaded from the history table so far (a worker keeps what it loaded while it owns the partition).</summary>
    internal long InstanceLoads => Interlocked.Read(ref _instanceLoads);

    /// <summary>The partitions this worker owns now.</summary>
    public IReadOnlyCollection<int> OwnedPartitions => _leases?.OwnedPartitions ?? [];

    /// <summary>Test hook: runs at named points ("after-commit") and may throw to simulate a crash there.</summary>
    internal Func<string, Task>? FaultInjector { get; set; }

    /// <summary>
    /// Test hook: runs before the last batch of a multi-batch commit that replaces history, so a test can fail that batch
    /// after the earlier ones landed. Its own hook, because tests' <see cref="FaultInjector"/>s react to every point they see.
    /// </summary>
    internal Func<Task>? ReplacingCommitFaultInjector
    {
        get => _history.BeforeLastBatchOfReplacement;
        set => _history.BeforeLastBatchOfReplacement = value;
    }

    /// <summary>
    /// Test hook: runs before a step's commit with the instance and the step, and may throw to simulate a crash there
    /// (the step's messages stay unapplied). Its own hook, because tests' <see cref="FaultInjector"/>s react to every
    /// point they see.
    /// </summary>
    internal Func<string, OrchestrationStep, Task>? CommitFaultInjector { get; set; }

    /// <summary>Test hook: runs before a committed state is written to the instances table, and may throw to fail that write.</summary>
    internal Func<OrchestrationInstanceState, Task>? ProjectionFaultInjector { get; set; }

    /// <summary>
    /// Test hook: runs when this worker keeps the activity calls it just sent for itself, after the message is stored and
    /// before its visibility is renewed, so a test can stop the worker in that gap.
    /// </summary>
    internal Func<Task>? CallsKeptHook { get; set; }

    /// <summary>Test hook: runs after a committed step read its queue message's receipt, before deleting with it.</summary>
    internal Func<Task>? ReceiptReadHook { get; set; }

    /// <summary>
    /// Test hook: runs in a hand-back after storage gave a held message its new receipt, before the backend records it,
    /// with the token that bounds the hand-back.
    /// </summary>
    internal Func<CancellationToken, Task>? ReceiptUpdatedHook { get; set; }

    /// <summary>
    /// Test hook: runs in a renewal of a held control message after storage applied it, with the token the renewal was
    /// sent under, before the backend records the new receipt; throwing when that token is cancelled is what the storage
    /// client does when the cancellation comes while it reads the answer.
    /// </summary>
    internal Func<CancellationToken, Task>? HeldRenewedHook { get; set; }

    /// <summary>
    /// Test hook: runs before each renewal of a partition's lease with the token that bounds it, and may throw to fail that
    /// renewal or wait on the token to stand for a request that never answers.
    /// </summary>
    internal Func<int, CancellationToken, Task>? LeaseRenewalFaultInjector { get; set; }

    /// <summary>Test hook: runs before each heartbeat write with the lease loop's token, and may wait to stand for a slow table.</summary>
    internal Func<CancellationToken, Task>? HeartbeatFaultInjector { get; set; }

    /// <summary>Test hook: runs once a partition has stopped, with the reason, before what it held in memory is settled.</summary>
    internal Func<int, string, Task>? PartitionStoppedHook { get; set; }

    /// <summary>Whether a stop (graceful or a halt) has begun: background work and kept calls are being let go.</summary>
    internal bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Test hook: runs on the client side of a start, after the state row and before the start message.</summary>
    internal Func<Task>? StartFaultInjector { get; set; }

    /// <inheritdoc/>
    public async Task CreateInstanceAsync(OrchestrationInstanceState state, OrchestrationMessage startMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startMessage);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        string packedStart = (await _payloads.PackAsync(StorageJson.Serialize(startMessage), startMessage.InstanceId, cancellationToken).ConfigureAwait(false))!;
        var fresh = await _history.CreateAsync(state, packedStart, cancellationToken).ConfigureAwait(false);
        if (StartFaultInjector is { } fault)
        {
            await fault().ConfigureAwait(false);
        }

        try
        {
            await _projection.UpsertAsync(state, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // The projection is best effort, as on every commit: reads by id repair it; the start message must still go.
        }

        if (startMessage.VisibleAt is { } due && due > _time.GetUtcNow() || !TryStartLocally(state, startMessage, packedStart, fresh))
        {
            await RouteAsync(startMessage.InstanceId, startMessage.Id, packedStart, startMessage.VisibleAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts an instance whose partition this worker owns without a queue message: the start goes to the partition in
    /// memory, and the instance's record is the row just written, so its first step need not read it back.
    /// </summary>
    /// <remarks>
    /// Durable without the message: the state row keeps the start until the instance leaves Pending, and the partition
    /// owner's sweep re-sends starts left Pending (after a crash here); a partition handed over meanwhile sends it at once.
    /// </remarks>
    private bool TryStartLocally(OrchestrationInstanceState state, OrchestrationMessage startMessage, string packedStart, ETag? freshRowETag)
    {
        string id = startMessage.InstanceId;
        var received = new Received(startMessage)
        {
            Settle = (committed, cancellationToken) => committed ? Task.CompletedTask : ResendStartAsync(id, startMessage.Id, packedStart, cancellationToken),
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        lock (_gate)
        {
            if (_halted || !_partitions.TryGetValue(PartitionOf(id), out var owner))
            {
                return false;
            }

            if (!_slots.TryGetValue(id, out var slot))
            {
                _slots[id] = slot = new InstanceSlot(id, owner.Index);
            }

            if (!slot.Locked)
            {
                // A reused id's rows (an earlier execution's history) are found only by loading; a new id has none.
                slot.Record = freshRowETag is { } etag
                    ? new InstanceRecord { InstanceId = id, State = state, ETag = etag, Version = 1, StartMessage = packedStart }
                    : null;
            }

            Deliver(owner, received);
            return true;
        }
    }

    private async Task ResendStartAsync(string instanceId, string messageId, string packedStart, CancellationToken cancellationToken)
    {
        try
        {
            await RouteAsync(instanceId, messageId, packedStart, null, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The state row still holds the start: the next owner's sweep sends it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AzureStorageLog.StorageRetry(_logger, $"handing over the start of {instanceId}", ex);
        }
    }

    /// <inheritdoc/>
    public async Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        string body = (await _payloads.PackAsync(StorageJson.Serialize(message), message.InstanceId, cancellationToken).ConfigureAwait(false))!;
        await RouteAsync(message.InstanceId, message.Id, body, message.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<OrchestrationInstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var authoritative = _history.ReadStateAsync(instanceId, cancellationToken);
        var projected = _projection.ReadCurrencyAsync(instanceId, cancellationToken);
        var (state, version) = await authoritative.ConfigureAwait(false);
        var isCurrent = await projected.ConfigureAwait(false);
        if (state is not null && !isCurrent(state))
        {
            // The projection lags (a crash between commit and projection): repair it from the truth. Best effort:
            // the answer by id is right either way. Steps that changed neither status nor custom status leave the
            // row as it was on purpose, and need no repair (rewriting it on every read made reads cost a write).
            try
            {
                await _projection.UpsertAsync(state, version, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                AzureStorageLog.StorageRetry(_logger, "repairing the instances table", ex);
            }
        }

        return state;
    }

    /// <inheritdoc/>
    /// <remarks>The state row alone: one request, and the instances table is neither read nor repaired.</remarks>
    public async Task<OrchestrationInstanceState?> ReadStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return (await _history.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false)).State;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await _history.ReadHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await _projection.QueryAsync(
            query, async id => (await _history.ReadStateAsync(id, cancellationToken).ConfigureAwait(false)).State, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        bool existed = await _history.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        try
        {
            await _projection.DeleteAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No projection row: nothing to remove.
        }

        await _payloads.DeleteForInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        ForgetCachedRecord(instanceId);
        return existed ? 1 : 0;
    }

    /// <summary>Stops background work gracefully: leases are released so other workers take over at once.</summary>
    /// <remarks>
    /// Takes at most about <see cref="AzureStorageBackendOptions.StopTimeout"/> and never throws for storage failures:
    /// what cannot be handed back in time (storage unreachable) expires on its own.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        bool halted = _halted;
        using var deadline = new CancellationTokenSource(_options.StopTimeout);
        await _closing.CancelAsync().ConfigureAwait(false);
        await StartEndedAsync(deadline.Token).ConfigureAwait(false);
        if (_leases is not null)
        {
            if (!halted)
            {
                // Partitions are released (and their held messages made visible) before anything else stops.
                await _leases.StopAsync(deadline.Token).ConfigureAwait(false);
            }

            _leases.Dispose();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        // Read again: a halt (a simulated crash) during the hand-back above hands back nothing more.
        if (!_halted)
        {
            await StopBackgroundAsync(abandonHeld: true, deadline.Token).ConfigureAwait(false);
        }

        _storage.Dispose();
    }

    /// <summary>Stops everything at once without releasing leases or messages: what a killed process leaves behind.</summary>
    internal async Task HaltAsync()
    {
        _halted = true;

        // First of all: a rebalance's hand-back under way would otherwise still make its messages visible and release
        // its lease meanwhile, which a dead process never does. (A start under way has no such hand-back yet.)
        if (_leases is { } started)
        {
            await started.HaltAsync().ConfigureAwait(false);
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StartEndedAsync(CancellationToken.None).ConfigureAwait(false);
        if (_leases is not null)
        {
            await _leases.HaltAsync().ConfigureAwait(false);
        }

        await StopBackgroundAsync(abandonHeld: false, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Instance → control-queue partition, by a hash that is the same in every process (FNV-1a).</summary>
    internal int PartitionOf(string instanceId)
    {
        uint hash = 2166136261;
        foreach (char c in instanceId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)_options.PartitionCount);
    }

    /// <summary>Starts the worker's background work (partition leases, activity fetching) with the first call that needs it.</summary>
    /// <returns>False once the backend is stopping or halted: a stopped worker never starts again.</returns>
    /// <remarks>
    /// A stop or halt gives up a start under way and waits for it to end before it looks for what to stop. Before, a start
    /// that finished after the stop had looked left a lease manager that nobody stopped: it kept its heartbeat and its
    /// partitions for the life of the process, and held what was sent to them (a re-sent start) with no dispatcher to
    /// run it, so the instance stayed Pending for good.
    /// </remarks>
    private async Task<bool> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return true;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return true;
            }

            if (_closing.IsCancellationRequested)
            {
                return false;
            }

            using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
            var leases = new PartitionLeaseManager(_storage, _options, _logger, StartPartitionAsync, StopPartitionAsync)
            {
                BeforeRenewal = (partition, token) => LeaseRenewalFaultInjector is { } fault ? fault(partition, token) : Task.CompletedTask,
                BeforeHeartbeat = token => HeartbeatFaultInjector is { } slow ? slow(token) : Task.CompletedTask,
            };
            try
            {
                await _storage.EnsureCreatedAsync(starting.Token).ConfigureAwait(false);
                await leases.StartAsync(starting.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Unlocks its lease id claim rather than holding it, unused, for the life of the process.
                leases.Dispose();
                if (ex is OperationCanceledException && _closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                throw;
            }

            // Started although the stop came meanwhile (its last request had already been answered): the stop, waiting
            // for this start to end, finds the lease manager here and stops it.
            _leases = leases;
            _activityFetcher = Task.Run(() => FetchActivitiesAsync(_stopping.Token), CancellationToken.None);
            _started = true;
            return true;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Waits for a start under way to end (it gives up once the backend is closing), at most until <paramref name="cancellationToken"/> fires.</summary>
    private async Task StartEndedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Out of time: the stop goes on with what it can see.
            return;
        }

        _startGate.Release();
    }

    /// <summary>Delivers a packed message: due now to the target's control queue, later as a timer row.</summary>
    private async Task RouteAsync(string target, string messageId, string packedBody, DateTimeOffset? visibleAt, CancellationToken cancellationToken)
    {
        int partition = PartitionOf(target);
        if (visibleAt is { } due && due > _time.GetUtcNow())
        {
            await _timers.AddAsync(partition, due, messageId, target, packedBody, cancellationToken).ConfigureAwait(false);
            NotifyTimer(partition, due);
            return;
        }

        await _storage.ControlQueues[partition].SendMessageAsync(packedBody, cancellationToken).ConfigureAwait(false);
        WakePartition(partition);
    }
}
