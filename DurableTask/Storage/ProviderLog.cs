using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Storage;

internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Instance {InstanceId}: {EventType} dropped: {Reason}.")]
    public static partial void MessageDropped(ILogger logger, string instanceId, global::DurableTask.Core.History.EventType eventType, string reason);
}
