using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Suite;

/// <summary>What a probe works with: the running app, the profile, a seeded random source, and where to record.</summary>
public sealed class ProbeContext(AppUnderTest app, SuiteProfile profile, int seed, TextWriter log)
{
    private readonly List<Figure> _figures = [];
    private readonly List<Finding> _findings = [];
    private readonly Lock _gate = new();

    public AppUnderTest App { get; } = app;

    public SuiteProfile Profile { get; } = profile;

    /// <summary>Seeded, so a finding can be reproduced by running the suite again with the same seed.</summary>
    public Random Random { get; } = new(seed);

    public int Seed { get; } = seed;

    public TextWriter Log { get; } = log;

    public bool IsFast => Profile == SuiteProfile.Fast;

    public void Record(string name, double value, string unit = "")
    {
        lock (_gate)
        {
            _figures.Add(new Figure(name, value, unit));
        }
    }

    public void Found(string check, string detail)
    {
        lock (_gate)
        {
            _findings.Add(new Finding(check, detail));
        }

        Log.WriteLine($"  FOUND {check}: {detail}");
    }

    internal (IReadOnlyList<Figure> Figures, IReadOnlyList<Finding> Findings) Take()
    {
        lock (_gate)
        {
            return ([.. _figures], [.. _findings]);
        }
    }
}
