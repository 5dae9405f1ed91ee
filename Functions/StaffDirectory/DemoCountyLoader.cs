using System.Diagnostics;

namespace EduFlows.StaffDirectory;

/// <summary>
/// Loads the demo county into an empty directory when the app starts, then each process's share of it
/// (<see cref="IDemoCountyPart"/>, in the order registered), and reloads it on request.
/// </summary>
public sealed partial class DemoCountyLoader(DirectoryStore store, IEnumerable<IDemoCountyPart> parts, ILogger<DemoCountyLoader> logger, IConfiguration configuration) : BackgroundService
{
    private readonly TaskCompletionSource<DemoCountyState> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IReadOnlyList<IDemoCountyPart> _parts = [.. parts];

    /// <summary>Where the start-up load stands: what the health report and the host's readiness line say.</summary>
    public DemoCountyState State { get; private set; } = DemoCountyState.Loading;

    /// <summary>Completes once the start-up load is done, was not asked for, or failed.</summary>
    public Task<DemoCountyState> Settled => _settled.Task;

    /// <summary>Replaces the directory's content with the demo county; the processes' shares are completed, not replaced.</summary>
    public async Task<DemoLoadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        var county = DemoCounty.Generate();
        await store.Staff.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.Schools.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.Departments.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.TrainingBases.ClearAsync(cancellationToken).ConfigureAwait(false);
        var result = await LoadAsync(county, cancellationToken).ConfigureAwait(false);
        await LoadPartsAsync(county, cancellationToken).ConfigureAwait(false);
        Settle(DemoCountyState.Loaded);
        return result;
    }

    /// <summary>
    /// What a start does: the directory when its last person is missing, then each process's share not yet loaded.
    /// Run twice, the second writes nothing.
    /// </summary>
    public async Task<DemoLoadReport> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        // Loaded means the last person written is there: an interrupted load leaves staff but not all of them.
        long started = Stopwatch.GetTimestamp();
        var county = DemoCounty.Generate();
        int staff = 0;
        if (await store.Staff.GetAsync(county.Staff[^1].Id, cancellationToken).ConfigureAwait(false) is null)
        {
            var result = await LoadAsync(county, cancellationToken).ConfigureAwait(false);
            staff = result.Staff;
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            LogLoaded(logger, result.Staff, result.Schools, seconds);
        }

        var loaded = await LoadPartsAsync(county, cancellationToken).ConfigureAwait(false);
        return new DemoLoadReport(staff, loaded, Stopwatch.GetElapsedTime(started));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // EDUFLOWS_DEMO_DATA=false leaves an empty directory empty (tests, production).
        if (!bool.TryParse(configuration["EDUFLOWS_DEMO_DATA"] ?? "true", out bool load) || !load)
        {
            Settle(DemoCountyState.Off);
            return;
        }

        try
        {
            await EnsureLoadedAsync(stoppingToken).ConfigureAwait(false);
            Settle(DemoCountyState.Loaded);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping; an interrupted load completes on the next start (the writes are idempotent).
            Settle(DemoCountyState.Loading);
        }
#pragma warning disable CA1031 // Storage refused: the host runs on (health says so) instead of stopping without a word.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            Settle(DemoCountyState.Failed);
        }
    }

    private void Settle(DemoCountyState state)
    {
        State = state;
        _settled.TrySetResult(state);
    }

    private async Task<DemoLoadResult> LoadAsync(DemoCountyData county, CancellationToken cancellationToken)
    {
        // Staff last, in order: the last staff member present is what "loaded" means.
        await store.Schools.ApplyAsync([.. county.Schools], cancellationToken).ConfigureAwait(false);
        await store.Departments.ApplyAsync([.. county.Departments], cancellationToken).ConfigureAwait(false);
        await store.TrainingBases.ApplyAsync([.. county.TrainingBases], cancellationToken).ConfigureAwait(false);
        await store.Staff.ApplyAsync([.. county.Staff], cancellationToken).ConfigureAwait(false);
        return new DemoLoadResult(county.Schools.Count, county.Departments.Count, county.Staff.Count, county.TrainingBases.Count);
    }

    // One after another: a later share may build on an earlier one (training credits the pool's files).
    private async Task<IReadOnlyList<DemoPartLoad>> LoadPartsAsync(DemoCountyData county, CancellationToken cancellationToken)
    {
        var loaded = new List<DemoPartLoad>();
        foreach (var part in _parts)
        {
            long started = Stopwatch.GetTimestamp();
            if (await part.IsLoadedAsync(county, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            int written = await part.LoadAsync(county, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogPartLoaded(logger, part.Name, written, elapsed.TotalSeconds);
            loaded.Add(new DemoPartLoad(part.Name, written, elapsed));
        }

        return loaded;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Loaded the demo county: {Staff} people in {Schools} schools ({Seconds:0.0} s).")]
    private static partial void LogLoaded(ILogger logger, int staff, int schools, double seconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Loading the demo county failed; POST /api/directory/demo/reload tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Loaded the demo county's {Part}: {Written} records ({Seconds:0.0} s).")]
    private static partial void LogPartLoaded(ILogger logger, string part, int written, double seconds);
}

/// <summary>How much demo data was loaded.</summary>
public sealed record DemoLoadResult(int Schools, int Departments, int Staff, int TrainingBases);

/// <summary>What one start loaded: the directory's staff (0 when already there), each process's share it wrote, and the time it took.</summary>
public sealed record DemoLoadReport(int Staff, IReadOnlyList<DemoPartLoad> Parts, TimeSpan Elapsed);

/// <summary>One process's share as loaded: its name, the records written and the time.</summary>
public sealed record DemoPartLoad(string Name, int Written, TimeSpan Elapsed);
