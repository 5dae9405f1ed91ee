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
/// The sweep that re-sends starts a dying client left unsent scans the whole history table: a worker runs it once per
/// interval for all its partitions, and leaves a scheduled start alone until it is due (its timer sends it then).
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

    private static long HistoryQueries(AzureStorageOrchestrationBackend backend) =>
        backend.StorageOperationsByKind.GetValueOrDefault("table query History");
}
