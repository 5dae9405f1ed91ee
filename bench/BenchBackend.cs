using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.AzureStorage;
using EduFlows.Durable.Backend.InMemory;

namespace EduFlows.Bench;

/// <summary>A backend the benchmark can run on, by name.</summary>
/// <param name="Name">The name used on the command line.</param>
/// <param name="Create">Makes a fresh backend on a clock (for Azure Storage: on a fresh task hub).</param>
/// <param name="PollInterval">How often completion is polled: often enough not to distort, rarely enough not to load the store.</param>
internal sealed record BenchBackend(string Name, Func<TimeProvider, IOrchestrationBackend> Create, TimeSpan PollInterval)
{
    public static BenchBackend Memory { get; } = new("memory", time => new InMemoryOrchestrationBackend(time), TimeSpan.FromMilliseconds(1));

    public static IReadOnlyList<string> Names { get; } = ["memory", "azurite"];

    /// <summary>Azure Storage at <paramref name="connectionString"/>; each backend made gets its own task hub.</summary>
    public static BenchBackend Azurite(string connectionString) => new(
        "azurite",
        time => new AzureStorageOrchestrationBackend(
            new AzureStorageBackendOptions { ConnectionString = connectionString, TaskHubName = "Bench" + Guid.NewGuid().ToString("N")[..12] },
            time),
        TimeSpan.FromMilliseconds(50));
}
