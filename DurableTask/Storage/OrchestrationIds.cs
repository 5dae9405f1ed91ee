namespace EduFlows.DurableTask.Storage;

/// <summary>Ids for messages, calls and executions: unique, without dashes, as DurableTask.Core writes them.</summary>
internal static class OrchestrationIds
{
    public static string NewId() => Guid.NewGuid().ToString("N");
}
