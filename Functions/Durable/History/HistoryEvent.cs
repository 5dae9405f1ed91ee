using System.Text.Json.Serialization;

namespace EduFlows.Durable.History;

// The history event hierarchy is one closed union, kept in one file so the whole vocabulary of a history reads at a glance.

/// <summary>One fact in an orchestration's history; history is the truth that replay re-runs the orchestrator against.</summary>
/// <param name="EventId">For events that schedule something, the task's sequence number; otherwise -1.</param>
/// <param name="Timestamp">When the event was recorded.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), "SubOrchestrationInstanceFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
public abstract record HistoryEvent(int EventId, DateTimeOffset Timestamp)
{
    /// <summary>The event's kind as Durable Functions names it (e.g. "TaskScheduled").</summary>
    [JsonIgnore]
    public string EventType => GetType().Name[..^"Event".Length];
}

/// <summary>Where a sub-orchestration reports back to.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskScheduledId, string Name);

/// <summary>An execution (generation) of an instance started.</summary>
public sealed record ExecutionStartedEvent(
    DateTimeOffset Timestamp, string Name, string ExecutionId, string? Input, ParentInstance? Parent = null, DateTimeOffset? ScheduledStartTime = null)
    : HistoryEvent(-1, Timestamp);

/// <summary>A step of the orchestrator began; its timestamp is <c>CurrentUtcDateTime</c> for the step.</summary>
public sealed record OrchestratorStartedEvent(DateTimeOffset Timestamp) : HistoryEvent(-1, Timestamp);

/// <summary>The orchestrator scheduled an activity.</summary>
public sealed record TaskScheduledEvent(int EventId, DateTimeOffset Timestamp, string Name, string? Input) : HistoryEvent(EventId, Timestamp);

/// <summary>An activity returned.</summary>
public sealed record TaskCompletedEvent(DateTimeOffset Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp);

/// <summary>An activity threw.</summary>
public sealed record TaskFailedEvent(DateTimeOffset Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent(-1, Timestamp);

/// <summary>The orchestrator started a sub-orchestration.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent(int EventId, DateTimeOffset Timestamp, string Name, string InstanceId, string? Input)
    : HistoryEvent(EventId, Timestamp);

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent(DateTimeOffset Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp);

/// <summary>A sub-orchestration failed or was terminated.</summary>
public sealed record SubOrchestrationInstanceFailedEvent(DateTimeOffset Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails)
    : HistoryEvent(-1, Timestamp);

/// <summary>The orchestrator created a durable timer.</summary>
public sealed record TimerCreatedEvent(int EventId, DateTimeOffset Timestamp, DateTimeOffset FireAt) : HistoryEvent(EventId, Timestamp);

/// <summary>A durable timer fired.</summary>
public sealed record TimerFiredEvent(DateTimeOffset Timestamp, int TimerId, DateTimeOffset FireAt) : HistoryEvent(-1, Timestamp);

/// <summary>An external event arrived.</summary>
public sealed record EventRaisedEvent(DateTimeOffset Timestamp, string Name, string? Input) : HistoryEvent(-1, Timestamp);

/// <summary>The execution ended: completed, failed or continued as new.</summary>
public sealed record ExecutionCompletedEvent(DateTimeOffset Timestamp, OrchestrationRuntimeStatus Status, string? Result, TaskFailureDetails? FailureDetails)
    : HistoryEvent(-1, Timestamp);

/// <summary>A client terminated the instance.</summary>
public sealed record ExecutionTerminatedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);

/// <summary>A client suspended the instance.</summary>
public sealed record ExecutionSuspendedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);

/// <summary>A client resumed the instance.</summary>
public sealed record ExecutionResumedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);
