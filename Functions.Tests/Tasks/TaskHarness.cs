using Microsoft.DurableTask;
using EduFlows.DurableTask.Storage.InMemory;
using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.DurableTask.Tests;
using EduFlows.FunctionIndex;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// Orchestrations with staff tasks under a fake clock: the durable runtime in memory, the task table, outbox and
/// directory in Azurite, and the real SendGrid client talking to a SendGrid-compatible server on loopback.
/// </summary>
public sealed class TaskHarness : IAsyncDisposable
{
    public static readonly byte[] TokenKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private TaskHarness(DurableTestHost host, FakeSendGridServer sendGrid, IServiceProvider services)
    {
        Host = host;
        SendGrid = sendGrid;
        Services = services;
    }

    public DurableTestHost Host { get; }

    public FakeSendGridServer SendGrid { get; }

    public IServiceProvider Services { get; }

    public FakeTimeProvider Time => Host.Time;

    public TaskDesk Desk => Services.GetRequiredService<TaskDesk>();

    public StaffTaskStore Tasks => Services.GetRequiredService<StaffTaskStore>();

    public MailOutbox Outbox => Services.GetRequiredService<MailOutbox>();

    public static async Task<TaskHarness> StartAsync(
        AzuriteFixture azurite, Action<DurableTaskRegistry>? register = null, Action<TaskKindCatalog>? kinds = null, Action<IServiceCollection, string, string>? services = null, DateTimeOffset? startAt = null)
    {
        var sendGrid = await FakeSendGridServer.StartAsync();
        string hub = AzuriteFixture.NewHubName();
        var mail = new MailSettings("SG.test", "noreply@qz-edu.example.cn", "青州市教育局", sendGrid.Host, false, new Uri("https://eduflows.qz.example.cn/"), "zh-CN");
        bool appFunctionsByTest = RegistersAppFunctions(register);
        var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            registry =>
            {
                // The app's orchestrator and activity functions, as the local host registers them (the task activities among them).
                if (!appFunctionsByTest)
                {
                    registry.AddDurableFunctions(AppFunctions.Catalog);
                }

                register?.Invoke(registry);
            },
            configureServices: s =>
            {
                var catalog = new TaskKindCatalog().Add(NoticeAcknowledgement.Kind);
                kinds?.Invoke(catalog);
                s.AddSingleton(catalog);
                s.AddStaffTaskServices(azurite.ConnectionString, hub, "api", mail, new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), time => new TaskTokenSigner(TokenKey, time));

                // A process's own services over the same storage account and hub (connection string, hub name).
                services?.Invoke(s, azurite.ConnectionString, hub);
            },
            time: new FakeTimeProvider(startAt ?? new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)),
            pollInterval: TimeSpan.FromMilliseconds(20));
        var harness = new TaskHarness(host, sendGrid, host.Services);
        var directory = host.Services.GetRequiredService<DirectoryStore>();
        await directory.Staff.ApplyAsync(
            [
                Staff("stf-1", "王芳", "wang.fang@qz.example.cn"),
                Staff("stf-2", "李校长", "li.principal@qz.example.cn"),
                Staff("stf-3", "赵主任", "zhao.office@qz.example.cn"),
                Staff("stf-4", "孙老师", null),
            ],
            CancellationToken.None);
        return harness;
    }

    // A test may register the app's functions itself (register: r => r.AddDurableFunctions(AppFunctions.Catalog)); the
    // worker refuses a name twice, so the harness adds them only when the test's registrations do not already hold them.
    private static bool RegistersAppFunctions(Action<DurableTaskRegistry>? register)
    {
        if (register is null)
        {
            return false;
        }

        var probe = new DurableTaskRegistry();
        register(probe);
        try
        {
            probe.AddDurableFunctions(AppFunctions.Catalog);
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    public static StaffMember Staff(string id, string name, string? email) =>
        new() { Id = id, Name = name, Gender = "female", Email = email, SchoolId = "sch-001", Post = "teacher" };

    /// <summary>Waits (real time) until the task exists and returns it.</summary>
    public async Task<StaffTask> WaitForTaskAsync(string taskIdPrefix, Func<StaffTask, bool>? condition = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var all = await Tasks.AllOpenAsync(cts.Token);
            var found = all.FirstOrDefault(t => t.Id.StartsWith(taskIdPrefix, StringComparison.Ordinal) && (condition?.Invoke(t) ?? true));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Waits (real time) until <paramref name="count"/> open tasks match and returns them in id order.</summary>
    public async Task<List<StaffTask>> WaitForOpenTasksAsync(int count, Func<StaffTask, bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = (await Tasks.AllOpenAsync(cts.Token)).Where(condition).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Waits (real time) until SendGrid has accepted <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForMailAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (SendGrid.Accepted.Count < count)
        {
            await Task.Delay(20, cts.Token);
        }

        return SendGrid.Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
