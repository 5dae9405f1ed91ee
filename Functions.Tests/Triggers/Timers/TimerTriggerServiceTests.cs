using System.Collections.Concurrent;
using Azure.Data.Tables;
using EduFlows.Tests.Infrastructure;
using EduFlows.Triggers.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Triggers.Timers;

[Collection(AzuriteTests.Name)]
public sealed class TimerTriggerServiceTests(AzuriteFixture azurite)
{
    private const string Monthly = TimerTestHost.Monthly;

    private static Task<TimerTestHost> StartAsync(FakeTimeProvider time, IScheduleStatusStore store, ConcurrentQueue<TimerInfo> fired, bool runOnStartup = false) =>
        TimerTestHost.StartAsync(time, store, (info, _, _) =>
        {
            fired.Enqueue(info);
            return Task.CompletedTask;
        }, runOnStartup);

    [Fact]
    public async Task MonthlySchedule_SimulatedYear_FiresTwelveTimesAtNineOnTheFirst()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, new InMemoryScheduleStatusStore(), fired);
        var schedule = TimerSchedule.Parse(Monthly, "Asia/Shanghai");

        for (int month = 1; month <= 12; month++)
        {
            time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
            await TimerTestHost.Eventually(() => fired.Count == month, $"month {month}: fired {fired.Count}");
        }

        time.Advance(TimeSpan.FromDays(20));
        await Task.Delay(300);
        Assert.Equal(12, fired.Count);
        Assert.Equal(
            Enumerable.Range(0, 12).Select(m => new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero).AddMonths(m)),
            fired.Select(f => f.ScheduleStatus.Next));
        Assert.All(fired, f => Assert.False(f.IsPastDue));
    }

    [Fact]
    public async Task TwoHostsSharingStorage_FireEachOccurrenceOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        string table = "Schedules" + Guid.NewGuid().ToString("N")[..12];
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var first = await StartAsync(time, new TableScheduleStatusStore(new TableClient(azurite.ConnectionString, table)), fired);
        await using var second = await StartAsync(time, new TableScheduleStatusStore(new TableClient(azurite.ConnectionString, table)), fired);
        var schedule = TimerSchedule.Parse(Monthly, "Asia/Shanghai");
        await Task.Delay(500);

        for (int month = 1; month <= 3; month++)
        {
            time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
            await TimerTestHost.Eventually(() => fired.Count >= month);
        }

        await Task.Delay(1000);
        Assert.Equal(3, fired.Count);
        Assert.Equal(3, fired.Select(f => f.ScheduleStatus.Next).Distinct().Count());
    }

    [Fact]
    public async Task HostStartedAfterMissedOccurrences_RunsOneOfThemOnce_PastDue()
    {
        var store = new InMemoryScheduleStatusStore();
        var missed = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);
        await store.InitializeAsync("MonthlyDispatch", new TimerScheduleStatus(missed.AddMonths(-1), missed, missed.AddMonths(-1)), CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero));
        var fired = new ConcurrentQueue<TimerInfo>();

        await using var host = await StartAsync(time, store, fired);
        await TimerTestHost.Eventually(() => fired.Count == 1);
        await Task.Delay(300);

        var only = Assert.Single(fired);
        Assert.True(only.IsPastDue);
        Assert.Equal(missed, only.ScheduleStatus.Next);
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 1, 0, 0, TimeSpan.Zero), (await store.ReadAsync("MonthlyDispatch", CancellationToken.None))!.Next);
    }

    [Fact]
    public async Task ClockJumpingPastSeveralOccurrences_RunsOnceLate_ThenResumesFromNow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var fired = new ConcurrentQueue<TimerInfo>();
        var store = new InMemoryScheduleStatusStore();
        await using var host = await StartAsync(time, store, fired);
        var january = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);

        time.SetUtcNow(january);
        await TimerTestHost.Eventually(() => fired.Count == 1);
        time.SetUtcNow(new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero));
        await TimerTestHost.Eventually(() => fired.Count == 2);
        await Task.Delay(300);

        Assert.Equal([(january, false), (january.AddMonths(1), true)], fired.Select(f => (f.ScheduleStatus.Next, f.IsPastDue)));
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 1, 0, 0, TimeSpan.Zero), (await store.ReadAsync("MonthlyDispatch", CancellationToken.None))!.Next);
    }

    [Fact]
    public async Task RunOnStartup_RunsOnceWhenTheHostStarts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero));
        var fired = new ConcurrentQueue<TimerInfo>();

        await using var host = await StartAsync(time, new InMemoryScheduleStatusStore(), fired, runOnStartup: true);
        await TimerTestHost.Eventually(() => fired.Count == 1);
        await Task.Delay(200);

        Assert.Single(fired);
    }
    [Fact]
    public async Task ClockMovedWhileTheWaitIsBeingArmed_StillRunsTheOccurrence()
    {
        // The dev clock (or a test's) moved to the occurrence after the timer read the time but before its delay was
        // armed: the delay would count from the moved time and wait a whole month past the occurrence.
        var january = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);
        var time = new ClockMovedWhileArming(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero), january);
        var fired = new ConcurrentQueue<TimerInfo>();

        await using var host = await StartAsync(time, new InMemoryScheduleStatusStore(), fired);
        await TimerTestHost.Eventually(() => fired.Count == 1, "the 1 January occurrence, due once the clock moved");

        Assert.True(time.Moved);
        Assert.Equal((january, false), (fired.Single().ScheduleStatus.Next, fired.Single().IsPastDue));
    }

    /// <summary>A fake clock that jumps to a set time just as the first waiting timer is created.</summary>
    private sealed class ClockMovedWhileArming(DateTimeOffset start, DateTimeOffset movedTo) : FakeTimeProvider(start)
    {
        public bool Moved { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (!Moved && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                Moved = true;
                SetUtcNow(movedTo);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
