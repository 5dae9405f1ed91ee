namespace EduFlows.Reliability.Suite;

/// <summary>
/// One family of checks against the running app (fuzz, tokens, privacy, chaos, load). A probe records figures and
/// findings on its context; it throws only when it could not run at all (which the runner reports as a finding).
/// </summary>
public abstract class Probe
{
    /// <summary>Short lower-case name used on the command line and in the report: <c>fuzz</c>, <c>tokens</c>, ...</summary>
    public abstract string Name { get; }

    /// <summary>One sentence for the report: what this probe sends and what it expects.</summary>
    public abstract string Description { get; }

    public abstract Task RunAsync(ProbeContext context, CancellationToken cancellationToken);
}
