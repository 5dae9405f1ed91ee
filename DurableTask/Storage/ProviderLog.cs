using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Storage;

internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Instance {InstanceId}: {EventType} dropped: {Reason}.")]
    public static partial void MessageDropped(ILogger logger, string instanceId, global::DurableTask.Core.History.EventType eventType, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Instance {InstanceId}: a step that failed before the dispatcher took it could not be handed back.")]
    public static partial void AbandonFailed(ILogger logger, string instanceId, Exception exception);
}
