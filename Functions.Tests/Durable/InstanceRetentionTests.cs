using System.Net;
using Microsoft.Extensions.Configuration;
using EduFlows.Durable;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Triggers.Timers;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Durable;

/// <summary>The retention timer: finished instances past the period are purged through the durable client; the process's own rows stay.</summary>
[Collection(AzuriteTests.Name)]
public sealed class InstanceRetentionTests(AzuriteFixture azurite)
{
    private const string Key = TaskAppFactory.MasterKey;

    [Fact]
    public async Task PurgeTimer_RemovesTheHistoryOfInstancesFinishedBeforeTheRetention_KeepsTheirTaskRowsAndRecentInstances()
    {
        await using var app = new TaskAppFactory(azurite);
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.SeedStaffAsync();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var schedules = app.Services.GetRequiredService<ITimerSchedules>();
        var tasks = app.Services.GetRequiredService<StaffTaskStore>();

        // The jump below passes the half-year and monthly timers: paused, they start nothing (the office's own hold).
        foreach (var timer in await schedules.ListAsync(CancellationToken.None))
        {
            await schedules.PauseAsync(timer.Name, CancellationToken.None);
        }

        var (_, old) = await app.StartNoticeAsync("stf-1", "关于保留期的通知");
        await client.TerminateInstanceAsync(old, "test");
        await client.WaitForInstanceCompletionAsync(old);
        // Its 72-hour wait runs out in the jump: it ends after the cutoff, so it stays.
        string timedOut = await client.ScheduleNewOrchestrationInstanceAsync(Approval.Name, "deputy renewal");
        await client.WaitForInstanceStartAsync(timedOut);

        app.Services.GetRequiredService<DevClock>().AdvanceBy(TimeSpan.FromDays(InstanceRetention.DefaultDays + 1));
        string recent = await client.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name);
        await client.WaitForInstanceCompletionAsync(recent);

        int purged = await ActivatorUtilities.CreateInstance<InstanceRetention>(app.Services).PurgeAsync(client, CancellationToken.None);
        var history = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{old}?showHistory=true&code={Key}");

        Assert.Equal(1, purged);
        Assert.Null(await client.GetInstanceAsync(old));
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.Contains(await tasks.ForAssigneeAsync("stf-1", CancellationToken.None), t => t.InstanceId == old);
        Assert.NotNull(await client.GetInstanceAsync(recent));
        Assert.NotNull(await client.GetInstanceAsync(timedOut));
    }

    [Fact]
    public void PurgeTimer_IsATimerFunction_RunNightly_WithItsRetentionFromTheAppSettings()
    {
        var timer = Assert.Single(OfficeTimer.All, t => t.Function == InstanceRetention.Name);
        Assert.Equal("0 30 3 * * *", timer.Schedule);
        Assert.Equal("清除保留期已过的已结束流程实例（每天 3:30）", timer.Title("zh-CN"));

        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<InstanceRetention>.Instance;
        InstanceRetention With(string? days) => new(new ConfigurationBuilder().AddInMemoryCollection([new(InstanceRetention.Setting, days)]).Build(), TimeProvider.System, logger);
        Assert.Equal(90, With(null).Days);
        Assert.Equal(30, With("30").Days);
        Assert.Contains("InstanceRetention__Days", Assert.Throws<InvalidOperationException>(() => With("-1").Days).Message, StringComparison.Ordinal);
    }
}
