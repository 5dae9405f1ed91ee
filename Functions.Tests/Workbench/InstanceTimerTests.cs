using DurableTask.Core.History;
using EduFlows.Workbench;

namespace EduFlows.Tests.Workbench;

/// <summary>An instance's next timer read from its history: the earliest created and not fired, of its current execution.</summary>
public sealed class InstanceTimerTests
{
    private static readonly DateTime Start = new(2026, 9, 1, 1, 0, 0, DateTimeKind.Utc);

    private static TimerCreatedEvent Created(int id, DateTime fireAt) => new(id) { FireAt = fireAt };

    private static TimerFiredEvent Fired(int timerId, DateTime fireAt) => new(-1) { TimerId = timerId, FireAt = fireAt };

    [Fact]
    public void Pending_SeveralOpen_IsTheEarliest()
    {
        var history = new HistoryEvent[] { new ExecutionStartedEvent(-1, null), Created(1, Start.AddDays(3)), Created(2, Start.AddDays(2)) };

        Assert.Equal(Start.AddDays(2), InstanceTimer.Pending(history));
    }

    [Fact]
    public void Pending_AFiredTimer_IsNotShown_TheNextIs()
    {
        var history = new HistoryEvent[] { new ExecutionStartedEvent(-1, null), Created(1, Start.AddDays(2)), Fired(1, Start.AddDays(2)), Created(3, Start.AddDays(3)) };

        Assert.Equal(Start.AddDays(3), InstanceTimer.Pending(history));
    }

    [Fact]
    public void Pending_EveryTimerFired_IsNull()
    {
        var history = new HistoryEvent[] { new ExecutionStartedEvent(-1, null), Created(1, Start.AddDays(2)), Fired(1, Start.AddDays(2)) };

        Assert.Null(InstanceTimer.Pending(history));
    }

    [Fact]
    public void Pending_AnEarlierExecutionsTimer_IsNotTheCurrentOnes()
    {
        var history = new HistoryEvent[]
        {
            new ExecutionStartedEvent(-1, null), Created(1, Start.AddDays(1)), new ContinueAsNewEvent(2, null),
            new ExecutionStartedEvent(-1, null), Created(1, Start.AddDays(5)),
        };

        Assert.Equal(Start.AddDays(5), InstanceTimer.Pending(history));
    }
}
