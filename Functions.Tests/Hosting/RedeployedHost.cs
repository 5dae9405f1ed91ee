using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// What the redeploy tests share: the app on a task hub with a host.json default version (one "deployment"), its
/// client with the master key, the dev clock moved by whole days, and a poll of the management API's status.
/// </summary>
internal static class RedeployedHost
{
    /// <summary>The master key each deployment is started with.</summary>
    public const string MasterKey = "test-master-key";

    private const string Api = "/runtime/webhooks/durabletask";

    /// <summary>The app in Development on <paramref name="hub"/>, as deployed with <paramref name="defaultVersion"/>.</summary>
    public static WebApplicationFactory<Program> Create(string storage, string hub, string defaultVersion)
    {
        WebApplicationFactory<Program>? factory = null;
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("AzureWebJobsStorage", storage)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("EDUFLOWS_DEMO_DATA", "false")
            .UseSetting("TASK_TOKEN_KEY", Convert.ToBase64String(new byte[32]))
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", hub)
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:defaultVersion", defaultVersion)
            .ConfigureServices(services =>
                // Mail goes to the app's own dev SendGrid endpoint through the test server, as in TaskAppFactory.
                services.AddSingleton<SendGrid.ISendGridClient>(sp =>
                    (sp.GetRequiredService<MailSettings>() with { Host = "http://localhost" + MailSettings.DevSendGridPath })
                        .CreateClient(new HttpClient(new ToTestServer(() => factory!.Server.CreateHandler()))))));
        return factory;
    }

    /// <summary>A client of <paramref name="factory"/> sending the master key.</summary>
    public static HttpClient CreateClient(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return http;
    }

    /// <summary>Moves the dev clock ahead by whole days, skipping timer triggers (they would start processes the test is not about).</summary>
    public static async Task AdvanceDaysAsync(HttpClient http, int days)
    {
        using var body = new StringContent($"{{\"advanceBy\": \"{days}.00:00:00\", \"timers\": \"skip\"}}", Encoding.UTF8, "application/json");
        var moved = await http.PostAsync("/api/dev/clock", body);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
    }

    /// <summary>Answers a task as <paramref name="submitterId"/> through the app's task desk; asserts it was accepted.</summary>
    public static async Task SubmitAsync(WebApplicationFactory<Program> factory, string taskId, string submitterId, Dictionary<string, string?> values)
    {
        var submitted = await factory.Services.GetRequiredService<TaskDesk>().SubmitAsync(factory.Services.GetRequiredService<DurableTaskClient>(), taskId, submitterId, values, CancellationToken.None);
        Assert.True(submitted.Result == SubmitResult.Accepted, $"{taskId}: {submitted.Result}");
    }

    /// <summary>The first open task whose id starts with <paramref name="idPrefix"/> (real time, at most 60 s).</summary>
    public static async Task<StaffTask> WaitForOpenTaskAsync(IServiceProvider services, string idPrefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var open = await services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None);
            if (open.OrderBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(t => t.Id.StartsWith(idPrefix, StringComparison.Ordinal)) is { } task)
            {
                return task;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no open task {idPrefix}…");
            await Task.Delay(100);
        }
    }

    /// <summary>The instance's status once <paramref name="condition"/> holds (a failed read counts as not yet), within 2 minutes.</summary>
    public static async Task<JsonObject> PollAsync(HttpClient http, string id, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{Uri.EscapeDataString(id)}")
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
            if (status is not null && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not get there in time: {status?.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
