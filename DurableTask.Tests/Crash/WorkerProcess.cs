using System.Diagnostics;

namespace EduFlows.DurableTask.Tests.Crash;

/// <summary>The crash worker (DurableTask.CrashWorker) in a process of its own, so a test can kill it with SIGKILL.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    /// <summary>The worker's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts a worker on the hub and waits until it says it is ready; its leases last <paramref name="leaseDuration"/> (15 s unless given).</summary>
    public static async Task<WorkerProcess> StartAsync(string connectionString, string hub, string workerId, string runsFolder, TimeSpan? leaseDuration = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string lease = ((int)(leaseDuration ?? TimeSpan.FromSeconds(15)).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string arg in new[] { "exec", WorkerDll(), connectionString, hub, workerId, runsFolder, lease })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The crash worker did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(ready.Token) is { } line)
        {
            if (line == "ready")
            {
                return new WorkerProcess(process);
            }
        }

        throw new InvalidOperationException($"The crash worker exited before it was ready (exit code {process.ExitCode}).");
    }

    /// <summary>SIGKILL: no lease, message or activity call is released; the process just ends.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    // The worker builds beside the tests (a project reference that only orders the build), in the same configuration.
    private static string WorkerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        string configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EduFlows.sln")))
        {
            root = root.Parent;
        }

        string dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("EduFlows.sln not found above the tests."),
            "DurableTask.CrashWorker", "bin", configuration, here.Name, "EduFlows.DurableTask.CrashWorker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build DurableTask.CrashWorker first.", dll);
    }
}
