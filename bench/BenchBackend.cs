using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.InMemory;

namespace EduFlows.Bench;

/// <summary>A backend the benchmark can run on, by name.</summary>
/// <param name="Name">The name used on the command line.</param>
/// <param name="Create">Makes a fresh backend on a clock.</param>
/// <param name="PollInterval">How often completion is polled: often enough not to distort, rarely enough not to load the store.</param>
internal sealed record BenchBackend(string Name, Func<TimeProvider, IOrchestrationBackend> Create, TimeSpan PollInterval)
{
    public static IReadOnlyList<BenchBackend> All { get; } =
    [
        new("memory", time => new InMemoryOrchestrationBackend(time), TimeSpan.FromMilliseconds(1)),
    ];
}
