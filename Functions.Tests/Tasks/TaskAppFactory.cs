using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// The whole app in Development on Azurite, its SendGrid client (the real one) posting to the app's own dev SendGrid
/// endpoint, so sent mail lands in the dev mailbox. Staff stf-1 (王芳), stf-2 (李校长) and stf-3 (赵主任) are in the directory.
/// </summary>
public sealed class TaskAppFactory : WebApplicationFactory<Program>
{
    public const string MasterKey = "task-master-key";
    public const string PublicUrl = "https://eduflows.qz.example.cn";
    private readonly string _storage;
    private readonly int? _port;

    public TaskAppFactory(AzuriteFixture azurite, int? kestrelPort = null)
    {
        _storage = azurite.ConnectionString;
        _port = kestrelPort;
        if (kestrelPort is { } port)
        {
            // A real socket for a real browser; mail then goes over HTTP to the app's own dev SendGrid endpoint.
            UseKestrel(port);
        }
    }

    /// <summary>The task hub, which names the app's tables: a new one per factory, or the one a test wrote before the app started (as an earlier version would have).</summary>
    public string HubName { get; init; } = AzuriteFixture.NewHubName();

    /// <summary>Settings of the test's own, applied after these defaults (WithWebHostBuilder would lose the Kestrel socket).</summary>
    public IReadOnlyList<(string Name, string Value)> Settings { get; init; } = [];

    /// <summary>Runs each request in the caller's execution context (TestServer's PreserveExecutionContext), so a test can tell the request's own work from the host's background work.</summary>
    public bool RequestsInCallersContext { get; init; }

    /// <summary>Where the app is reached: the public URL in links, and the Kestrel address when it has one.</summary>
    public string BaseUrl => _port is { } port ? $"http://localhost:{port}" : PublicUrl;

    public static string TokenKey => Convert.ToBase64String(TaskHarness.TokenKey);

    public DevMailbox Mailbox => Services.GetRequiredService<DevMailbox>();

    public async Task SeedStaffAsync() =>
        await Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn"),
                TaskHarness.Staff("stf-2", "李校长", "li.principal@qz.example.cn"),
                TaskHarness.Staff("stf-3", "赵主任", "zhao.office@qz.example.cn"),
            ],
            CancellationToken.None);

    /// <summary>
    /// Starts a notice for <paramref name="assigneeId"/> and waits for its task mail: the link (without the public
    /// URL, for the test client) and the instance id. The mail is told by the notice's text.
    /// </summary>
    public async Task<(string Link, string InstanceId)> StartNoticeAsync(string assigneeId, string notice)
    {
        string id = await Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input(assigneeId, notice, 72));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var mail = Mailbox.All.FirstOrDefault(m => m.Text?.Contains(notice, StringComparison.Ordinal) == true);
        while (mail is null)
        {
            await Task.Delay(50, cts.Token);
            mail = Mailbox.All.FirstOrDefault(m => m.Text?.Contains(notice, StringComparison.Ordinal) == true);
        }

        string link = mail.Text!.Split('\n').Single(l => l.StartsWith("打开任务：", StringComparison.Ordinal))["打开任务：".Length..];
        return (link.Replace(PublicUrl, string.Empty, StringComparison.Ordinal), id);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder
            .UseSetting("AzureWebJobsStorage", _storage)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("FUNCTION_KEYS", "task-function-key")
            .UseSetting("EDUFLOWS_DEMO_DATA", "false")
            .UseSetting("TASK_TOKEN_KEY", TokenKey)
            .UseSetting("EDUFLOWS_PUBLIC_URL", BaseUrl)
            // These tests run on the real clock: no 3-day objection window before the posts (it is tested under the fake clock).
            .UseSetting("StaffReallocation:ObjectionWindowHours", "0")
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", HubName)
            .ConfigureServices(services =>
            {
                if (RequestsInCallersContext)
                {
                    services.Configure<Microsoft.AspNetCore.TestHost.TestServerOptions>(o => o.PreserveExecutionContext = true);
                }

                if (_port is not null)
                {
                    return;
                }

                // The real SendGrid client, reaching the app's own SendGrid-compatible endpoint in memory.
                // The test server exists only once the host has started, so its handler is fetched on the first send.
                services.AddSingleton<SendGrid.ISendGridClient>(sp =>
                    (sp.GetRequiredService<MailSettings>() with { Host = "http://localhost" + MailSettings.DevSendGridPath })
                        .CreateClient(new HttpClient(new ToTestServer(() => Server.CreateHandler()))));
            });

        // After the defaults, so a test's own value of one of them wins (the last UseSetting does).
        foreach (var (name, value) in Settings)
        {
            builder.UseSetting(name, value);
        }
    }
}

/// <summary>Sends through the test server's handler, created on first use.</summary>
internal sealed class ToTestServer(Func<HttpMessageHandler> create) : DelegatingHandler
{
    private readonly Lazy<HttpMessageInvoker> _server = new(() => new HttpMessageInvoker(create()));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _server.Value.SendAsync(request, cancellationToken);
}
