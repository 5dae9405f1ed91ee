using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>The host as an operator meets it: health, API description, and one clear line when it cannot start.</summary>
[Collection(AzuriteTests.Name)]
public sealed class HostStartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_ReportsStorageAndOwnedPartitions()
    {
        await using var factory = CreateFactory();
        using var http = factory.CreateClient();

        JsonObject? health = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            health = await response.Content.ReadFromJsonAsync<JsonObject>();
            if (health!["partitionsOwned"]!.AsArray().Count == 4)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("healthy", (string)health!["status"]!);
        Assert.True((bool)health["storageReachable"]!);
        Assert.Equal("azure-storage", (string)health["backend"]!);
        Assert.Equal([0, 1, 2, 3], health["partitionsOwned"]!.AsArray().Select(p => (int)p!));
    }

    [Fact]
    public async Task OpenApi_DescribesEveryEndpoint_AndTheReferencePageIsServed()
    {
        await using var factory = CreateFactory();
        using var http = factory.CreateClient();

        var document = (await http.GetFromJsonAsync<JsonObject>("/api/openapi.json"))!;
        var docs = await http.GetAsync("/api/docs");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/health", paths);
        Assert.Contains("/runtime/webhooks/durabletask/orchestrators/{functionName}/{instanceId}", paths);
        Assert.Contains("/runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}", paths);
        Assert.Contains("/api/dev/clock", paths);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Start_StorageUnreachable_ExitsWithOneLineNamingTheEndpoint()
    {
        string closed = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

        var (exitCode, stderr) = await RunHostAsync(CleanAppRoot(), ("AzureWebJobsStorage", closed), ("SENDGRID_API_KEY", "SG.test"), ("TASK_TOKEN_KEY", TaskKey));

        Assert.Equal(2, exitCode);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("http://127.0.0.1:9/", line, StringComparison.Ordinal);
        Assert.Contains("Azurite", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SENDGRID_API_KEY")]
    [InlineData("TASK_TOKEN_KEY")]
    public async Task Start_OutsideDevelopment_WithoutAMailOrTaskLinkSecret_ExitsWithOneLineNamingIt(string missing)
    {
        var settings = new[] { ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("SENDGRID_API_KEY", "SG.test"), ("TASK_TOKEN_KEY", TaskKey) };

        var (exitCode, stderr) = await RunHostAsync(CleanAppRoot(), [.. settings.Where(s => s.Item1 != missing)]);

        Assert.Equal(1, exitCode);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(missing, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAzuresIdentityBasedStorageOnly_ExitsWithOneLineAskingForAConnectionString()
    {
        var settings = new[] { ("AzureWebJobsStorage__accountName", "eduflowsprod"), ("AzureWebJobsStorage__credential", "managedidentity"), ("SENDGRID_API_KEY", "SG.test"), ("TASK_TOKEN_KEY", TaskKey) };

        var (exitCode, stderr) = await RunHostAsync(CleanAppRoot(), settings);

        Assert.Equal(1, exitCode);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("The local host needs AzureWebJobsStorage as a connection string", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownHostJsonSetting_ExitsWithOneLineNamingIt()
    {
        string folder = Directory.CreateTempSubdirectory("eduflows-host-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "host.json"), """{ "version": "2.0", "extensions": { "durableTask": { "hubNmae": "Typo" } } }""");

            var (exitCode, stderr) = await RunHostAsync(folder);

            Assert.Equal(1, exitCode);
            Assert.Equal("host.json: 'extensions.durableTask.hubNmae' is not a setting EduFlows knows; remove it or fix its spelling.", stderr.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string TaskKey => Convert.ToBase64String(new byte[32]);

    private static string AppRoot() => EduFlows.Hosting.AppRoot.Locate(AppContext.BaseDirectory);

    // The project's host.json without a developer's local.settings.json (run.sh creates one with keys in it).
    private static string CleanAppRoot()
    {
        string folder = Directory.CreateTempSubdirectory("eduflows-root-").FullName;
        File.Copy(Path.Combine(AppRoot(), "host.json"), Path.Combine(folder, "host.json"));
        return folder;
    }

    private static async Task<(int ExitCode, string Stderr)> RunHostAsync(string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("AzureWebJobsStorage");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr);
    }

    private WebApplicationFactory<Program> CreateFactory() => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
        .UseSetting("MASTER_KEY", "health-master-key")
        .UseSetting("SENDGRID_API_KEY", "SG.test")
        .UseSetting("TASK_TOKEN_KEY", TaskKey)
        .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
}
