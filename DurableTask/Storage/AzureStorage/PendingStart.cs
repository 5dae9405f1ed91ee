namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>An instance still waiting for its start: the packed start message, its scheduled time if any, and when its state row was written.</summary>
internal sealed record PendingStart(string InstanceId, string StartMessage, DateTimeOffset? StartAt, DateTimeOffset WrittenAt);
