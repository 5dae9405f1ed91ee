using System.Runtime.InteropServices;

namespace EduFlows.Bench;

/// <summary>The machine a result was measured on, and how busy it was: figures mean little without it.</summary>
internal sealed record MachineFacts(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime)
{
    /// <summary>The 1/5/15-minute load averages when the run began (other builds on the machine show here).</summary>
    public string LoadBefore { get; init; } = "unknown";

    /// <summary>The load averages when the run ended.</summary>
    public string LoadAfter { get; init; } = "unknown";

    public static MachineFacts Read()
    {
        string cpu = "unknown";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }

        double memory = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1);
        return new MachineFacts(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
