using System.Collections.Concurrent;
using Azure.Data.Tables;
using EduFlows.Durable;
using EduFlows.Tests.Infrastructure;
using EduFlows.Triggers.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Triggers.Timers;

/// <summary>
/// The nightly purge also prunes <c>{hub}Schedules</c>' one-row-a-run records older than the retention period, keeping
/// the pause and last run, and nothing pruned runs a second time when backfilled again.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class TimerRunPruneTests(AzuriteFixture azurite)
{
    private const string Timer = TimerTestHost.TimerName;

    [Fact]
    public async Task NightlyPurge_PrunesRunRecordsOlderThanTheRetention_KeepsThePause_AndABackfillRunsNothingTwice()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 15, 0, 0, 0, TimeSpan.Zero));
        var table = new TableClient(azurite.ConnectionString, "Schedules" + Guid.NewGuid().ToString("N")[..12]);
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await TimerTestHost.StartAsync(time, new TableScheduleStatusStore(table), (info, _, _) =>
        {
            fired.Enqueue(info);
            return Task.CompletedTask;
        });
        var january = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);
        var june = january.AddMonths(5);
        var first = await host.Timers.BackfillAsync(Timer, january, june, CancellationToken.None);
        await host.Timers.PauseAsync(Timer, CancellationToken.None);
        var settings = new ConfigurationBuilder().AddInMemoryCollection([new(InstanceRetention.Setting, "90")]).Build();
        var retention = new InstanceRetention(settings, time, NullLogger<InstanceRetention>.Instance, host.Timers);

        // 90 days before 15 June is 17 March: the runs of 1 January, February and March go.
        int pruned = await retention.PruneTimerRunsAsync(CancellationToken.None);
        var left = table.Query<TableEntity>(r => r.PartitionKey == "runs-" + Timer).Select(r => r.GetDateTimeOffset("Occurrence")).ToList();
        var state = Assert.Single(await host.Timers.ListAsync(CancellationToken.None));
        var again = await host.Timers.BackfillAsync(Timer, january, june, CancellationToken.None);

        Assert.Equal(6, first!.Ran.Count);
        Assert.Equal(3, pruned);
        Assert.Equal([january.AddMonths(3), january.AddMonths(4), june], left);
        Assert.True(state.Control.Paused);
        Assert.Equal(june, state.Last);
        Assert.Empty(again!.Ran);
        Assert.Equal(6, again.AlreadyRun.Count);
        Assert.Equal(6, fired.Count);
        Assert.Equal(0, await retention.PruneTimerRunsAsync(CancellationToken.None));
    }
}
