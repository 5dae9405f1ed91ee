using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Hosting.RedeployedHost;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// A school's round restarted by hand on the local host, through the Durable management API's <c>restart</c> and the
/// office's instances page (重新启动), after its notice had closed with an objection's review open: the new run names its
/// tasks apart, the earlier run's open task is withdrawn, its notice takes an objection (202, looked into), no mail goes
/// twice; a new instance id or a completed round is refused in Chinese. Dev clock, Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DeputyRenewalRestartHostTests(AzuriteFixture azurite)
{
    private const string Api = "/runtime/webhooks/durabletask";
    private const string InstanceId = "deputy-renewal-2026-sch-qc";
    private const string Objections = "/api/deputy-renewals/2026/schools/sch-qc/objections";
    private static readonly object Objection = new { againstStaffId = "stf-42", objector = "张老师 13800000000", reason = "其在职称评审中材料造假。" };

    [Theory]
    [InlineData("management")]
    [InlineData("office")]
    public async Task Restart_OfATerminatedRoundWhoseNoticeClosed_RunsApart_WithdrawsTheEarlierTask_ItsNoticeTakesObjections(string by)
    {
        await using var app = await StartAppAsync();
        using var http = CreateClient(app);
        var (earlierObjection, earlierExecution) = await TerminatedAfterItsNoticeClosedAsync(app, http);

        // Restarted by hand: the same instance id.
        string restartedAs;
        if (by == "management")
        {
            var restarted = await http.PostAsync($"{Api}/instances/{InstanceId}/restart", null);
            Assert.True(restarted.StatusCode == HttpStatusCode.Accepted, await restarted.Content.ReadAsStringAsync());
            restartedAs = (string)(await restarted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        }
        else
        {
            using var form = new FormUrlEncodedContent([new("newId", string.Empty)]);
            var restarted = await http.PostAsync($"/api/office/instances/{InstanceId}/restart", form);
            string page = await restarted.Content.ReadAsStringAsync();
            Assert.True(restarted.StatusCode == HttpStatusCode.OK, page);
            restartedAs = page.Contains($"已重新启动，实例编号 {InstanceId}。", StringComparison.Ordinal) ? InstanceId : page;
        }

        // A run of its own: its tasks named by its key, the earlier run's open review withdrawn as it began.
        var record = await PollRecordAsync(app, r => r.Run is not null);
        string key = record.Run!;
        var proposal = await WaitForOpenTaskAsync(app.Services, $"deputy-renewal-proposal-2026-sch-qc-{key}-proposal");
        var tasks = app.Services.GetRequiredService<StaffTaskStore>();
        Assert.Equal(StaffTaskStatus.Cancelled, (await tasks.GetAsync(earlierObjection.Id, CancellationToken.None))!.Record.Status);
        await SubmitAsync(app, proposal.Id, "stf-10", Proposal("none"));
        for (int i = 0; i < 3; i++)
        {
            var review = await WaitForOpenTaskAsync(app.Services, $"deputy-renewal-review-2026-sch-qc-{key}-");
            await SubmitAsync(app, review.Id, "stf-3", new() { ["decision"] = "approve" });
        }

        // Its notice takes the objection the earlier run's closed notice would refuse, and looks into it.
        record = await PollRecordAsync(app, r => r.Stage == "notice" && r.Run == key);
        var raised = await http.PostAsJsonAsync(Objections, Objection);
        string raisedBody = await raised.Content.ReadAsStringAsync();
        var lookInto = await WaitForOpenTaskAsync(app.Services, $"deputy-renewal-objection-2026-sch-qc-{key}-objection-1");
        var mailbox = app.Services.GetRequiredService<DevMailbox>();
        var mails = await MailsOnceSentAsync(mailbox, $"deputy-renewal-2026-sch-qc.{key}.notice.stf-42", $"{lookInto.Id}.{TaskMails.Assigned}");

        Assert.Equal(InstanceId, restartedAs);
        Assert.True(raised.StatusCode == HttpStatusCode.Accepted, raisedBody);
        Assert.False((bool)JsonNode.Parse(raisedBody)!["alreadyReceived"]!);
        Assert.NotEqual(earlierExecution, record.Execution);
        Assert.NotNull(record.Execution);
        Assert.Equal(RenewalProcess.CurrentVersion, (string?)(await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{InstanceId}"))!["version"]);
        Assert.Equal(
            [$"deputy-renewal-objection-2026-sch-qc-{key}-objection-1", $"deputy-renewal-proposal-2026-sch-qc-{key}-proposal"],
            new[] { lookInto.Id, proposal.Id });
        Assert.DoesNotContain(await tasks.AllOpenAsync(CancellationToken.None), t => t.InstanceId.StartsWith(InstanceId, StringComparison.Ordinal) && !t.Id.Contains(key, StringComparison.Ordinal));

        // The objection kept in the new run's partition and taken in there; the earlier run's stays as it was.
        var store = app.Services.GetRequiredService<DeputyRenewalStore>();
        Assert.Equal(
            [("stf-42", ReceivedObjectionIntake.Accepted)],
            (await store.Received.KeptAsync($"2026-sch-qc.{record.Execution}", CancellationToken.None)).Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        Assert.Equal(
            [("stf-42", ReceivedObjectionIntake.TakenIn)],
            (await store.Received.KeptAsync($"2026-sch-qc.{earlierExecution}", CancellationToken.None)).Select(k => (k.Objection.AgainstStaffId, k.Intake)));

        // No mail twice: each outbox message delivered once; 陈主任 had each run's notice once, the reviewer each run's objection task once.
        Assert.All(mails.Where(m => m.OutboxId is not null).GroupBy(m => m.OutboxId), g => Assert.Single(g));
        Assert.Equal(
            new[] { "deputy-renewal-2026-sch-qc.notice.stf-42", $"deputy-renewal-2026-sch-qc.{key}.notice.stf-42" }.Order(StringComparer.Ordinal),
            mails.Where(m => m.OutboxId?.EndsWith(".notice.stf-42", StringComparison.Ordinal) == true).Select(m => m.OutboxId!).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { $"{earlierObjection.Id}.{TaskMails.Assigned}", $"{lookInto.Id}.{TaskMails.Assigned}" }.Order(StringComparer.Ordinal),
            mails.Where(m => m.OutboxId?.StartsWith("deputy-renewal-objection-", StringComparison.Ordinal) == true && m.OutboxId.EndsWith("." + TaskMails.Assigned, StringComparison.Ordinal)).Select(m => m.OutboxId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Restart_UnderANewInstanceId_OrOfACompletedRound_IsRefusedInChinese_NothingStarted()
    {
        await using var app = await StartAppAsync();
        using var http = CreateClient(app);
        using var page = CreateClient(app);
        page.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await StartRoundAsync(http);
        await WaitForOpenTaskAsync(app.Services, "deputy-renewal-proposal-2026-sch-qc-proposal");
        await TerminateAsync(app);

        var newIdByApi = await http.PostAsync($"{Api}/instances/{InstanceId}/restart?restartWithNewInstanceId=true", null);
        using var form = new FormUrlEncodedContent([new("newId", "是")]);
        var newIdByPage = await page.PostAsync($"/api/office/instances/{InstanceId}/restart", form);
        string newIdHtml = await newIdByPage.Content.ReadAsStringAsync();

        await ProblemAssertions.AssertProblemAsync(newIdByApi, HttpStatusCode.Conflict, "instanceId");
        Assert.Equal(HttpStatusCode.Conflict, newIdByPage.StatusCode);
        Assert.Contains($"不能以新实例编号重新启动；请以原编号（{InstanceId}）重新启动。", newIdHtml, StringComparison.Ordinal);
        Assert.Contains("data-field=\"instanceId\"", newIdHtml, StringComparison.Ordinal);
        int rounds = 0;
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            rounds += instance.Name == RenewalProcess.Name ? 1 : 0;
        }

        Assert.Equal(1, rounds);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.GetInstanceAsync(InstanceId))!.RuntimeStatus);

        // Run to its end (the start API's rule: a completed round is not started again), then restarted through the page.
        await StartRoundAsync(http);
        string key = (await PollRecordAsync(app, r => r.Run is not null)).Run!;
        var proposal = await WaitForOpenTaskAsync(app.Services, $"deputy-renewal-proposal-2026-sch-qc-{key}-proposal");
        await SubmitAsync(app, proposal.Id, "stf-10", new()
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
            ["choice3"] = "none", ["reason3"] = "暂不提名。",
            ["choice4"] = "none", ["reason4"] = "暂不提名。",
        });
        for (int i = 0; i < 2; i++)
        {
            await SubmitAsync(app, (await WaitForOpenTaskAsync(app.Services, $"deputy-renewal-review-2026-sch-qc-{key}-")).Id, "stf-3", new() { ["decision"] = "approve" });
        }

        await PollAsync(http, InstanceId, s => (string?)s["runtimeStatus"] == "Completed");
        string completedPage = await page.GetStringAsync($"/api/office/instances/{InstanceId}");
        using var again = new FormUrlEncodedContent([new("newId", string.Empty)]);
        var completedByPage = await page.PostAsync($"/api/office/instances/{InstanceId}/restart", again);
        var completedByApi = await http.PostAsync($"{Api}/instances/{InstanceId}/restart", null);

        // The page offers only what would be done: purge, not 重新启动.
        Assert.Contains("data-action=\"purge\"", completedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-action=\"restart\"", completedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, completedByPage.StatusCode);
        Assert.Contains($"该校2026年副职续聘提拔（{InstanceId}）已经完成，不能重新启动；只有失败或已终止的轮次可以重新启动。", await completedByPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(completedByApi, HttpStatusCode.Conflict, "instanceId");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync(InstanceId))!.RuntimeStatus);
    }

    // The earlier run, a round of 3.2 as the start API began it then (its execution in its input, which a restart of the
    // recorded input and version would reuse with its closed notice): proposals and reviews done, on notice; an objection lodged a minute before the notice's end (its
    // review due days later), the notice then over and its objections taken in (the partition marked closed), terminated
    // with that review open. Answers its open objection task and its execution.
    private static async Task<(StaffTask OpenObjection, string Execution)> TerminatedAfterItsNoticeClosedAsync(WebApplicationFactory<Program> app, HttpClient http)
    {
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default) { Execution = "5e1f0c3a9b2d4e6f8a7b6c5d4e3f2a1b" };
        await app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(InstanceId) { Version = "3.2" });
        await SubmitAsync(app, (await WaitForOpenTaskAsync(app.Services, "deputy-renewal-proposal-2026-sch-qc-proposal")).Id, "stf-10", Proposal("promote"));
        for (int i = 0; i < 4; i++)
        {
            await SubmitAsync(app, (await WaitForOpenTaskAsync(app.Services, "deputy-renewal-review-2026-sch-qc-review-")).Id, "stf-3", new() { ["decision"] = "approve" });
        }

        var onNotice = await PollRecordAsync(app, r => r.Stage == "notice");
        var endsAt = new DateTimeOffset(DateTime.SpecifyKind(onNotice.NoticeEndsAt!.Value, DateTimeKind.Utc));
        await SetClockAsync(http, endsAt.AddMinutes(-1));
        var raised = await http.PostAsJsonAsync(Objections, Objection);
        Assert.True(raised.StatusCode == HttpStatusCode.Accepted, await raised.Content.ReadAsStringAsync());
        var open = await WaitForOpenTaskAsync(app.Services, "deputy-renewal-objection-2026-sch-qc-objection-1");
        await SetClockAsync(http, endsAt.AddMinutes(1));
        string partition = $"2026-sch-qc.{onNotice.Execution}";
        var store = app.Services.GetRequiredService<DeputyRenewalStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await store.Received.ClosedAsync(partition, CancellationToken.None))
        {
            Assert.True(DateTime.UtcNow < deadline, "the notice's objections were not taken in");
            await Task.Delay(100);
        }

        Assert.Equal("3.2", (string?)(await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{InstanceId}"))!["version"]);
        await TerminateAsync(app);
        Assert.Equal(StaffTaskStatus.Open, (await app.Services.GetRequiredService<StaffTaskStore>().GetAsync(open.Id, CancellationToken.None))!.Record.Status);
        Assert.Equal(run.Execution, onNotice.Execution);
        return (open, onNotice.Execution!);
    }

    private async Task<WebApplicationFactory<Program>> StartAppAsync()
    {
        var app = Create(azurite.ConnectionString, AzuriteFixture.NewHubName(), RenewalProcess.CurrentVersion);
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await DeputyRenewalHarness.SeedSchoolAsync(directory);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-3", "赵主任", "zhao.office@qz.example.cn") with { SchoolId = null, Post = "bureau-cadre" }], CancellationToken.None);
        return app;
    }

    private static async Task StartRoundAsync(HttpClient http)
    {
        var started = await http.PostAsJsonAsync("/api/deputy-renewals/2026/schools/sch-qc", new { ownerId = "stf-3" });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string?> Proposal(string fourth) => new()
    {
        ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
        ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
        ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
        ["choice4"] = fourth, ["reason4"] = "后备干部，教学管理经验丰富。",
    };

    // The round's record as its status shows it, once it holds (real time, at most 60 s).
    private static async Task<RenewalRecord> PollRecordAsync(WebApplicationFactory<Program> app, Func<RenewalRecord, bool> condition)
    {
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if ((await client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<RenewalRecord>() is { } record && condition(record))
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, "the round's record did not get there in time");
            await Task.Delay(100);
        }
    }

    // Terminated, as the office or an operator would (the management API's status answers a terminated instance 400, so read through the client).
    private static async Task TerminateAsync(WebApplicationFactory<Program> app)
    {
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await client.TerminateInstanceAsync(InstanceId, "重新启动本校续聘提拔");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetInstanceAsync(InstanceId))?.RuntimeStatus != OrchestrationRuntimeStatus.Terminated)
        {
            Assert.True(DateTime.UtcNow < deadline, "the round was not terminated in time");
            await Task.Delay(100);
        }
    }

    private static async Task SetClockAsync(HttpClient http, DateTimeOffset to)
    {
        using var body = new StringContent($"{{\"setTo\": \"{to:O}\", \"timers\": \"skip\"}}", Encoding.UTF8, "application/json");
        var moved = await http.PostAsync("/api/dev/clock", body);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
    }

    // The dev mailbox once the given outbox messages have been delivered (real time, at most 60 s).
    private static async Task<IReadOnlyList<DevMail>> MailsOnceSentAsync(DevMailbox mailbox, params string[] outboxIds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!outboxIds.All(id => mailbox.All.Any(m => m.OutboxId == id)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"not delivered: {string.Join(", ", outboxIds.Where(id => !mailbox.All.Any(m => m.OutboxId == id)))}");
            await Task.Delay(100);
        }

        return mailbox.All;
    }
}
