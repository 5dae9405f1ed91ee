using EduFlows.DurableTask;
using EduFlows.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>Engine behaviour that does not depend on the backend: DI-created activities and orchestrators, logging.</summary>
public sealed class DurableTaskWorkerTests
{
    [Fact]
    public async Task ClassBasedActivityAndOrchestrator_AreCreatedThroughDependencyInjection()
    {
        var roster = new Roster(["Li Wei", "Wang Fang"]);
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            r => r.AddActivity<LookUpStaff>().AddOrchestrator<GreetStaff>(),
            configureServices: s => s.AddSingleton(roster));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetStaff), new[] { 1, 0 });
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(["Dear Wang Fang", "Dear Li Wei"], result.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task ReplaySafeLogger_WritesEachLineOncePerRealStep()
    {
        var sink = new CapturingLoggerProvider();
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            r => r
                .AddActivityFunc<int, int>("Inc", (_, n) => Task.FromResult(n + 1))
                .AddOrchestratorFunc<int, int>("Logged", async (ctx, n) =>
                {
                    var log = ctx.CreateReplaySafeLogger("Review");
                    for (int i = 0; i < 3; i++)
                    {
                        log.LogInformation("step {Step}", i);
                        n = await ctx.CallActivityAsync<int>("Inc", n);
                    }

                    return n;
                }),
            null,
            s => s.AddLogging(b => b.AddProvider(sink)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Logged", 0);
        Assert.Equal(3, (await host.RunToCompletionAsync(id)).ReadOutputAs<int>());

        Assert.Equal(["step 0", "step 1", "step 2"], sink.Messages("Review"));
    }

    [Fact]
    public async Task GetInstance_WithoutInputsAndOutputs_LeavesThemOut()
    {
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time), r => r.AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "payload");
        await host.RunToCompletionAsync(id);

        var bare = await host.Client.GetInstanceAsync(id);
        var full = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Null(bare!.SerializedInput);
        Assert.Null(bare.SerializedOutput);
        Assert.Equal("\"payload\"", full!.SerializedInput);
        Assert.Equal("\"payload\"", full.SerializedOutput);
    }

    [Fact]
    public void Registry_DuplicateName_IsRefused()
    {
        var registry = new DurableTaskRegistry().AddActivityFunc<int, int>("Score", (_, n) => Task.FromResult(n));

        var error = Assert.Throws<ArgumentException>(() => registry.AddActivityFunc<int, int>("score", (_, n) => Task.FromResult(n)));
        Assert.Contains("'score' is already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityTimeout_ActivityRunsPastTheFunctionTimeout_FailsWithTimeoutAndItsTokenIsCancelledWhileItsServicesLive()
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new CallRunning();
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            r => r
                .AddActivity<Hanging>()
                .AddOrchestratorFunc<object?, string>("CallsHanging", async (ctx, _) =>
                {
                    try
                    {
                        return await ctx.CallActivityAsync<string>(nameof(Hanging));
                    }
                    catch (TaskFailedException ex)
                    {
                        return ex.FailureDetails.ErrorType + ": " + ex.FailureDetails.ErrorMessage;
                    }
                }),
            null,
            s => s.AddSingleton(cancelled).AddSingleton(running).AddScoped<ScopeProbe>().AddSingleton(new FunctionTimeout(TimeSpan.FromMinutes(10))));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsHanging");
        // The clock moves only once the call runs (its timeout is set as it starts); moved before, nothing would time it out.
        await running.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(100);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal($"{typeof(TimeoutException).FullName}: Activity 'Hanging' ran longer than the function timeout of 00:10:00.", result.ReadOutputAs<string>());
        Assert.True(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ActivityTimeout_OnItsOwnClock_IsNotReachedWhenTheAppClockJumps()
    {
        // The local host times calls on the wall clock, so that moving its dev clock by days does not time them out.
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new CallRunning();
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            r => r
                .AddActivity<AwaitsRelease>()
                .AddOrchestratorFunc<object?, string>("CallsAwaitsRelease", (ctx, _) => ctx.CallActivityAsync<string>(nameof(AwaitsRelease))),
            null,
            s => s.AddSingleton(release).AddSingleton(running).AddSingleton(new FunctionTimeout(TimeSpan.FromMinutes(10), TimeProvider.System)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsAwaitsRelease");
        await running.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(100);
        host.Time.Advance(TimeSpan.FromDays(5));
        await Task.Delay(500);
        release.TrySetResult("finished");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("finished", result.ReadOutputAs<string>());
    }

    public sealed class AwaitsRelease(TaskCompletionSource<string> release, CallRunning running, ActivityCancellation cancellation) : TaskActivity<object?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, object? input)
        {
            running.Started.TrySetResult();
            return release.Task.WaitAsync(cancellation.Token);
        }
    }

    /// <summary>Set when the activity call starts running.</summary>
    public sealed class CallRunning
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A scoped service that knows whether its scope has been disposed.</summary>
    public sealed class ScopeProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    public sealed class Hanging(TaskCompletionSource<bool> cancelled, CallRunning running, ScopeProbe scope, ActivityCancellation cancellation) : TaskActivity<TaskCompletionSource<bool>?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, TaskCompletionSource<bool>? input)
        {
            try
            {
                running.Started.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellation.Token);
                return "never";
            }
            catch (OperationCanceledException)
            {
                // True only when the activity hears of the timeout while its scoped services are still usable.
                cancelled.TrySetResult(!scope.Disposed);
                throw;
            }
        }
    }

    public sealed record Roster(string[] Names);

    public sealed class LookUpStaff(Roster roster) : TaskActivity<int, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, int input) =>
            Task.FromResult(roster.Names[input]);
    }

    public sealed class GreetStaff : TaskOrchestrator<int[], string[]>
    {
        public override async Task<string[]> RunAsync(TaskOrchestrationContext context, int[] input)
        {
            var names = await Task.WhenAll(input.Select(i => context.CallActivityAsync<string>(nameof(LookUpStaff), i)));
            return [.. names.Select(n => "Dear " + n)];
        }
    }
}
