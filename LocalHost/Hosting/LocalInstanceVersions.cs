using EduFlows.Durable;
using EduFlows.DurableTask.Client;
using Microsoft.DurableTask.Client;

namespace EduFlows.Hosting;

/// <summary>Instance versions as the local host's durable client notes them beside each metadata object.</summary>
internal sealed class LocalInstanceVersions : IInstanceVersions
{
    public string VersionOf(OrchestrationMetadata instance) => InstanceVersion.Of(instance);
}
