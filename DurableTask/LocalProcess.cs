using System.Diagnostics;

namespace EduFlows;

/// <summary>
/// Whether a process of this machine, known by its id and start time, has provably died: the one check behind taking
/// over what a killed process left (its lease id here; its mail send claims in the function app, which compiles this
/// same file, as the two assemblies share no other).
/// </summary>
internal static class LocalProcess
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    /// <summary>When this process started (UTC).</summary>
    public static DateTimeOffset CurrentStart { get; } = StartOf(Environment.ProcessId);

    /// <summary>
    /// True when the process ran on this machine and its id no longer runs, or runs a process started at another
    /// time (the id was reused). Another machine's process, or one that cannot be told, is never dead.
    /// </summary>
    public static bool IsProvablyDead(string machine, int processId, DateTimeOffset processStart)
    {
        if (!string.Equals(machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            // Its process ids mean nothing here.
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited || (process.StartTime.ToUniversalTime() - processStart.UtcDateTime).Duration() > StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            // No process with that id runs.
            return true;
        }
        catch (InvalidOperationException)
        {
            // It exited while being looked at.
            return true;
        }
#pragma warning disable CA1031 // Anything else means it cannot be told: count the process as alive.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static DateTimeOffset StartOf(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }
}
