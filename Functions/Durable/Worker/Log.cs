using Microsoft.Extensions.Logging;

namespace EduFlows.Durable.Worker;

/// <summary>The runtime's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Instance {InstanceId}: start message dropped, the instance is {Status}.")]
    public static partial void StartDropped(ILogger logger, string instanceId, OrchestrationRuntimeStatus? status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Instance {InstanceId}: {EventType} dropped (instance missing, finished, or an older execution).")]
    public static partial void MessageDropped(ILogger logger, string instanceId, string eventType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Instance {InstanceId} failed: {Failure}")]
    public static partial void OrchestrationFailed(ILogger logger, string instanceId, TaskFailureDetails? failure);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Instance {InstanceId}: the step could not be completed; its messages will be delivered again.")]
    public static partial void StepAbandoned(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Activity {Name} for {InstanceId}: the result could not be stored; the call will be delivered again.")]
    public static partial void ActivityAbandoned(ILogger logger, string name, string instanceId, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Activity {Name} for {InstanceId} (#{TaskId}) failed: {Error}")]
    public static partial void ActivityFailed(ILogger logger, string name, string instanceId, int taskId, string error);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "The durable worker's {Loop} loop stopped on an unexpected error; restarting it.")]
    public static partial void LoopFaulted(ILogger logger, string loop, Exception exception);
}
