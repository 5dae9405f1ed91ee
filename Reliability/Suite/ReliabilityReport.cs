using System.Globalization;
using System.Text;
using System.Text.Json;
using EduFlows.Bench;

namespace EduFlows.Reliability.Suite;

/// <summary>The report file: every probe's figures and findings, the profile, the seed and the machine.</summary>
public sealed record ReliabilityReport(DateTimeOffset RanAt, SuiteProfile Profile, int Seed, IReadOnlyList<ProbeResult> Results)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public bool Passed => Results.All(r => r.Passed);

    /// <summary>Writes <c>{stem}.md</c> and <c>{stem}.json</c> into <paramref name="folder"/>.</summary>
    public void Write(string folder, string loadBefore, string stem)
    {
        Directory.CreateDirectory(folder);
        var machine = MachineFacts.Read() with { LoadBefore = loadBefore, LoadAfter = MachineFacts.LoadAverage() };
        File.WriteAllText(Path.Combine(folder, stem + ".json"), JsonSerializer.Serialize(new
        {
            ranAt = RanAt,
            profile = Profile.ToString().ToLowerInvariant(),
            seed = Seed,
            passed = Passed,
            machine,
            results = Results.Select(r => new
            {
                probe = r.Probe,
                passed = r.Passed,
                seconds = Math.Round(r.Duration.TotalSeconds, 1),
                figures = r.Figures,
                findings = r.Findings,
            }),
        }, Json));
        File.WriteAllText(Path.Combine(folder, stem + ".md"), Markdown(machine));
    }

    private string Markdown(MachineFacts machine)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"# Reliability suite: {(Passed ? "passed" : "FINDINGS")}");
        md.AppendLine();
        md.AppendLine(inv, $"Ran {RanAt:yyyy-MM-dd HH:mm} UTC, profile `{Profile.ToString().ToLowerInvariant()}`, seed {Seed} (`--seed {Seed}` repeats it).");
        md.AppendLine(inv, $"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Os}, {machine.Runtime}; load {machine.LoadBefore} before, {machine.LoadAfter} after.");
        md.AppendLine();
        md.AppendLine("| probe | result | time |");
        md.AppendLine("|---|---|---|");
        foreach (var r in Results)
        {
            md.AppendLine(inv, $"| {r.Probe} | {(r.Passed ? "passed" : $"{r.Findings.Count} finding(s)")} | {r.Duration.TotalSeconds:F0} s |");
        }

        foreach (var r in Results)
        {
            md.AppendLine();
            md.AppendLine(inv, $"## {r.Probe}");
            md.AppendLine();
            if (r.Figures.Count > 0)
            {
                md.AppendLine("| figure | value |");
                md.AppendLine("|---|---|");
                foreach (var f in r.Figures)
                {
                    md.AppendLine(inv, $"| {f.Name} | {f.Value.ToString("0.##", inv)}{(f.Unit.Length > 0 ? " " + f.Unit : "")} |");
                }
            }

            foreach (var f in r.Findings.Take(50))
            {
                md.AppendLine(inv, $"- **{f.Check}**: {f.Detail.Replace("\n", " ", StringComparison.Ordinal)}");
            }

            if (r.Findings.Count > 50)
            {
                md.AppendLine(inv, $"- ... and {r.Findings.Count - 50} more in the .json beside this file");
            }
        }

        return md.ToString();
    }
}
