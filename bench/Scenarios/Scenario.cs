namespace EduFlows.Bench.Scenarios;

/// <summary>A benchmark scenario: runs against one provider and yields its measurements.</summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    /// <summary>The measurement the targets are stated on, and whether more of it is better.</summary>
    public abstract (string Metric, bool HigherIsBetter) Headline { get; }

    public abstract Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider);
}
