using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.Durable;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Triggers.Timers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// An assignment whose instance is terminated (issue 20) through the whole app on Azurite: its record no longer says
/// "consent" for ever and no longer holds the person. A new assignment for 钱科员 is accepted, the record and the audit
/// say when and why it stopped and that nobody moved, and the office's list and the report show it as 已终止.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class SecondmentStoppedTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private DateOnly _start;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Terminated_ThePersonCanBeAssignedAgain_AndTheRecordAuditListAndReportSayItStopped()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2026-stop")).StatusCode);
        var consents = await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-stop");
        string instanceId = SecondmentPlan.InstanceIdOf("2026-stop");

        await client.TerminateInstanceAsync(instanceId, "安排有变，另行安排");
        var stopped = await WaitForEndAsync(client, instanceId);
        var again = await PostAsync("2026-again");
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-again");
        string list = await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/api/secondments/2026-stop/report?code={Key}");
        page.Headers.Add("Accept", "text/html");
        string report = await (await _http.SendAsync(page)).Content.ReadAsStringAsync();

        // Accepted: the terminated assignment holds the person no longer.
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        // The record and the audit stream say when and why, and where the person is.
        string line = $"{_app.Services.GetRequiredService<BureauClock>().DateOf(stopped.LastUpdatedAt):yyyy-MM-dd} 流程被终止（原因：安排有变，另行安排）：挂职锻炼中止，钱科员未调动。";
        var record = (await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-stop", CancellationToken.None))!.Record;
        Assert.Equal((SecondmentStages.Terminated, line), (record.State.Stage, record.State.Stopped));
        var audit = await _app.Services.GetRequiredService<AuditLogStore>().ListAsync(instanceId, 1, 100, CancellationToken.None);
        var end = Assert.Single(audit, e => e.Kind == "end");
        using var payload = JsonDocument.Parse(end.Payload!);
        Assert.Equal((line, "consent", "安排有变，另行安排"), (payload.RootElement.GetProperty("line").GetString(), payload.RootElement.GetProperty("previousStage").GetString(), payload.RootElement.GetProperty("reason").GetString()));

        // The office's list shows it stopped, not awaiting consent; the report says so with the line.
        string row = list[list.IndexOf("data-assignment=\"2026-stop\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<strong>已终止</strong>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("征求意见", row, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"consent-count\">1</span>", list, StringComparison.Ordinal);
        Assert.Contains("已终止", report, StringComparison.Ordinal);
        Assert.Contains(line, report, StringComparison.Ordinal);

        // Issue 18: the facts on the consent tasks are labelled in Chinese only.
        Assert.All(consents, t => Assert.Equal(["类别", "人员", "派出单位", "接收单位", "岗位", "期限", "指导人"], t.Context.Select(c => c.Key)));
    }

    [Fact]
    public async Task Terminated_TheOfficeListIsTheFirstToLook_ShowsItStoppedAndCountsItEnded()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2026-list")).StatusCode);
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-list");
        string instanceId = SecondmentPlan.InstanceIdOf("2026-list");
        await client.TerminateInstanceAsync(instanceId, "安排有变");
        await WaitForEndAsync(client, instanceId);

        // No status, report or new assignment has looked at it: the office's list is the first reader.
        string list = await _http.GetStringAsync($"/api/office/secondments?code={Key}");

        string row = list[list.IndexOf("data-assignment=\"2026-list\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<strong>已终止</strong>", row, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"consent-count\">0</span>", list, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"ended-count\">1</span>", list, StringComparison.Ordinal);
        var record = (await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-list", CancellationToken.None))!.Record;
        Assert.Equal(SecondmentStages.Terminated, record.State.Stage);
    }

    [Fact]
    public async Task TerminatedNeverRead_ThePurgeSettlesItFirst_ThePersonCanBeAssignedAgain_AndEveryoneIsToldOnce()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var schedules = _app.Services.GetRequiredService<ITimerSchedules>();

        // The jump below passes the app's timers: paused, they start nothing.
        foreach (var timer in await schedules.ListAsync(CancellationToken.None))
        {
            await schedules.PauseAsync(timer.Name, CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2026-purge")).StatusCode);
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-purge");
        string instanceId = SecondmentPlan.InstanceIdOf("2026-purge");
        await client.TerminateInstanceAsync(instanceId, "安排有变，另行安排");
        var stopped = await WaitForEndAsync(client, instanceId);

        // Nobody reads the assignment before its instance is past the retention and the nightly purge runs.
        var clock = _app.Services.GetRequiredService<DevClock>();
        clock.AdvanceBy(TimeSpan.FromDays(InstanceRetention.DefaultDays + 1));
        var retention = ActivatorUtilities.CreateInstance<InstanceRetention>(_app.Services);
        await retention.PurgeAsync(client, CancellationToken.None);

        // Settled before it went: the record and the audit say when and why.
        Assert.Null(await client.GetInstanceAsync(instanceId));
        string line = $"{_app.Services.GetRequiredService<BureauClock>().DateOf(stopped.LastUpdatedAt):yyyy-MM-dd} 流程被终止（原因：安排有变，另行安排）：挂职锻炼中止，钱科员未调动。";
        var record = (await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-purge", CancellationToken.None))!.Record;
        Assert.Equal((SecondmentStages.Terminated, line), (record.State.Stage, record.State.Stopped));
        Assert.Single(await _app.Services.GetRequiredService<AuditLogStore>().ListAsync(instanceId, 1, 100, CancellationToken.None), e => e.Kind == "end");

        // The person and both heads are told in Chinese, with the office's reason and no codes.
        string subject = "挂职锻炼中止：钱科员 · 旗城学校";
        string[] told = ["qian.cadre@qz.example.cn", "zhou.head@qz.example.cn", "liu.principal@qz.example.cn"];
        var mails = await WaitForMailsAsync(subject, told.Length);
        Assert.Equal(told.Order(), mails.Select(m => Assert.Single(m.To)).Order());
        var toQian = mails.Single(m => m.To.Contains("qian.cadre@qz.example.cn"));
        Assert.Contains("钱科员：", toQian.Text, StringComparison.Ordinal);
        Assert.Contains(line, toQian.Text, StringComparison.Ordinal);
        Assert.Contains("中止原因：安排有变，另行安排", toQian.Text, StringComparison.Ordinal);
        Assert.All(mails, m => Assert.DoesNotMatch("consent|secondment|stf-|dep-|sch-|terminated", m.Text!));

        // Free again: a new assignment for 钱科员 is accepted.
        var again = await PostAsync("2026-later", clock.GetUtcNow().AddDays(30));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        // Read later and purged again, it is not settled, audited or mailed a second time.
        await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        await _http.GetStringAsync($"/api/secondments/2026-purge/status?code={Key}");
        await retention.PurgeAsync(client, CancellationToken.None);
        Assert.Single(await _app.Services.GetRequiredService<AuditLogStore>().ListAsync(instanceId, 1, 100, CancellationToken.None), e => e.Kind == "end");
        Assert.Equal(told.Length, _app.Mailbox.All.Count(m => m.Subject == subject));
    }

    [Fact]
    public async Task TerminatedNeverRead_TheOfficesPurgeSettlesItFirst_ThenPurgesIt_AndThePersonCanBeAssignedAgain()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2026-hand")).StatusCode);
        await SecondmentHarness.WaitForConsentsAsync(_app.Services, "2026-hand");
        string instanceId = SecondmentPlan.InstanceIdOf("2026-hand");
        await client.TerminateInstanceAsync(instanceId, "安排有变");
        var stopped = await WaitForEndAsync(client, instanceId);

        // Nobody has read the assignment: the office's 清除 is the last moment its end can be learned.
        var purge = await _http.PostAsync($"/api/office/instances/{instanceId}/purge?code={Key}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Null(await client.GetInstanceAsync(instanceId));
        string line = $"{_app.Services.GetRequiredService<BureauClock>().DateOf(stopped.LastUpdatedAt):yyyy-MM-dd} 流程被终止（原因：安排有变）：挂职锻炼中止，钱科员未调动。";
        var record = (await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-hand", CancellationToken.None))!.Record;
        Assert.Equal((SecondmentStages.Terminated, line), (record.State.Stage, record.State.Stopped));
        Assert.Equal(3, (await WaitForMailsAsync("挂职锻炼中止：钱科员 · 旗城学校", 3)).Count);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2026-hand-again")).StatusCode);
    }

    [Fact]
    public void Line_OfAFailedInstanceAfterTheMove_SaysItStoppedOnAnErrorAndWhereThePersonIs()
    {
        var home = new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长");
        var host = new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长");
        var plan = new SecondmentPlan("2026-qian", SecondmentKinds.Exchange, "stf-30", "钱科员", "bureau-cadre", home, host, "副校长", "vice-principal", new DateOnly(2026, 9, 14), 12, "stf-12", "吴敏", "stf-3", "Asia/Shanghai", "赵主任");
        var running = new SecondmentState { Stage = SecondmentStages.Running, Moves = ["2026-qian-out"] };

        Assert.Equal(
            "2026-10-08 流程运行出错，无法继续：双向交流中止，钱科员仍在旗城学校，名录未自动调回组织人事科，如需调回请在名录中办理。",
            SecondmentEnds.Line(plan, running, terminated: false, null, new DateOnly(2026, 10, 8)));
        Assert.Equal(
            "2026-10-08 流程被终止（未说明原因）：双向交流中止，钱科员未调动。",
            SecondmentEnds.Line(plan, running with { Moves = [] }, terminated: true, " ", new DateOnly(2026, 10, 8)));
        Assert.Equal(("已终止", "出错中止"), (SecondmentStages.Zh(SecondmentStages.Terminated), SecondmentStages.Zh(SecondmentStages.Failed)));
        Assert.True(SecondmentStages.IsEnded(SecondmentStages.Failed) && !SecondmentStages.IsEnded(SecondmentStages.Running));
    }

    private async Task<HttpResponseMessage> PostAsync(string id, DateTimeOffset? start = null)
    {
        var day = start is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : _start;
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/secondments/{id}") { Content = JsonContent.Create(SecondmentHarness.Assignment(day, 12)) };
        post.Headers.Add("x-functions-key", Key);
        return await _http.SendAsync(post);
    }

    private async Task<List<DevMail>> WaitForMailsAsync(string subject, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = _app.Mailbox.All.Where(m => m.Subject == subject).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static async Task<OrchestrationMetadata> WaitForEndAsync(DurableTaskClient client, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await client.GetInstanceAsync(instanceId, cancellation: cts.Token) is { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } done)
            {
                return done;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
