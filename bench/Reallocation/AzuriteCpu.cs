using System.Globalization;

namespace EduFlows.Bench.Reallocation;

/// <summary>The CPU time of an Azurite started for a bench: the emulator's own work, whatever else the machine does.</summary>
internal static class AzuriteCpu
{
    // Azurite's node process: the one whose command line names our table port.
    public static int NodePidOf(int tablePort)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid)
                && File.Exists(Path.Combine(dir, "cmdline"))
                && SafeRead(Path.Combine(dir, "cmdline")).Replace('\0', ' ') is { } cmd
                && cmd.Contains("azurite", StringComparison.Ordinal)
                && cmd.Contains(" " + tablePort.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal))
            {
                return pid;
            }
        }

        return -1;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    // utime + stime of /proc/PID/stat, in clock ticks of 1/100 s.
    public static double Seconds(int pid)
    {
        if (pid < 0)
        {
            return double.NaN;
        }

        string stat = SafeRead($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
