using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EduFlows.Tests.Infrastructure;

/// <summary>
/// Azurite from the repository's pinned npm package, started on free loopback ports and stopped with the tests.
/// In-memory by default; persistent (with a data folder) for restart tests.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly bool _persistent;
    private readonly string _location;
    private Process? _process;

    private AzuriteProcess(bool persistent, string location, int blobPort, int queuePort, int tablePort)
    {
        _persistent = persistent;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(bool persistent = false)
    {
        string location = Path.Combine(Path.GetTempPath(), "eduflows-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var azurite = new AzuriteProcess(persistent, location, FreePort(), FreePort(), FreePort());
        try
        {
            await azurite.LaunchAsync();
        }
        catch
        {
            // A start that timed out leaves node running: stopped here, or it outlives the test run (seen after a run
            // under a load of 36, four Azurites still up an hour and a half later).
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>Stops Azurite (letting it flush its data, as a service restart does) and starts it again on the same ports and folder.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await StopGracefullyAsync();
        await Task.Delay(downtime);
        await LaunchAsync();
    }

    /// <summary>Freezes Azurite (SIGSTOP): connections stay open and every call hangs, as storage does when it stalls.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused Azurite run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A loopback port free at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EduFlows.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EduFlows.sln not found above the test binaries.");
    }

    private static string AzuriteScript()
    {
        string root = RepositoryRoot();
        string script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            // Running the tests without the test script: restore the pinned npm packages first.
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = root })!;
            npm.WaitForExit();
        }

        return File.Exists(script) ? script : throw new InvalidOperationException($"Azurite is not installed at {script}; run 'npm ci' in {root}.");
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AzuriteScript());
        foreach (string arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Azurite takes either a data folder or in-memory persistence, not both.
        start.ArgumentList.Add(_persistent ? "--location" : "--inMemoryPersistence");
        if (_persistent)
        {
            start.ArgumentList.Add(_location);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Node takes seconds to load Azurite on a quiet machine, and far longer when builds share the two cores: a slow
        // start is not a failure, so the wait is generous.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        foreach (int port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} while starting.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private async Task StopGracefullyAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // SIGTERM: Azurite saves its in-memory tables to the data folder before exiting; SIGKILL would lose recent writes.
            using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await signal.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: fall through to a hard kill.
            }
        }

        Kill();
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }
}
