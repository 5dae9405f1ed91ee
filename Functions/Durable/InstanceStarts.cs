using Grpc.Core;

namespace EduFlows.Durable;

/// <summary>Starting an instance whose id is taken, as each host reports it.</summary>
public static class InstanceStarts
{
    /// <summary>
    /// True when <paramref name="exception"/> says an instance of that id already exists: DurableTask.Core's
    /// <c>OrchestrationAlreadyExistsException</c> from the local host's client, or gRPC's AlreadyExists from the
    /// Durable extension in Azure. Process code checks for an existing instance first; this covers the race.
    /// </summary>
    public static bool AlreadyExists(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.AlreadyExists }
        || exception.GetType().Name == "OrchestrationAlreadyExistsException"
        || (exception.InnerException is { } inner && AlreadyExists(inner));
}
