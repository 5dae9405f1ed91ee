namespace EduFlows.Reliability.Suite;

/// <summary>Every probe of the suite, in the order the suite runs them (chaos last: it kills the host).</summary>
public static class ProbeCatalog
{
    public static IReadOnlyList<Probe> All() =>
    [
        new Probes.Fuzz.FuzzProbe(),
        new Probes.Privacy.PrivacyProbe(),
        new Probes.Tokens.TokensProbe(),
        new Probes.Load.LoadProbe(),
        new Probes.Chaos.ChaosProbe(),
    ];

    /// <summary>The probes named (comma-separated, as on the command line); every probe for null or empty.</summary>
    /// <exception cref="ArgumentException">A name that is no probe's.</exception>
    public static IReadOnlyList<Probe> Select(string? names)
    {
        var all = All();
        if (string.IsNullOrWhiteSpace(names))
        {
            return all;
        }

        var chosen = new List<Probe>();
        foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            chosen.Add(all.FirstOrDefault(p => p.Name == name)
                ?? throw new ArgumentException($"No probe is called '{name}'; the probes are {string.Join(", ", all.Select(p => p.Name))}.", nameof(names)));
        }

        return chosen;
    }
}
