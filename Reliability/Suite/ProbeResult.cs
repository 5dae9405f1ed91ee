namespace EduFlows.Reliability.Suite;

/// <summary>What one probe measured and found; it passes when it found nothing.</summary>
public sealed record ProbeResult(string Probe, TimeSpan Duration, IReadOnlyList<Figure> Figures, IReadOnlyList<Finding> Findings)
{
    public bool Passed => Findings.Count == 0;
}
