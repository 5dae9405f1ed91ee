using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EduFlows.FunctionIndex;
using EduFlows.Triggers.Timers;
using Microsoft.Azure.Functions.Worker;
using TimerInfo = Microsoft.Azure.Functions.Worker.TimerInfo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Triggers.Timers;

/// <summary>A [TimerTrigger] function as the local host runs it: on start when asked, then at each occurrence in bureau time, with the worker's TimerInfo.</summary>
public sealed class TimerFunctionTests
{
    [Fact]
    public async Task ATimerFunction_RunsOnStartup_ThenAtNineOnEachFirst_InShanghai_WithItsScheduleStatus()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var seen = new TimerCalls();
        var statuses = new InMemoryScheduleStatusStore();
        var function = IndexedFunction.Create(
            new FunctionMetadata(
                RecordingTimer.Name,
                "EduFlows.Functions.Tests.dll",
                $"{typeof(RecordingTimer).FullName}.{nameof(RecordingTimer.RunAsync)}",
                [new JsonObject { ["name"] = "timer", ["type"] = "timerTrigger", ["direction"] = "In", ["schedule"] = "0 0 9 1 * *", ["runOnStartup"] = true }]),
            typeof(RecordingTimer).Assembly);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(seen)
            .AddTimerFunctions(FunctionCatalog.Of(function), new ConfigurationBuilder().Build())
            .AddTimerTriggers(statuses, "Asia/Shanghai")
            .BuildServiceProvider();

        // The clock moves only once the run before is recorded and the next occurrence armed: moved while a run is
        // still finishing, the occurrence has passed by the time it is scheduled, and the overlap policy skips it.
        async Task<bool> ArmedFor(DateTimeOffset next) => (await statuses.ReadAsync(RecordingTimer.Name, CancellationToken.None))?.Next == next;
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            await TimerTestHost.Eventually(() => seen.Calls.Count == 1, "the startup run");
            await TimerTestHost.Eventually(() => ArmedFor(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero)).GetAwaiter().GetResult(), "the 1 April occurrence armed");
            time.SetUtcNow(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero));
            await TimerTestHost.Eventually(() => seen.Calls.Count == 2, "the 1 April occurrence");
            await TimerTestHost.Eventually(() => ArmedFor(new DateTimeOffset(2026, 5, 1, 1, 0, 0, TimeSpan.Zero)).GetAwaiter().GetResult(), "the 1 May occurrence armed");
            time.SetUtcNow(new DateTimeOffset(2026, 5, 1, 1, 0, 0, TimeSpan.Zero));
            await TimerTestHost.Eventually(() => seen.Calls.Count == 3, "the 1 May occurrence");

            // As Azure's timer extension passes it: the status before this run, so Next is the occurrence now running.
            var calls = seen.Calls.ToArray();
            Assert.All(calls, c => Assert.False(c.IsPastDue));
            Assert.Equal(new DateTime(2026, 4, 1, 1, 0, 0, DateTimeKind.Utc), calls[0].ScheduleStatus!.Next);
            Assert.Equal(default, calls[1].ScheduleStatus!.Last);
            Assert.Equal(new DateTime(2026, 4, 1, 1, 0, 0, DateTimeKind.Utc), calls[1].ScheduleStatus!.Next);
            Assert.Equal(new DateTime(2026, 4, 1, 1, 0, 0, DateTimeKind.Utc), calls[2].ScheduleStatus!.Last);
            Assert.Equal(new DateTime(2026, 5, 1, 1, 0, 0, DateTimeKind.Utc), calls[2].ScheduleStatus!.Next);
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }
}

/// <summary>What the recording timer saw.</summary>
public sealed class TimerCalls
{
    public ConcurrentQueue<TimerInfo> Calls { get; } = new();
}

/// <summary>A timer function that records each call; its class is created per call with its services.</summary>
public sealed class RecordingTimer(TimerCalls calls)
{
    public const string Name = "RecordingTimer";

    [Function(Name)]
    public Task RunAsync([TimerTrigger("0 0 9 1 * *", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        calls.Calls.Enqueue(timer);
        return Task.CompletedTask;
    }
}
