using EduFlows.Triggers.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Triggers.Timers;

/// <summary>A host running one monthly timer function on a fake clock, for timer-trigger tests.</summary>
public sealed class TimerTestHost : IAsyncDisposable
{
    public const string TimerName = "MonthlyDispatch";
    public const string Monthly = "0 0 9 1 * *";

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private TimerTestHost(ServiceProvider services, List<IHostedService> hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    /// <summary>Starts the host and waits until the timer has recorded its first occurrence, so tests may move the clock.</summary>
    public static async Task<TimerTestHost> StartAsync(
        FakeTimeProvider time, IScheduleStatusStore store, Func<TimerInfo, IServiceProvider, CancellationToken, Task> run, bool runOnStartup = false)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddTimerTrigger(TimerName, Monthly, run, runOnStartup)
            .AddTimerTriggers(store, "Asia/Shanghai")
            .BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await store.ReadAsync(TimerName, CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return new TimerTestHost(services, hosted);
    }

    /// <summary>The host's timer service, as the office's controls and the dev clock reach it.</summary>
    public TimerTriggerService Timers => _services.GetRequiredService<TimerTriggerService>();

    /// <summary>Waits (real time) for a condition.</summary>
    public static async Task Eventually(Func<bool> condition, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what ?? "condition not met in time");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
