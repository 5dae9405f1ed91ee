using System.Diagnostics;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The local host as a process, its storage killed under it, then asked to stop (SIGTERM, as a service manager or
/// Ctrl+C does): it exits cleanly, within the shutdown timeout, with no unhandled exception from releasing leases,
/// claims or timers on a storage that is gone. The durable layer alone is tested in AzureStorageShutdownTests; this is
/// everything the host runs together (worker, timer triggers, the mail outbox's claimant, the demo loader).
/// </summary>
public sealed class HostShutdownWithStorageGoneTests
{
    // The generic host's default HostOptions.ShutdownTimeout, which the local host keeps.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StorageKilled_ThenSigterm_TheHostExitsWithCodeZeroWithinTheShutdownTimeout_WithoutAnUnhandledException()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CleanAppRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzuriteFixture.NewHubName();
        start.Environment["MASTER_KEY"] = "shutdown-master-key";

        // Leases, queues and timers are held without the demo county; loading its 8,950 people first only costs CI time.
        start.Environment["EDUFLOWS_DEMO_DATA"] = "false";
        using var host = Process.Start(start)!;
        var errors = host.StandardError.ReadToEndAsync();
        var output = new List<string>();
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            while (await host.StandardOutput.ReadLineAsync(ready.Token) is { } line)
            {
                output.Add(line);
                if (line.StartsWith("EduFlows 已就绪", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Contains(output, l => l.StartsWith("EduFlows 已就绪", StringComparison.Ordinal));
            var rest = host.StandardOutput.ReadToEndAsync();

            // Storage gone while the host holds its partitions' leases and polls its queues and timers.
            await azurite.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var asked = Stopwatch.StartNew();
            using (var term = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var stopping = new CancellationTokenSource(ShutdownTimeout + TimeSpan.FromSeconds(5));
            await host.WaitForExitAsync(stopping.Token);
            asked.Stop();
            string log = string.Join('\n', output) + await rest + await errors;

            Assert.True(asked.Elapsed <= ShutdownTimeout, $"the host took {asked.Elapsed.TotalSeconds:F1} s to exit");
            Assert.True(host.ExitCode == 0, $"exit code {host.ExitCode}\n{Tail(log)}");
            // The runtime's own words for a crash ("Unhandled exception. System.…"). DurableTask.Core's dispatcher logs a
            // work item that failed on the dead storage as "Unhandled exception with work item …" and abandons it for a
            // retry; since the demo county's association application keeps an instance running, one is often in flight.
            int crashed = log.IndexOf("Unhandled exception. ", StringComparison.Ordinal);
            Assert.True(crashed < 0, log[Math.Max(0, crashed - 1500)..Math.Min(log.Length, crashed + 3000)]);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }
    }

    private static string Tail(string log) => log.Length <= 3000 ? log : log[^3000..];

    // The project's host.json without a developer's local.settings.json.
    private static string CleanAppRoot()
    {
        string folder = Directory.CreateTempSubdirectory("eduflows-root-").FullName;
        File.Copy(Path.Combine(EduFlows.Hosting.AppRoot.Locate(AppContext.BaseDirectory), "host.json"), Path.Combine(folder, "host.json"));
        return folder;
    }
}
