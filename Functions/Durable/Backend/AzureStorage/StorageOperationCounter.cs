using Azure.Core;
using Azure.Core.Pipeline;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>Counts every request sent to storage, retries included: the figure the benchmark reports per orchestration.</summary>
internal sealed class StorageOperationCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
