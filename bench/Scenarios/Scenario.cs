namespace EduFlows.Bench.Scenarios;

/// <summary>A benchmark scenario: runs against one provider and yields its measurements.</summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    /// <summary>The measurement the targets are stated on, and whether more of it is better.</summary>
    public abstract (string Metric, bool HigherIsBetter) Headline { get; }

    public abstract Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider);

    /// <summary>
    /// The longest any one wait of a scenario may take (`--give-up-after MINUTES`); unset, each wait keeps its own
    /// limit. Microsoft's provider can spend half an hour on a 10,000-activity fan-out with its 30 s queue back-off:
    /// a run that must end in a slot records "did not finish within" instead.
    /// </summary>
    public static TimeSpan? GiveUpAfter { get; set; }

    /// <summary>The scenario's own limit for a wait, shortened to <see cref="GiveUpAfter"/> when that is set.</summary>
    protected static TimeSpan Patience(TimeSpan own) => GiveUpAfter is { } cap && cap < own ? cap : own;
}
