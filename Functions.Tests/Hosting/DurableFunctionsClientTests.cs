using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The public <c>durable-functions</c> npm client (what a Node.js starter function uses) drives the local host's
/// Durable HTTP management API end to end: the host is a real process on a real port, as <c>func start</c> runs.
/// </summary>
public sealed class DurableFunctionsClientTests
{
    private const string MasterKey = "npm-client-master-key";

    [Fact]
    public async Task TheNpmClient_StartsQueriesSignalsSuspendsTerminatesAndPurges()
    {
        string root = RepositoryRoot();
        int port = FreePort();
        using var host = StartHost(root, port);
        try
        {
            await WaitUntilListeningAsync(host, port);

            var (exitCode, stdout, stderr) = await RunNodeAsync(root, Path.Combine(root, "Functions.Tests", "Hosting", "DurableFunctionsClient", "drive.cjs"), $"http://127.0.0.1:{port}", MasterKey, "EduFlows");

            Assert.True(exitCode == 0, stderr);
            var seen = JsonNode.Parse(stdout)!.AsObject();
            Assert.Equal("Completed", (string)seen["approval"]!["status"]!);
            Assert.Equal("请假申请: 同意", (string)seen["approval"]!["output"]!);
            Assert.Equal("请假申请", (string)seen["approval"]!["input"]!);
            Assert.Equal("Completed", (string)seen["hello"]!["status"]!);
            Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], seen["hello"]!["output"]!.AsArray().Select(c => (string)c!));
            Assert.StartsWith("npm-hello-", (string)seen["hello"]!["id"]!, StringComparison.Ordinal);
            Assert.Equal("Suspended", (string)seen["suspended"]!);
            Assert.Equal("Running", (string)seen["resumed"]!);
            Assert.Equal("Terminated", (string)seen["terminated"]!);
            Assert.True((bool)seen["listedTerminated"]!);
            Assert.Equal(1, (int)seen["purged"]!);
            Assert.Equal("not found", (string)seen["afterPurge"]!);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    // The local host as `func start` runs it, with processes in memory (no storage) and a master key.
    private static Process StartHost(string root, int port)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AzureWebJobsStorage"] = string.Empty;
        start.Environment["MASTER_KEY"] = MasterKey;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilListeningAsync(Process host, int port)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                // Without a key the management API answers 401: the host is up.
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/runtime/webhooks/durabletask/instances"))).StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException(host.HasExited ? $"the local host exited with {host.ExitCode}" : "the local host did not start listening within 60 s");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The npm client rewrites binding URLs to localhost:7071 unless it believes it runs in a hosted site.
        start.Environment["WEBSITE_HOSTNAME"] = "127.0.0.1";
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        return (node.ExitCode, await stdout, await stderr);
    }

    // The build copies host.json beside the binaries, so the repository is found by its solution file.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EduFlows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EduFlows.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
