using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace EduFlows.DurableTask.Storage;

/// <summary>The refusal of a start whose id is taken.</summary>
internal static class InstanceConflict
{
    public static OrchestrationAlreadyExistsException AlreadyExists(string instanceId, OrchestrationStatus status) =>
        new($"An orchestration with instance id '{instanceId}' already exists and is {status}.");
}
