using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The run command as a developer meets it: the local host in Development with the repository's host.json says in
/// one line when it serves with the demo county loaded, and logs nothing at Information before it.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed partial class ReadinessLineTests(AzuriteFixture azurite)
{
    private const string MasterKey = "readiness-master-key";

    [Fact]
    public async Task Development_PrintsTheReadinessLineOnlyOnceTheDemoCountyIsLoaded_AfterQuietLogs()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CleanAppRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzuriteFixture.NewHubName();
        start.Environment["MASTER_KEY"] = MasterKey;
        start.Environment.Remove("EDUFLOWS_DEMO_DATA");
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            var before = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            string? ready = null;
            while (ready is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("EduFlows 已就绪", StringComparison.Ordinal))
                {
                    ready = line;
                }
                else
                {
                    before.Add(line);
                }
            }

            Assert.NotNull(ready);
            Assert.Contains("演示县已载入", ready, StringComparison.Ordinal);
            Assert.DoesNotContain(before, l => l.StartsWith("info:", StringComparison.Ordinal));
            string api = ApiBase().Match(ready).Value;
            using var http = new HttpClient();
            var health = await http.GetFromJsonAsync<JsonObject>($"{api}/health");
            Assert.Equal("loaded", (string?)health!["demoCounty"]);
            var lastDemoPerson = await http.GetAsync($"{api}/directory/staff/{DemoCounty.Generate().Staff[^1].Id}?code={MasterKey}");
            Assert.Equal(HttpStatusCode.OK, lastDemoPerson.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    // The project's host.json without a developer's local.settings.json.
    private static string CleanAppRoot()
    {
        string folder = Directory.CreateTempSubdirectory("eduflows-root-").FullName;
        File.Copy(Path.Combine(EduFlows.Hosting.AppRoot.Locate(AppContext.BaseDirectory), "host.json"), Path.Combine(folder, "host.json"));
        return folder;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api")]
    private static partial Regex ApiBase();
}
