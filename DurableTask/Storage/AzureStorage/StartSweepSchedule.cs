namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// When this worker next sweeps for lost starts: once per interval for all its partitions, since each sweep reads the
/// whole pending-starts index, whatever partitions its rows belong to. The first comes one interval after the worker's first partition loop asks.
/// </summary>
internal sealed class StartSweepSchedule
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _last;

    /// <summary>True (and the sweep counted as begun) for the one caller that finds it due.</summary>
    public bool TryBegin(DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            _last ??= now;
            if (now - _last.Value < interval)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
