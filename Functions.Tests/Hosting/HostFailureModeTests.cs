using System.Collections.Concurrent;
using EduFlows.Hosting;
using EduFlows.Tests.Triggers.Timers;
using EduFlows.Triggers.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>Failure modes of timer triggers and settings found in review.</summary>
public sealed class HostFailureModeTests
{
    private const string Monthly = TimerTestHost.Monthly;

    private static Task<TimerTestHost> StartAsync(FakeTimeProvider time, IScheduleStatusStore store, Func<TimerInfo, IServiceProvider, CancellationToken, Task> run) =>
        TimerTestHost.StartAsync(time, store, run);

    /// <summary>A store whose next call fails once, as storage does during a blip.</summary>
    private sealed class FlakyStore(IScheduleStatusStore inner) : IScheduleStatusStore
    {
        public int FailNextReads;

        public Task<TimerScheduleStatus?> ReadAsync(string timer, CancellationToken ct) =>
            Interlocked.Exchange(ref FailNextReads, 0) > 0 ? throw new IOException("storage blip") : inner.ReadAsync(timer, ct);

        public Task InitializeAsync(string timer, TimerScheduleStatus status, CancellationToken ct) => inner.InitializeAsync(timer, status, ct);

        public Task<bool> TryClaimAsync(string timer, DateTimeOffset o, string h, DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
            inner.TryClaimAsync(timer, o, h, now, until, ct);

        public Task<bool> RenewClaimAsync(string timer, DateTimeOffset o, string h, DateTimeOffset until, CancellationToken ct) => inner.RenewClaimAsync(timer, o, h, until, ct);

        public Task<bool> CompleteAsync(string timer, DateTimeOffset o, string h, DateTimeOffset next, DateTimeOffset now, CancellationToken ct) => inner.CompleteAsync(timer, o, h, next, now, ct);

        public Task<TimerControl> ReadControlAsync(string timer, CancellationToken ct) => inner.ReadControlAsync(timer, ct);

        public Task WriteControlAsync(string timer, TimerControl control, CancellationToken ct) => inner.WriteControlAsync(timer, control, ct);

        public Task<bool> HasRunAsync(string timer, DateTimeOffset o, CancellationToken ct) => inner.HasRunAsync(timer, o, ct);

        public Task<DateTimeOffset?> ReadLastRunAsync(string timer, CancellationToken ct) => inner.ReadLastRunAsync(timer, ct);

        public Task<bool> TryRecordRunAsync(string timer, DateTimeOffset o, DateTimeOffset now, CancellationToken ct) => inner.TryRecordRunAsync(timer, o, now, ct);

        public Task<int> PruneRunsAsync(string timer, DateTimeOffset before, CancellationToken ct) => inner.PruneRunsAsync(timer, before, ct);
    }

    // one transient store error ends the timer's loop for good (RunTimerAsync only catches cancellation):
    // every later occurrence is lost, silently (Task.WhenAll never completes while other timers run).
    [Fact]
    public async Task TimerSurvivesATransientStoreError()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new FlakyStore(new InMemoryScheduleStatusStore());
        var fired = new ConcurrentQueue<TimerInfo>();
        await using var host = await StartAsync(time, store, (info, _, _) => { fired.Enqueue(info); return Task.CompletedTask; });
        var schedule = TimerSchedule.Parse(Monthly, "Asia/Shanghai");

        time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
        await TimerTestHost.Eventually(() => fired.Count == 1);
        await Task.Delay(200);

        store.FailNextReads = 1;
        time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
        await Task.Delay(300);
        time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
        await TimerTestHost.Eventually(() => fired.Count >= 2); 
    }

    // a claim is never renewed and CompleteAsync is unconditional: an occurrence whose run outlasts
    // ClaimDuration (10 min = host.json functionTimeout) runs again on another host.
    [Fact]
    public async Task LongRunningOccurrence_IsNotRunAgainByAnotherHost()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryScheduleStatusStore();
        var runs = new ConcurrentQueue<DateTimeOffset>();
        var release = new TaskCompletionSource();
        Func<TimerInfo, IServiceProvider, CancellationToken, Task> slow = async (info, _, _) =>
        {
            runs.Enqueue(info.ScheduleStatus.Next);
            if (runs.Count == 1)
            {
                time.Advance(TimeSpan.FromMinutes(11)); // the job takes 11 minutes
                await release.Task;
            }
        };
        await using var a = await StartAsync(time, store, slow);
        await using var b = await StartAsync(time, store, slow);
        var schedule = TimerSchedule.Parse(Monthly, "Asia/Shanghai");

        time.SetUtcNow(schedule.NextAfter(time.GetUtcNow()));
        await Task.Delay(1500);
        release.SetResult();
        await Task.Delay(300);

        Assert.Single(runs); 
    }

    // local.settings.json Values are set as environment variables by the Functions host, so
    // "AzureFunctionsJobHost__extensions__durableTask__hubName" overrides host.json. Here "__" is not mapped to ":".
    [Fact]
    public void LocalSettingsDoubleUnderscoreOverride_AppliesToHostJson()
    {
        string dir = System.IO.Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(dir, "local.settings.json"),
            """{ "IsEncrypted": false, "Values": { "AzureFunctionsJobHost__extensions__durableTask__hubName": "OtherHub" } }""");
        var configuration = new ConfigurationBuilder().AddLocalSettings(dir).Build();

        var settings = HostJson.WithOverrides(new HostSettings(), configuration);

        Assert.Equal("OtherHub", settings.HubName); 
    }
}
