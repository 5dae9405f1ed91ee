using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The office guard remembers whom a session let in for a short while (issue 18): a page's many requests read the
/// person and their department once, while the session itself is checked on the server every time, so signing out
/// refuses the very next request, whatever copy of the cookie it carries.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeGuardCacheTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string OfficeEmail = "zhao.office@qz.example.cn";
    private const string SessionCookie = "eduflows-session";
    private TaskAppFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RepeatedOfficeRequests_ReadThePersonAndDepartmentOnce_AndTheSessionEachTime()
    {
        var reads = new TableReads();
        WebApplicationFactory<Program>? app = null;
        app = _app.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            // The directory and the sessions on clients that count their reads; the sign-in mail to this app's own mailbox.
            var options = new TableClientOptions();
            options.AddPolicy(reads, HttpPipelinePosition.PerCall);
            var counted = new StorageAccount(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString));
            services.AddSingleton(sp => new DirectoryStore(counted, sp.GetRequiredService<AppHostSettings>().HubName + "Dir"));
            services.AddSingleton(sp => new StaffSessionStore(counted, sp.GetRequiredService<AppHostSettings>().HubName + "Sessions", sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<SendGrid.ISendGridClient>(sp =>
                (sp.GetRequiredService<MailSettings>() with { Host = "http://localhost" + MailSettings.DevSendGridPath })
                    .CreateClient(new HttpClient(new ToTestServer(() => app!.Server.CreateHandler()))));
        }));
        await using var _ = app;
        await SeedAsync(app.Services.GetRequiredService<DirectoryStore>());
        using var office = Browser(app);
        string cookie = await SignInAsync(app, office);
        string hub = app.Services.GetRequiredService<AppHostSettings>().HubName;
        var before = (Staff: reads.Of(hub + "DirStaff"), Departments: reads.Of(hub + "DirDepartments"), Sessions: reads.Of(hub + "Sessions"));

        var answers = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            answers.Add((await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie)).StatusCode);
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(
            (1, 1, 5),
            (reads.Of(hub + "DirStaff") - before.Staff, reads.Of(hub + "DirDepartments") - before.Departments, reads.Of(hub + "Sessions") - before.Sessions));
    }

    [Fact]
    public async Task SignOut_RefusesTheNextOfficeRequest_AtOnce_EvenACopyOfTheCookieTheGuardHasJustAdmitted()
    {
        await SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        using var office = Browser(_app);
        string cookie = await SignInAsync(_app, office);
        var first = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);
        var remembered = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);

        var signedOut = await SendAsync(office, HttpMethod.Post, "/api/me/sign-out", cookie);
        var after = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, remembered.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task PersonMovedOutOfTheOffice_IsStillAdmittedWithinTheCachesLifetime_AndRefusedOnceItHasPassed()
    {
        // The real clock moved ahead by hand: timers and delays stay real, so the sign-in mail still goes out.
        var clock = new ShiftedClock();
        WebApplicationFactory<Program>? app = null;
        app = _app.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);

            // The sign-in mail to this app's own mailbox, as in the test above.
            services.AddSingleton<SendGrid.ISendGridClient>(sp =>
                (sp.GetRequiredService<MailSettings>() with { Host = "http://localhost" + MailSettings.DevSendGridPath })
                    .CreateClient(new HttpClient(new ToTestServer(() => app!.Server.CreateHandler()))));
        }));
        await using var _ = app;
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await SeedAsync(directory);
        using var office = Browser(app);
        string cookie = await SignInAsync(app, office);
        var admitted = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);

        // Moved to a school: the office's pages are no longer theirs, at the latest when the remembered answer lapses.
        await directory.Staff.ApplyAsync(
            [TaskHarness.Staff("stf-3", "赵主任", OfficeEmail) with { SchoolId = "sch-001", DepartmentId = null, Post = "teacher" }], CancellationToken.None);
        clock.Shift += OfficeVisitorCache.Lifetime - TimeSpan.FromSeconds(2);
        var withinTheLifetime = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);
        clock.Shift += TimeSpan.FromSeconds(3);
        var afterIt = await SendAsync(office, HttpMethod.Get, "/api/office/timers", cookie);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (admitted.StatusCode, withinTheLifetime.StatusCode));
        await AssertProblemAsync(afterIt, HttpStatusCode.Forbidden, "session");
    }

    // The bureau office's department and a person in it.
    private static async Task SeedAsync(DirectoryStore directory)
    {
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", BureauOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [TaskHarness.Staff("stf-3", "赵主任", OfficeEmail) with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" }],
            CancellationToken.None);
    }

    // A client that keeps no cookies: each request carries the session cookie the test hands it, as a copy of it would.
    private static HttpClient Browser(WebApplicationFactory<Program> app)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        browser.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return browser;
    }

    // Signs the office person in by the mailed link; returns the session cookie ("name=value").
    private static async Task<string> SignInAsync(WebApplicationFactory<Program> app, HttpClient browser)
    {
        var mailbox = app.Services.GetRequiredService<DevMailbox>();
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/me/sign-in", new { email = OfficeEmail })).StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        DevMail? mail;
        while ((mail = mailbox.All.FirstOrDefault(m => m.To.Contains(OfficeEmail) && m.Subject == "EduFlows 登录链接")) is null)
        {
            await Task.Delay(20, cts.Token);
        }

        string link = mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        var signIn = await browser.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, string cookie)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "https://localhost");
        return await browser.SendAsync(request);
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }

    // Counts the table service's reads (GET) per table, as the requests leave the client.
    private sealed class TableReads : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _tables = new();

        public int Of(string table) => _tables.Count(t => t == table);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get)
            {
                // "/devstoreaccount1/{table}(PartitionKey='…',RowKey='…')" or "/{table}()": the table is the last segment's name.
                string last = message.Request.Uri.Path.Split('/')[^1];
                int paren = last.IndexOf('(', StringComparison.Ordinal);
                _tables.Enqueue(paren >= 0 ? last[..paren] : last);
            }
        }
    }
}
