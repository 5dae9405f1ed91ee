namespace EduFlows.Bench.Scenarios;

/// <summary>A benchmark scenario: runs against one backend and yields its measurements.</summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    public abstract Task<IReadOnlyList<Measurement>> RunAsync(BenchBackend backend);
}
