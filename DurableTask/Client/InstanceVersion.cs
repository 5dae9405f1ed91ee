using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Client;

/// <summary>
/// The version an instance was started with. The SDK's <see cref="OrchestrationMetadata"/> (1.28) has no version
/// property, so <see cref="TaskHubDurableTaskClient"/> notes it beside each metadata object it returns.
/// </summary>
public static class InstanceVersion
{
    private static readonly ConditionalWeakTable<OrchestrationMetadata, string> Versions = new();

    /// <summary>The instance's version; empty for an unversioned one or a metadata object from another client.</summary>
    public static string Of(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Versions.TryGetValue(metadata, out string? version) ? version : string.Empty;
    }

    internal static OrchestrationMetadata Note(OrchestrationMetadata metadata, string? version)
    {
        Versions.AddOrUpdate(metadata, version ?? string.Empty);
        return metadata;
    }
}
