using System.Globalization;
using System.Text;

namespace EduFlows.Bench;

/// <summary>Writes <c>latest.md</c>: the machine, the comparisons against the targets, then every figure.</summary>
internal static class Report
{
    public static string Markdown(MachineFacts machine, int rounds, IReadOnlyList<Comparison> comparisons, IReadOnlyList<string> notes, IReadOnlyList<Measurement> results)
    {
        var md = new StringBuilder();
        md.AppendLine("# EduFlows provider vs Microsoft's DurableTask.AzureStorage");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Os}, {machine.Runtime}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) {machine.LoadBefore} at the start, {machine.LoadAfter} at the end: other builds may have shared the machine.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Both providers under the same Durable Task SDK worker and client on DurableTask.Core, on one Azurite, alternating; {rounds} round(s), medians shown.");
        md.AppendLine();
        md.AppendLine("| scenario | metric | EduFlows | AzureStorage | ratio EduFlows/AzureStorage | target | met |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var c in comparisons)
        {
            string met = c.Met switch { true => "yes", false => "**no**", null => "" };
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Scenario} | {c.Metric} ({c.Unit}) | {c.EduFlows} | {c.AzureStorage} | {c.Ratio?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {c.Target} | {met} |");
        }

        foreach (string note in notes)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        md.AppendLine();
        md.AppendLine("## Every figure");
        md.AppendLine();
        md.AppendLine("| round | scenario | provider | metric | value | unit |");
        md.AppendLine("|---:|---|---|---|---:|---|");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Round} | {r.Scenario} | {r.Provider} | {r.Metric} | {r.Value} | {r.Unit} |");
        }

        return md.ToString();
    }
}
