using EduFlows.DurableTask.Providers;
using EduFlows.DurableTask.Storage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>
/// The conformance suite, unchanged, on Microsoft's <c>DurableTask.AzureStorage</c> provider (<c>AzureStorage</c>)
/// against Azurite. Its timers are queue messages hidden for a wall-clock delay, so the cases that wait on timers run
/// on the wall clock here, with spans of seconds (<see cref="DurableConformanceTests.TimerClock"/>); the few that need
/// days to pass are marked with the reason, as is each guarantee it falls short of.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DurableTaskAzureStorageConformanceTests(AzuriteFixture azurite) : DurableConformanceTests
{
    private const string WallClockTimers = "Microsoft's provider fires timers by the wall clock (queue visibility delay), so a fake clock cannot move them and this case's ";

    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(20);

    protected override TimeProvider? TimerClock => TimeProvider.System;

    protected override IOrchestrationBackend CreateBackend(TimeProvider time) =>
        throw new NotSupportedException("Microsoft's provider has no EduFlows backend.");

    protected override void AddProvider(IServiceCollection services, TimeProvider clock) =>
        services.AddAzureStorageProvider(new AzureStorageProviderOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHubName = AzuriteFixture.NewHubName(),
            PartitionCount = 2,
            MaxConcurrentOrchestrations = WorkerOptions.MaxConcurrentOrchestrations,
            MaxConcurrentActivities = WorkerOptions.MaxConcurrentActivities,

            // Idle polling backs off to 30 s by default; a test would wait that long for each message.
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        });

    [Fact(Skip = WallClockTimers + "5-day reminder cannot pass.")]
    public override Task Return_WithATimerLeftOpen_StaysRunningUntilItFires() =>
        base.Return_WithATimerLeftOpen_StaysRunningUntilItFires();

    [Fact(Skip = WallClockTimers + "3-day deadline cannot pass (and its 10-day wait is split into 6-day timers).")]
    public override Task Timer_LosesRaceToEvent_IsNeverObservedByTheOrchestrator() =>
        base.Timer_LosesRaceToEvent_IsNeverObservedByTheOrchestrator();

    [Fact(Skip = WallClockTimers + "730 days cannot pass.")]
    public override Task Timer_730Days_FiresOnlyWhenTheClockGetsThere() => base.Timer_730Days_FiresOnlyWhenTheClockGetsThere();

    [Fact(Skip = "Microsoft's provider falls short (measured on Azurite: 8 of 8 timers of 1-2 s fired 10-916 ms early): it hides the timer message for the delay truncated to whole seconds.")]
    public override Task Timer_OnTheWallClock_NeverFiresEarly() => base.Timer_OnTheWallClock_NeverFiresEarly();

    [Fact(Skip = "Microsoft's provider falls short: a start without dedupe statuses replaces the running instance's start silently.")]
    public override Task Start_ActiveInstanceId_RefusedByTheProviderEvenWithoutDedupeStatuses() =>
        base.Start_ActiveInstanceId_RefusedByTheProviderEvenWithoutDedupeStatuses();

    [Fact(Skip = "Microsoft's provider falls short: its dedupe check reads the instance table and then writes, with no condition, so two starts at once both succeed.")]
    public override Task Start_SameIdTwiceAtOnce_ExactlyOneStarts() => base.Start_SameIdTwiceAtOnce_ExactlyOneStarts();

    [Fact(Skip = "Microsoft's provider falls short: it sends a step's messages before it updates the instance row, so an activity scheduled by step 5 read the status of step 4.")]
    public override Task Status_RightAfterAStepCommits_IsNeverStale() => base.Status_RightAfterAStepCommits_IsNeverStale();

    // Run on the wall clock with spans of seconds (2026-12-06, Azurite); these pass their other assertions and fail only
    // on time, because the provider hides a timer or scheduled start for its delay truncated to whole seconds.
    [Fact(Skip = "Microsoft's provider falls short (measured on Azurite, 2 s timeout): the orchestrator saw the timeout 849 ms before the deadline it set.")]
    public override Task ExternalEvent_WithTimeout_TimesOutWithTaskCanceled() => base.ExternalEvent_WithTimeout_TimesOutWithTaskCanceled();

    [Fact(Skip = "Microsoft's provider falls short (measured on Azurite, back-offs of 1 s and 2 s): the third attempt completed 615 ms before 3 s had passed.")]
    public override Task Retry_ActivityFailsTwiceThenSucceeds_CompletesOnThirdAttemptAfterDurableBackoff() =>
        base.Retry_ActivityFailsTwiceThenSucceeds_CompletesOnThirdAttemptAfterDurableBackoff();

    [Fact(Skip = "Microsoft's provider falls short (measured on Azurite, StartAt now + 3 s): the instance started 810 ms before its start time.")]
    public override Task Start_WithStartTime_StaysPendingUntilThen() => base.Start_WithStartTime_StaysPendingUntilThen();
}
