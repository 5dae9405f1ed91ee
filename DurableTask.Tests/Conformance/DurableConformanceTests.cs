using DurableTask.Core.Exceptions;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage;
using DurableTask.Core.History;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>
/// The runtime's behaviour, written once against <see cref="IOrchestrationBackend"/>: every backend runs this suite unchanged.
/// </summary>
public abstract partial class DurableConformanceTests
{
    /// <summary>Creates the backend under test on the host's clock.</summary>
    protected abstract IOrchestrationBackend CreateBackend(TimeProvider time);

    /// <summary>Registers the provider under test on the host's clock: by default the EduFlows provider over <see cref="CreateBackend"/>.</summary>
    protected virtual void AddProvider(IServiceCollection services, TimeProvider clock) =>
        services.AddSingleton(_ => CreateBackend(clock)).AddEduFlowsProvider(WorkerOptions);

    /// <summary>Worker options for this run (e.g. with the session cache off, to force replay).</summary>
    protected virtual EduFlowsProviderOptions WorkerOptions => new() { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 8 };

    /// <summary>How often test helpers poll the instance (real time).</summary>
    protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(2);

    protected Task<DurableTestHost> StartHostAsync(Action<DurableTaskRegistry> register, TimeProvider? clock = null) =>
        DurableTestHost.StartWithProviderAsync(AddProvider, register, pollInterval: PollInterval, clock: clock);

    /// <summary>
    /// The clock for cases that wait on durable timers: null for the host's fake clock; the wall clock where the
    /// provider fires timers by it (a queue's visibility delay), and those cases then wait seconds instead of days.
    /// </summary>
    protected virtual TimeProvider? TimerClock => null;

    /// <summary>Most a wall-clock instant may come after the one a case expects: a loaded machine and a polling provider.</summary>
    protected static readonly TimeSpan WallClockSlack = TimeSpan.FromSeconds(30);

    /// <summary>Starts a host on <see cref="TimerClock"/>: a case whose timers must fire by the time it reads.</summary>
    protected Task<DurableTestHost> StartTimedHostAsync(Action<DurableTaskRegistry> register) => StartHostAsync(register, TimerClock);

    /// <summary>A timer's span: as written on the fake clock, a few seconds on the wall clock.</summary>
    protected TimeSpan TimerSpan(TimeSpan onFakeClock, TimeSpan onWallClock) => TimerClock is null ? onFakeClock : onWallClock;

    /// <summary>On the fake clock <paramref name="actual"/> is exactly <paramref name="expected"/>; on the wall clock never before it and at most <see cref="WallClockSlack"/> after.</summary>
    protected static void AssertAt(DurableTestHost host, DateTimeOffset expected, DateTimeOffset actual)
    {
        if (host.OnFakeClock)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(actual >= expected, $"{(expected - actual).TotalMilliseconds:F0} ms early: expected {expected:O}, was {actual:O}");
        Assert.True(actual - expected <= WallClockSlack, $"{(actual - expected).TotalSeconds:F1} s late: expected {expected:O}, was {actual:O}");
    }

    /// <summary>The time the step that wrote <paramref name="e"/> ran at (its OrchestratorStarted): what the orchestrator read as now.</summary>
    protected static DateTime StepTimeOf(IEnumerable<HistoryEvent> history, HistoryEvent e) =>
        history.TakeWhile(h => !ReferenceEquals(h, e)).OfType<OrchestratorStartedEvent>().Last().Timestamp;

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A task body that throws where it runs, so the failure keeps its stack trace.</summary>
    protected static Func<TContext, TInput, Task<TOutput>> Throwing<TContext, TInput, TOutput>(Func<Exception> failure) =>
        (_, _) => throw failure();

    [Fact]
    public async Task HelloSequence_ThreeActivities_ReturnsGreetingsInOrder()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
            .AddOrchestratorFunc<object?, string[]>("Hello", async (ctx, _) =>
            [
                await ctx.CallActivityAsync<string>("SayHello", "Tokyo"),
                await ctx.CallActivityAsync<string>("SayHello", "Seattle"),
                await ctx.CallActivityAsync<string>("SayHello", "London"),
            ]));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", new StartOrchestrationOptions(NewId("hello")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], result.ReadOutputAs<string[]>()!);
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
    }

    [Fact]
    public async Task FanOutFanIn_1000Activities_EveryResultAppliedOnce()
    {
        int calls = 0;
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, n) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(n * n);
            })
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
            {
                var tasks = Enumerable.Range(1, count).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                int[] squares = await Task.WhenAll(tasks);
                return squares.Sum(s => (long)s);
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 1000, new StartOrchestrationOptions(NewId("fan")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(333_833_500L, result.ReadOutputAs<long>()); // sum of i^2 for i = 1..1000
        Assert.True(calls >= 1000, $"expected at least 1000 activity runs, saw {calls}");
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(1000, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(1000, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
        Assert.Equal(1000, history.OfType<TaskCompletedEvent>().Count());
    }

    [Fact]
    public virtual async Task Retry_ActivityFailsTwiceThenSucceeds_CompletesOnThirdAttemptAfterDurableBackoff()
    {
        int attempts = 0;
        var firstBackoff = TimerSpan(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        await using var host = await StartTimedHostAsync(r => r
            .AddActivityFunc<string, string>("Flaky", (_, x) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new TimeoutException("mail server busy") : Task.FromResult(x + " sent"))
            .AddOrchestratorFunc<string, string>("Retrying", (ctx, x) =>
                ctx.CallActivityAsync<string>("Flaky", x, TaskOptions.FromRetryPolicy(new RetryPolicy(5, firstBackoff, backoffCoefficient: 2)))));
        var started = host.Clock.GetUtcNow();

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "notice", new StartOrchestrationOptions(NewId("retry")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("notice sent", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        var timers = history.OfType<TimerCreatedEvent>().ToList();
        Assert.Equal(2, timers.Count);
        Assert.Equal(firstBackoff, timers[0].FireAt - StepTimeOf(history, timers[0]));
        Assert.Equal(firstBackoff * 2, timers[1].FireAt - StepTimeOf(history, timers[1]));
        var finished = history.OfType<ExecutionCompletedEvent>().Single();
        AssertAt(host, started + (firstBackoff * 3), StepTimeOf(history, finished));
    }

    [Fact]
    public async Task Retry_HandlePredicateRefuses_FailsAfterOneAttempt()
    {
        int attempts = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMinutes(1)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() };
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Validate", Throwing<TaskActivityContext, string, string>(() =>
            {
                Interlocked.Increment(ref attempts);
                return new ArgumentException("bad e-mail address");
            }))
            .AddOrchestratorFunc<string, string>("Validating", (ctx, x) => ctx.CallActivityAsync<string>("Validate", x, TaskOptions.FromRetryPolicy(policy))));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Validating", "x", new StartOrchestrationOptions(NewId("noretry")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
        Assert.Equal(typeof(ArgumentException).FullName, (result.FailureDetails!.InnerFailure ?? result.FailureDetails).ErrorType);
    }

    [Fact]
    public async Task ActivityFailure_Unhandled_InstanceFailedWithTypeMessageAndStackTrace()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Explode", Throwing<TaskActivityContext, string, string>(() => new InvalidOperationException("roster file is empty")))
            .AddOrchestratorFunc<string, string>("Unhandled", (ctx, x) => ctx.CallActivityAsync<string>("Explode", x)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Unhandled", "x", new StartOrchestrationOptions(NewId("fail")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var failure = result.FailureDetails!;

        // As in Azure Functions, the orchestration fails with the SDK's TaskFailedException; its cause is the activity's.
        Assert.Equal(typeof(InvalidOperationException).FullName, (failure.InnerFailure ?? failure).ErrorType);
        Assert.Contains("roster file is empty", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Explode", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(failure.StackTrace));
    }

    [Fact]
    public async Task ActivityFailure_Caught_OrchestratorSeesTypedTaskFailedException()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Explode", Throwing<TaskActivityContext, string, string>(() => new FormatException("not a date")))
            .AddOrchestratorFunc<string, string>("Handled", async (ctx, x) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Explode", x);
                }
                catch (Microsoft.DurableTask.TaskFailedException ex)
                {
                    return $"{ex.TaskName}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}|{ex.FailureDetails.IsCausedBy<FormatException>()}";
                }
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Handled", "x", new StartOrchestrationOptions(NewId("caught")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal($"Explode|{typeof(FormatException).FullName}|not a date|True", result.ReadOutputAs<string>());
    }

    [Fact]
    public virtual async Task Timer_730Days_FiresOnlyWhenTheClockGetsThere()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, DateTime>("TwoYearWindow", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(730), CancellationToken.None);
                return ctx.CurrentUtcDateTime;
            }));
        var start = host.Time.GetUtcNow();

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoYearWindow", new StartOrchestrationOptions(NewId("window")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        host.Time.Advance(TimeSpan.FromDays(729));
        await Task.Delay(50);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        host.Time.Advance(TimeSpan.FromDays(1));
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(result.ReadOutputAs<DateTime>() >= start.AddDays(730).UtcDateTime);
    }

    [Fact]
    public virtual async Task ExternalEvent_WithTimeout_TimesOutWithTaskCanceled()
    {
        var timeout = TimerSpan(TimeSpan.FromHours(48), TimeSpan.FromSeconds(2));
        await using var host = await StartTimedHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Deadline", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("submit", timeout);
                }
                catch (TaskCanceledException)
                {
                    return "expired at " + ctx.CurrentUtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                }
            }));
        var start = host.Clock.GetUtcNow();

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Deadline", new StartOrchestrationOptions(NewId("timeout")));
        var result = await host.RunToCompletionAsync(id);

        string output = result.ReadOutputAs<string>()!;
        Assert.StartsWith("expired at ", output, StringComparison.Ordinal);
        var expiredAt = DateTime.Parse(output["expired at ".Length..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        var deadline = Assert.Single(history.OfType<TimerCreatedEvent>());
        Assert.Equal(timeout, deadline.FireAt - StepTimeOf(history, deadline));

        // Never before the deadline the orchestrator set; on the fake clock, exactly the start plus the timeout.
        AssertAt(host, host.OnFakeClock ? start + timeout : new DateTimeOffset(DateTime.SpecifyKind(deadline.FireAt, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(expiredAt, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task ExternalEvent_WithoutTimeout_ReceivesPayload()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, Score>("Scoring", async (ctx, _) => await ctx.WaitForExternalEvent<Score>("score")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Scoring", new StartOrchestrationOptions(NewId("event")));
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "score", new Score("judge-7", 93.5m));
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(new Score("judge-7", 93.5m), result.ReadOutputAs<Score>());
    }

    [Fact]
    public virtual async Task ExternalEvent_RaisedBeforeTheWait_IsBuffered()
    {
        var delay = TimerSpan(TimeSpan.FromHours(1), TimeSpan.FromSeconds(3));
        await using var host = await StartTimedHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Late", async (ctx, _) =>
            {
                await ctx.CreateTimer(delay, CancellationToken.None);
                return await ctx.WaitForExternalEvent<string>("data");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Late", new StartOrchestrationOptions(NewId("buffer")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Client.RaiseEventAsync(id, "data", "early bird");
        var raised = await host.WaitForHistoryAsync(id, h => h.OfType<EventRaisedEvent>().Any());

        // The case holds only if the event came while the timer was still open, before the orchestrator waited for it.
        Assert.Empty(raised.OfType<TimerFiredEvent>());
        host.Advance(delay);
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("early bird", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_SeveralOfOneName_DeliveredInOrder()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<int, List<int>>("Collect", async (ctx, count) =>
            {
                var items = new List<int>();
                for (int i = 0; i < count; i++)
                {
                    items.Add(await ctx.WaitForExternalEvent<int>("item"));
                }

                return items;
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Collect", 5, new StartOrchestrationOptions(NewId("order")));
        foreach (int item in new[] { 5, 3, 8, 1, 9 })
        {
            await host.Client.RaiseEventAsync(id, "item", item);
        }

        var result = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal([5, 3, 8, 1, 9], result.ReadOutputAs<List<int>>());
    }

    [Fact]
    public async Task SubOrchestration_ReturnsItsOutputToTheParent()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestratorFunc<int, int>("Child", (ctx, n) => ctx.CallActivityAsync<int>("Double", n))
            .AddOrchestratorFunc<int, int[]>("Parent", async (ctx, n) =>
                await Task.WhenAll(ctx.CallSubOrchestratorAsync<int>("Child", n), ctx.CallSubOrchestratorAsync<int>("Child", n + 1,
                    new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-named-child" }))));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 20, new StartOrchestrationOptions(NewId("parent")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal([40, 42], result.ReadOutputAs<int[]>()!);
        var named = await host.Client.GetInstanceAsync(id + "-named-child", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, named!.RuntimeStatus);
        Assert.Equal(42, named.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SubOrchestration_Failure_SurfacesAsTaskFailedExceptionInTheParent()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<int, int>("BadChild", Throwing<TaskOrchestrationContext, int, int>(() => new InvalidDataException("indicator weights do not sum to 100")))
            .AddOrchestratorFunc<int, string>("CarefulParent", async (ctx, n) =>
            {
                try
                {
                    await ctx.CallSubOrchestratorAsync<int>("BadChild", n);
                    return "no error";
                }
                catch (Microsoft.DurableTask.TaskFailedException ex)
                {
                    return $"{ex.TaskName}: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
                }
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CarefulParent", 1, new StartOrchestrationOptions(NewId("badparent")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal($"BadChild: {typeof(InvalidDataException).FullName}: indicator weights do not sum to 100", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_1000Generations_KeepsHistoryBounded()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<int, int>("Counter", (ctx, n) =>
            {
                if (n < 1000)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return Task.FromResult(n);
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0, new StartOrchestrationOptions(NewId("counter")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(1000, result.ReadOutputAs<int>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        // One generation: OrchestratorStarted, ExecutionStarted, OrchestratorCompleted, then the last step's three.
        Assert.True(history.Count <= 6, $"history should hold one generation, held {history.Count} events");
        Assert.Equal("1000", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
    }

    [Fact]
    public virtual async Task ContinueAsNew_PreservesUnprocessedEvents()
    {
        var delay = TimerSpan(TimeSpan.FromHours(1), TimeSpan.FromSeconds(3));
        await using var host = await StartTimedHostAsync(r => r
            .AddOrchestratorFunc<int, string>("Generations", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    await ctx.CreateTimer(delay, CancellationToken.None);
                    ctx.ContinueAsNew(1);
                    return "first";
                }

                return await ctx.WaitForExternalEvent<string>("carried");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Generations", 0, new StartOrchestrationOptions(NewId("carry")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Client.RaiseEventAsync(id, "carried", "kept across generations");
        var raised = await host.WaitForHistoryAsync(id, h => h.OfType<EventRaisedEvent>().Any());

        // The case holds only if the event came to the first generation, while its timer was still open.
        Assert.Empty(raised.OfType<TimerFiredEvent>());
        Assert.Equal("0", raised.OfType<ExecutionStartedEvent>().Single().Input);
        host.Advance(delay);
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("kept across generations", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CustomStatus_IsVisibleWhileRunning()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Showing", async (ctx, _) =>
            {
                ctx.SetCustomStatus(new { stage = "self-assessment", missing = 3 });
                return await ctx.WaitForExternalEvent<string>("go");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Showing", new StartOrchestrationOptions(NewId("status")));
        var running = await WaitForCustomStatusAsync(host, id, null);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal("{\"stage\":\"self-assessment\",\"missing\":3}", running.SerializedCustomStatus);
        await host.Client.RaiseEventAsync(id, "go", "ok");
        Assert.Equal("ok", (await host.RunToCompletionAsync(id, skipTime: false)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithReasonAndRefusesMoreEvents()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new StartOrchestrationOptions(NewId("terminate")));
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await host.Client.TerminateInstanceAsync(id, "post abolished");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("post abolished", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RaiseEventAsync(id, "never", "x"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.RaiseEventAsync(NewId("nobody"), "never", "x"));
    }

    [Fact]
    public async Task Restart_FinishedInstance_RunsAgainWithOriginalInput()
    {
        int runs = 0;
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Count", (_, x) => Task.FromResult($"{x}#{Interlocked.Increment(ref runs)}"))
            .AddOrchestratorFunc<string, string>("Once", (ctx, x) => ctx.CallActivityAsync<string>("Count", x)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", "batch-2017-05", new StartOrchestrationOptions(NewId("restart")));
        Assert.Equal("batch-2017-05#1", (await host.RunToCompletionAsync(id)).ReadOutputAs<string>());

        string sameId = await host.Client.RestartAsync(id);
        await host.WaitForHistoryAsync(id, h => h.OfType<ExecutionCompletedEvent>().Any() && h.OfType<TaskCompletedEvent>().Any(e => e.Result!.Contains("#2", StringComparison.Ordinal)));
        Assert.Equal(id, sameId);
        Assert.Equal("batch-2017-05#2", (await host.RunToCompletionAsync(id)).ReadOutputAs<string>());

        string newId = await host.Client.RestartAsync(id, restartWithNewInstanceId: true);
        Assert.NotEqual(id, newId);
        Assert.Equal("batch-2017-05#3", (await host.RunToCompletionAsync(newId)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_ActiveInstanceId_IsRefused_FinishedIdMayBeReused()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));
        string id = NewId("dup");

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "first", new StartOrchestrationOptions(id));
        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "second", new StartOrchestrationOptions(id)));
        Assert.Contains(id, refused.Message, StringComparison.Ordinal);

        await host.Client.RaiseEventAsync(id, "go", "done");
        await host.RunToCompletionAsync(id, skipTime: false);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "third", new StartOrchestrationOptions(id));
        var again = await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        Assert.Equal("third", again.ReadInputAs<string>());
    }

    [Fact]
    public virtual async Task Start_WithStartTime_StaysPendingUntilThen()
    {
        await using var host = await StartTimedHostAsync(r => r
            .AddOrchestratorFunc<string, DateTime>("Later", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime)));
        var startAt = host.Clock.GetUtcNow() + TimerSpan(TimeSpan.FromDays(2), TimeSpan.FromSeconds(3));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Later", "review", new StartOrchestrationOptions(NewId("scheduled"), startAt));
        await Task.Delay(50);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        host.MoveTo(startAt);
        var result = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal("review", result.ReadInputAs<string>());
        AssertAt(host, startAt, new DateTimeOffset(DateTime.SpecifyKind(result.ReadOutputAs<DateTime>(), DateTimeKind.Utc)));
    }

    [Fact]
    public async Task Purge_OneInstanceAndByFilter_RemovesOnlyFinishedOnes()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<string, string>("Quick", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string, string>("Slow", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));
        string prefix = NewId("purge");
        var done = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            done.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "x", new StartOrchestrationOptions($"{prefix}-done-{i}")));
        }

        string active = await host.Client.ScheduleNewOrchestrationInstanceAsync("Slow", "x", new StartOrchestrationOptions($"{prefix}-active"));
        foreach (var id in done)
        {
            await host.RunToCompletionAsync(id);
        }

        await host.WaitForStatusAsync(active, OrchestrationRuntimeStatus.Running);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(active));

        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(done[0])).PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done[0]));
        Assert.Empty(await host.Client.GetOrchestrationHistoryAsync(done[0]));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(done[0])).PurgedInstanceCount);

        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: host.Time.GetUtcNow().AddMinutes(-1)));
        Assert.Equal(2, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done[1]));
        Assert.Null(await host.Client.GetInstanceAsync(done[2]));
        Assert.NotNull(await host.Client.GetInstanceAsync(active));
    }

    [Fact]
    public async Task Query_WithPaging_ReturnsEveryMatchOnceInIdOrder()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<int, int>("Echo", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, int>("Hold", (ctx, _) => ctx.WaitForExternalEvent<int>("go")));
        string prefix = NewId("query");
        for (int i = 0; i < 25; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(i % 5 == 0 ? "Hold" : "Echo", i, new StartOrchestrationOptions($"{prefix}-{i:D2}"));
        }

        for (int i = 0; i < 25; i++)
        {
            await host.WaitForStatusAsync($"{prefix}-{i:D2}", i % 5 == 0 ? OrchestrationRuntimeStatus.Running : OrchestrationRuntimeStatus.Completed);
        }

        var seen = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 10 };
        int pages = 0;
        do
        {
            var page = await host.Client.GetPageAsync(query);
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            query = query with { ContinuationToken = page.ContinuationToken };
            pages++;
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{prefix}-{i:D2}"), seen);

        var running = await host.Client.GetPageAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running] });
        Assert.Equal(["00", "05", "10", "15", "20"], running.Instances.Select(i => i.InstanceId[^2..]));

        var none = await host.Client.GetPageAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedFrom = host.Time.GetUtcNow().AddSeconds(1) });
        Assert.Empty(none.Instances);
        var all = await host.Client.GetPageAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedTo = host.Time.GetUtcNow(), PageSize = 100 });
        Assert.Equal(25, all.Instances.Count);
    }

    [Fact]
    public async Task NonDurableAwait_FailsWithAClearErrorInsteadOfHanging()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Sleepy", async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromMinutes(10));
                return "never";
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleepy", new StartOrchestrationOptions(NewId("sleepy")));
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("not durable", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargePayloads_5MBInputAndOutput_RoundTrip()
    {
        string big = string.Create(5 * 1024 * 1024, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Reverse", (_, s) => Task.FromResult(new string(s.Reverse().ToArray())))
            .AddOrchestratorFunc<string, string>("Big", (ctx, s) => ctx.CallActivityAsync<string>("Reverse", s)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Big", big, new StartOrchestrationOptions(NewId("big")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(big, result.ReadInputAs<string>());
        string output = result.ReadOutputAs<string>()!;
        Assert.Equal(big.Length, output.Length);
        Assert.Equal(new string(big.Reverse().ToArray()), output);
    }

    [Fact]
    public async Task UnknownNames_FailWithNotFoundDetails()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("CallsMissing", (ctx, _) => ctx.CallActivityAsync<string>("NoSuchActivity")));

        string missingActivity = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissing", new StartOrchestrationOptions(NewId("missing")));
        string missingOrchestrator = await host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator", new StartOrchestrationOptions(NewId("missing")));

        var activityFailure = (await host.RunToCompletionAsync(missingActivity)).FailureDetails!;
        Assert.Equal("No activity named 'NoSuchActivity' is registered.", (activityFailure.InnerFailure ?? activityFailure).ErrorMessage);
        Assert.Equal("No orchestrator named 'NoSuchOrchestrator' is registered.", (await host.RunToCompletionAsync(missingOrchestrator)).FailureDetails!.ErrorMessage);
    }

    protected static async Task<OrchestrationMetadata> WaitForCustomStatusAsync(DurableTestHost host, string id, string? expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var meta = await host.Client.GetInstanceAsync(id, cancellation: cts.Token);
            if (meta?.SerializedCustomStatus is { } status && (expected is null || status == PayloadJson.Serialize(expected)))
            {
                return meta;
            }

            await Task.Delay(host.PollInterval, cts.Token);
        }
    }

    public sealed record Score(string Judge, decimal Points);
}
