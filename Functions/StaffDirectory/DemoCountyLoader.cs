namespace EduFlows.StaffDirectory;

/// <summary>Loads the demo county into an empty directory when the app starts, and reloads it on request.</summary>
public sealed partial class DemoCountyLoader(DirectoryStore store, ILogger<DemoCountyLoader> logger, IConfiguration configuration) : BackgroundService
{
    private readonly TaskCompletionSource<DemoCountyState> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the start-up load stands: what the health report and the host's readiness line say.</summary>
    public DemoCountyState State { get; private set; } = DemoCountyState.Loading;

    /// <summary>Completes once the start-up load is done, was not asked for, or failed.</summary>
    public Task<DemoCountyState> Settled => _settled.Task;

    /// <summary>Replaces the directory's content with the demo county.</summary>
    public async Task<DemoLoadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        var county = DemoCounty.Generate();
        await store.Staff.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.Schools.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.Departments.ClearAsync(cancellationToken).ConfigureAwait(false);
        await store.TrainingBases.ClearAsync(cancellationToken).ConfigureAwait(false);
        var result = await LoadAsync(county, cancellationToken).ConfigureAwait(false);
        Settle(DemoCountyState.Loaded);
        return result;
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
            // Loaded means the last person written is there: an interrupted load leaves staff but not all of them.
            var county = DemoCounty.Generate();
            if (await store.Staff.GetAsync(county.Staff[^1].Id, stoppingToken).ConfigureAwait(false) is null)
            {
                var result = await LoadAsync(county, stoppingToken).ConfigureAwait(false);
                LogLoaded(logger, result.Staff, result.Schools);
            }

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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Loaded the demo county: {Staff} people in {Schools} schools.")]
    private static partial void LogLoaded(ILogger logger, int staff, int schools);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Loading the demo county failed; POST /api/directory/demo/reload tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>How much demo data was loaded.</summary>
public sealed record DemoLoadResult(int Schools, int Departments, int Staff, int TrainingBases);

