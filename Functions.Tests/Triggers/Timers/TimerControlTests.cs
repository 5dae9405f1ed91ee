using System.Collections.Concurrent;
using Azure.Data.Tables;
using EduFlows.Tests.Infrastructure;
using EduFlows.Triggers.Timers;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Triggers.Timers;

/// <summary>The office's hold on a timer, as Temporal schedules offer it: pause, resume, backfill and the overlap policy, on a fake clock.</summary>
[Collection(AzuriteTests.Name)]
public sealed class TimerControlTests(AzuriteFixture azurite)
{
    private const string Timer = TimerTestHost.TimerName;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private static Task<TimerTestHost> StartAsync(FakeTimeProvider time, IScheduleStatusStore store, ConcurrentQueue<TimerInfo> fired) =>
        TimerTestHost.StartAsync(time, store, (info, _, _) =>
        {
            fired.Enqueue(info);
            return Task.CompletedTask;
        });

    // Moves the clock to an instant and waits until the timer has dealt with every occurrence up to it.
    private static async Task PassAsync(FakeTimeProvider time, IScheduleStatusStore store, DateTimeOffset to)
    {
        time.SetUtcNow(to);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await store.ReadAsync(Timer, CancellationToken.None))!.Next <= to)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the timer did not pass {to:o}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Paused_OccurrencesPassWithoutRunning_ResumedRunsFromTheNextOccurrenceOnly()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryScheduleStatusStore();
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, store, fired);

        var paused = await host.Timers.PauseAsync(Timer, CancellationToken.None);
        Assert.True(paused!.Control.Paused);
        await PassAsync(time, store, January);
        await PassAsync(time, store, January.AddMonths(1).AddDays(9));
        Assert.Empty(fired);

        var resumed = await host.Timers.ResumeAsync(Timer, CancellationToken.None);
        Assert.False(resumed!.Control.Paused);
        Assert.Equal(January.AddMonths(2), resumed.Next);
        await PassAsync(time, store, January.AddMonths(2));
        await Task.Delay(200);

        var only = Assert.Single(fired);
        Assert.Equal(January.AddMonths(2), only.ScheduleStatus.Next);
        Assert.False(only.IsPastDue);
        Assert.Null(await host.Timers.PauseAsync("NoSuchTimer", CancellationToken.None));
    }

    [Fact]
    public async Task Pause_IsStoredInTheTable_AndHoldsAfterAHostRestart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        string table = "Schedules" + Guid.NewGuid().ToString("N")[..12];
        var fired = new ConcurrentQueue<TimerInfo>();
        await using (var first = await StartAsync(time, new TableScheduleStatusStore(new TableClient(azurite.ConnectionString, table)), fired))
        {
            await first.Timers.PauseAsync(Timer, CancellationToken.None);
        }

        var store = new TableScheduleStatusStore(new TableClient(azurite.ConnectionString, table));
        await using var second = await StartAsync(time, store, fired);
        await PassAsync(time, store, January.AddHours(1));
        await Task.Delay(200);

        Assert.Empty(fired);
        var state = Assert.Single(await second.Timers.ListAsync(CancellationToken.None));
        Assert.True(state.Control.Paused);
        Assert.Equal(January.AddMonths(1), state.Next);
    }

    [Fact]
    public async Task Backfill_RunsEachMissedOccurrenceOnce_HoweverOftenAsked()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new TableScheduleStatusStore(new TableClient(azurite.ConnectionString, "Schedules" + Guid.NewGuid().ToString("N")[..12]));
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, store, fired);
        await host.Timers.PauseAsync(Timer, CancellationToken.None);
        await PassAsync(time, store, January.AddMonths(2).AddDays(14));
        await host.Timers.ResumeAsync(Timer, CancellationToken.None);
        Assert.Empty(fired);

        var first = await host.Timers.BackfillAsync(Timer, January.AddDays(-1), January.AddMonths(1), CancellationToken.None);
        var again = await host.Timers.BackfillAsync(Timer, January, January.AddMonths(2).AddDays(1), CancellationToken.None);

        Assert.Equal([January, January.AddMonths(1)], first!.Ran);
        Assert.Empty(first.AlreadyRun);
        Assert.Equal([January.AddMonths(2)], again!.Ran);
        Assert.Equal([January, January.AddMonths(1)], again.AlreadyRun);
        Assert.Equal([January, January.AddMonths(1), January.AddMonths(2)], fired.Select(f => f.ScheduleStatus.Next));
        Assert.All(fired, f => Assert.True(f.IsBackfill && f.IsPastDue));
        Assert.Equal(January.AddMonths(2), (await host.Timers.ListAsync(CancellationToken.None))[0].Last);

        // The schedule goes on from April, and does not run again what the backfill ran.
        await PassAsync(time, store, January.AddMonths(3));
        await Task.Delay(200);
        Assert.Equal(4, fired.Count);
        Assert.Equal(January.AddMonths(3), fired.Last().ScheduleStatus.Next);
    }

    [Fact]
    public async Task Backfill_OfTheOccurrenceDueNow_RunsItOnce_TheScheduleLeavesIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryScheduleStatusStore();
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, store, fired);

        // Backfilled before the schedule gets to it (recorded first): the schedule then finds it run.
        await store.TryRecordRunAsync(Timer, January, time.GetUtcNow(), CancellationToken.None);
        await PassAsync(time, store, January);
        await Task.Delay(200);

        Assert.Empty(fired);
        Assert.Equal(January, await store.ReadLastRunAsync(Timer, CancellationToken.None));
    }

    [Theory]
    [InlineData(TimerOverlap.Skip, 1)]
    [InlineData(TimerOverlap.RunOnceAfter, 2)]
    public async Task OccurrencesFallingDuringARun_FollowTheOverlapPolicy(TimerOverlap overlap, int runs)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryScheduleStatusStore();
        var fired = new ConcurrentQueue<TimerInfo>();
        var release = new TaskCompletionSource();
        await using var host = await TimerTestHost.StartAsync(time, store, async (info, _, _) =>
        {
            fired.Enqueue(info);
            if (fired.Count == 1)
            {
                await release.Task;
            }
        });
        await host.Timers.SetOverlapAsync(Timer, overlap, CancellationToken.None);

        time.SetUtcNow(January);
        await TimerTestHost.Eventually(() => fired.Count == 1);
        time.SetUtcNow(January.AddMonths(1).AddDays(2));     // February's occurrence falls while January's run goes on
        release.SetResult();
        await TimerTestHost.Eventually(() => store.ReadAsync(Timer, CancellationToken.None).Result!.Next >= January.AddMonths(2));
        await Task.Delay(300);

        Assert.Equal(runs, fired.Count);
        Assert.Equal(January.AddMonths(2), (await store.ReadAsync(Timer, CancellationToken.None))!.Next);
    }

    [Fact]
    public async Task DevClockJump_PassingAPausedTimer_RunsNothingOfIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryScheduleStatusStore();
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, store, fired);
        await host.Timers.PauseAsync(Timer, CancellationToken.None);

        var farAhead = January.AddYears(2);
        var passed = Assert.Single(await host.Timers.PassedByAsync(farAhead, skip: false, CancellationToken.None));
        await PassAsync(time, store, farAhead);
        await Task.Delay(200);

        Assert.False(passed.Runs);
        Assert.True(passed.Paused);
        Assert.Empty(fired);
    }
}
