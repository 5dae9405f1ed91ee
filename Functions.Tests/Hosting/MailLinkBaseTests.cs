using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The run command serves http://127.0.0.1:7071: a mailed link must open on that origin, or the sign-in cookie it sets
/// belongs to another site than the pages after it.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class MailLinkBaseTests(AzuriteFixture azurite)
{
    private const string MasterKey = "mail-link-master-key";

    [Theory]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("http://127.0.0.1:0;http://127.0.0.1:7072", null)]
    [InlineData("https://*:8443;http://localhost:7071", "https://localhost:8443")]
    [InlineData("http://0.0.0.0:7071/", "http://localhost:7071")]
    [InlineData("http://[::]:7071", "http://localhost:7071")]
    [InlineData("", null)]
    public void PublicBaseOf_ListenUrls_IsTheFirstAddressABrowserReaches(string urls, string? expected) =>
        Assert.Equal(expected, ListenAddress.PublicBaseOf(urls, () => null));

    [Theory]
    [InlineData("http://0.0.0.0:7071", "http://192.168.1.20:7071")]
    [InlineData("http://*:7071", "http://192.168.1.20:7071")]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071")]
    public void PublicBaseOf_AllInterfaces_IsTheMachinesLanAddress_SoAPhoneOnTheNetworkOpensTheLink(string urls, string expected) =>
        Assert.Equal(expected, ListenAddress.PublicBaseOf(urls, () => "192.168.1.20"));

    [Fact]
    public async Task SignInMail_HostOn127001WithoutPublicUrl_LinkStartsWithTheListenedAddress()
    {
        int port = FreePort();
        string origin = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CleanAppRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(origin);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzuriteFixture.NewHubName();
        start.Environment["MASTER_KEY"] = MasterKey;
        start.Environment.Remove("EDUFLOWS_PUBLIC_URL");
        // The link's origin does not depend on the demo county: one person of it is entered below instead of loading
        // all 8,950 (half a minute of Azurite's CPU in CI).
        start.Environment["EDUFLOWS_DEMO_DATA"] = "false";
        start.Environment.Remove("SENDGRID_API_KEY");
        start.Environment.Remove("SENDGRID_HOST");
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("EduFlows 已就绪", StringComparison.Ordinal))
            {
            }

            var county = DemoCounty.Generate();
            var person = county.Staff[0];
            string email = person.Email!;
            using var http = new HttpClient { BaseAddress = new Uri(origin) };
            http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
            if (county.Schools.FirstOrDefault(s => s.Id == person.SchoolId) is { } school)
            {
                (await http.PutAsJsonAsync($"/api/directory/schools/{school.Id}", school, EduFlows.Storage.RecordJson.Options)).EnsureSuccessStatusCode();
            }

            if (county.Departments.FirstOrDefault(d => d.Id == person.DepartmentId) is { } department)
            {
                (await http.PutAsJsonAsync($"/api/directory/departments/{department.Id}", department, EduFlows.Storage.RecordJson.Options)).EnsureSuccessStatusCode();
            }

            (await http.PutAsJsonAsync($"/api/directory/staff/{person.Id}", person, EduFlows.Storage.RecordJson.Options)).EnsureSuccessStatusCode();
            http.DefaultRequestHeaders.Remove("x-functions-key");
            var asked = await http.PostAsJsonAsync("/api/me/sign-in", new { email });
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);

            string? link = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (link is null && DateTime.UtcNow < deadline)
            {
                string mailbox = WebUtility.HtmlDecode(await http.GetStringAsync($"/dev/mail?code={MasterKey}"));
                link = Regex.Match(mailbox, @"http://\S+/api/me/sign-in/\S+").Value is { Length: > 0 } found ? found : null;
                await Task.Delay(200);
            }

            Assert.NotNull(link);
            Assert.StartsWith(origin + "/api/me/sign-in/", link, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The project's host.json without a developer's local.settings.json.
    private static string CleanAppRoot()
    {
        string folder = Directory.CreateTempSubdirectory("eduflows-root-").FullName;
        File.Copy(Path.Combine(AppRoot.Locate(AppContext.BaseDirectory), "host.json"), Path.Combine(folder, "host.json"));
        return folder;
    }
}
