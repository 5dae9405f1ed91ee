using Azure.Data.Tables;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// The sweep that re-sends starts a dying client left unsent reads the pending-starts index, never the history: a worker
/// runs it once per interval for all its partitions, leaves a scheduled start alone until it is due (its timer sends it
/// then), and removes index rows a crash left behind.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LostStartSweepTests(AzuriteFixture azurite)
{
    private const int StartResent = 2008;

    [Fact]
    public async Task ScheduledStart_IsNotResentBeforeItIsDue_AndStartsOnceWhenDue()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        int firstRuns = 0;
        AzureStorageOrchestrationBackend? backend = null;
        await using var host = await DurableTestHost.StartAsync(
            t => backend = new AzureStorageOrchestrationBackend(options, t, loggers),
            r => r.AddOrchestratorFunc<string, string>("Review", (ctx, x) =>
            {
                if (!ctx.IsReplaying)
                {
                    Interlocked.Increment(ref firstRuns);
                }

                return Task.FromResult(x);
            }),
            time: time,
            pollInterval: TimeSpan.FromMilliseconds(50));
        var startAt = time.GetUtcNow().AddHours(1);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Review", "self-assessment", new StartOrchestrationOptions($"{hub}-review", startAt));
        await Task.Delay(options.StartRecoveryInterval * 1.5);
        var before = HistoryQueries(backend!);

        // Three sweep intervals of real time while the start is an hour away on the instances' clock.
        await Task.Delay(options.StartRecoveryInterval * 3.25);
        long scans = HistoryQueries(backend!) - before;
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty(sink.MessagesOf(StartResent));
        Assert.Single(new TableClient(azurite.ConnectionString, $"{hub}Timers").Query<TableEntity>());

        // One scan per sweep for the worker's 4 partitions, not one per partition.
        Assert.True(scans is >= 2 and <= 4, $"{scans} history-table queries in 3.25 sweep intervals");

        time.SetUtcNow(startAt);
        var done = await host.RunToCompletionAsync(id, skipTime: false);
        await Task.Delay(options.StartRecoveryInterval * 1.5);

        Assert.Equal("self-assessment", done.ReadOutputAs<string>());
        Assert.Single((await host.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
        Assert.Equal(1, firstRuns);
        Assert.Empty(sink.MessagesOf(StartResent));
    }

    [Fact]
    public async Task LostStartSweep_ReadsOnlyTheIndex_AndAStartedInstanceLeavesNoIndexRow()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub);
        using var loggers = LoggerFactory.Create(_ => { });
        AzureStorageOrchestrationBackend? backend = null;
        await using var host = await DurableTestHost.StartAsync(
            t => backend = new AzureStorageOrchestrationBackend(options, t, loggers),
            r => r.AddOrchestratorFunc<int, int>("Tally", (ctx, x) => Task.FromResult(x * 2)),
            pollInterval: TimeSpan.FromMilliseconds(50));

        // Six finished instances: history rows a scan of the table would read.
        for (int i = 0; i < 6; i++)
        {
            string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Tally", i, new StartOrchestrationOptions($"{hub}-tally-{i}"));
            Assert.Equal(i * 2, (await host.RunToCompletionAsync(id, skipTime: false)).ReadOutputAs<int>());
        }

        Assert.Empty(StartIndexRows(hub));

        // The first sweep (one interval after the worker asks) indexes what an earlier version left Pending, once per hub.
        await Task.Delay(options.StartRecoveryInterval * 1.5);
        long scansBefore = HistoryScans(backend!), queriesBefore = HistoryQueries(backend!);
        await Task.Delay(options.StartRecoveryInterval * 3.25);

        Assert.Equal(0, HistoryScans(backend!) - scansBefore);
        long sweeps = HistoryQueries(backend!) - queriesBefore;
        Assert.True(sweeps is >= 2 and <= 4, $"{sweeps} queries of the index in 3.25 sweep intervals");
        Assert.Empty(StartIndexRows(hub));
    }

    [Fact]
    public async Task LostStartSweep_RemovesIndexRowsACrashLeftBehind_AndStartsNothingTwice()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub);
        int firstRuns = 0;
        await using var host = await DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(options, t, loggers),
            r => r.AddOrchestratorFunc<string, string>("Review", (ctx, x) =>
            {
                if (!ctx.IsReplaying)
                {
                    Interlocked.Increment(ref firstRuns);
                }

                return Task.FromResult(x);
            }),
            pollInterval: TimeSpan.FromMilliseconds(50));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Review", "duty-report", new StartOrchestrationOptions($"{hub}-review"));
        await host.RunToCompletionAsync(id, skipTime: false);

        // What a kill -9 leaves: a worker killed between the first commit and the index row's removal (the instance has
        // started), and a client killed between the index row and the state row (no instance at all).
        var history = new TableClient(azurite.ConnectionString, $"{hub}History");
        await history.UpsertEntityAsync(new TableEntity(HistoryTable.StartIndexPartition, HistoryTable.StartIndexPrefix + id));
        await history.UpsertEntityAsync(new TableEntity(HistoryTable.StartIndexPartition, HistoryTable.StartIndexPrefix + $"{hub}-never-written"));
        Assert.Equal(2, StartIndexRows(hub).Count);

        // Left for an interval (their clients might still be at work), then removed by the next sweep.
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (StartIndexRows(hub).Count > 0 && wait.Elapsed < options.StartRecoveryInterval * 5)
        {
            await Task.Delay(100);
        }

        Assert.Empty(StartIndexRows(hub));
        Assert.True(wait.Elapsed >= options.StartRecoveryInterval * 0.9, $"removed after {wait.Elapsed}, before the rows were an interval old");
        Assert.Empty(sink.MessagesOf(StartResent));
        Assert.Equal(1, firstRuns);
        Assert.Single((await host.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
        Assert.Null(await host.Client.GetInstanceAsync($"{hub}-never-written"));
    }

    private List<string> StartIndexRows(string hub) =>
        [.. new TableClient(azurite.ConnectionString, $"{hub}History")
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {HistoryTable.StartIndexPartition} and RowKey ge {HistoryTable.StartIndexPrefix} and RowKey lt {"start."}"))
            .Select(r => r.RowKey)];

    private static long HistoryScans(AzureStorageOrchestrationBackend backend) =>
        backend.StorageScansByTable.GetValueOrDefault("History");

    private static long HistoryQueries(AzureStorageOrchestrationBackend backend) =>
        backend.StorageOperationsByKind.GetValueOrDefault("table query History");
}
