using System.Globalization;
using System.Text;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>What this worker holds right now, as text: for the dump a stalled benchmark round or test writes.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int ListedAtMost = 20;

    /// <summary>
    /// Owned partitions with the messages each holds, instances with messages waiting or a step running, the ready
    /// queue, activity calls buffered and leased, and the queues' approximate depths in storage.
    /// </summary>
    /// <remarks>Reads memory under the backend's lock, then storage (bounded by <paramref name="cancellationToken"/>).</remarks>
    internal async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var now = DateTimeOffset.UtcNow;
        text.AppendLine(CultureInfo.InvariantCulture, $"- worker {_options.WorkerId}: started {_started}, halted {_halted}, stopping {_stopping.IsCancellationRequested}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- owned partitions (lease manager): [{string.Join(", ", OwnedPartitions.Order())}]; running partition loops: [{string.Join(", ", _partitions.Keys.Order())}]");
        lock (_gate)
        {
            foreach (var (index, partition) in _partitions.OrderBy(p => p.Key))
            {
                var (queue, timers, local) = partition.HeldCounts;
                text.AppendLine(CultureInfo.InvariantCulture, $"- partition {index}: holds {queue} queue message(s), {timers} timer(s), {local} in-memory message(s); loop {Describe(partition.Loop)}");
            }

            var busy = _slots.Values.Where(s => s.Locked || s.Pending.Count > 0 || s.NeedsRecovery).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"- instance slots: {_slots.Count} cached, {busy.Count(s => s.Locked)} locked, {busy.Count(s => !s.Locked && s.Pending.Count > 0)} with messages waiting, {busy.Count(s => s.NeedsRecovery)} to recover; ready queue {_ready.Reader.Count}");
            foreach (var slot in busy.OrderBy(s => s.InstanceId, StringComparer.Ordinal).Take(ListedAtMost))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {slot.InstanceId} (partition {slot.Partition}): locked {slot.Locked}, queued {slot.Queued}, {slot.Pending.Count} waiting, recovery {slot.NeedsRecovery}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- activity calls: {_activityBuffer.Reader.Count} buffered, {_activeLeases.Count} work-item message(s) leased; fetcher {Describe(_activityFetcher)}");
        foreach (var lease in _activeLeases.Values.OrderBy(l => l.VisibleUntil).Take(ListedAtMost))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - message {lease.MessageId}: invisible for {(lease.VisibleUntil - now).TotalSeconds:0.#} s more");
        }

        try
        {
            var depths = new List<string>();
            foreach (var queue in _storage.ControlQueues.Append(_storage.WorkItems))
            {
                var properties = await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
                depths.Add($"{queue.Name} {properties.Value.ApproximateMessagesCount}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"- queues in storage (approximate, visible or not): {string.Join(", ", depths)}");
        }
#pragma warning disable CA1031 // A dump says what it could not read rather than failing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- queues in storage: unreadable ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
        }

        return text.ToString();
    }

    private static string Describe(Task? task) => task switch
    {
        null => "not started",
        { IsCompleted: false } => "running",
        { IsFaulted: true } => $"failed ({task.Exception!.InnerException?.GetType().Name})",
        _ => "ended",
    };
}
