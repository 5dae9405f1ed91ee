using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// The promotion notice published as it opens (version 3.1), under the fake clock from 2026-09-30: a zh-CN mail to each
/// of 旗城学校's staff with an address and to each person on the notice, saying who is proposed for which post, the
/// notice's working days over the National Day holidays and when objections close in Beijing time, and how to object
/// (each person's own link to the notice page); written and sent once each, also when the activities that write and
/// send them are run again after their work was done.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalNoticeMailTests(AzuriteFixture azurite)
{
    private const string NoticeIds = "deputy-renewal-2026-sch-qc.notice.";

    // 旗城学校's staff: the principal, both deputies, three mid-level leaders and 周老师; 孙老师 has no address.
    private static readonly string[] Mailed = ["stf-10", "stf-40", "stf-41", "stf-42", "stf-43", "stf-44", "stf-45"];

    [Fact]
    public async Task Notice_Opens_EachOfTheSchoolsStaffIsMailedOnce_InChinese_WhoForWhichPost_TheCalendarsDays_AndTheirOwnLink()
    {
        await using var harness = await StartAsync();

        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        var sent = await WaitForNoticeMailsAsync(harness, Mailed.Length);

        Assert.Equal(Mailed.Select(id => NoticeIds + id), sent.Select(r => r.OutboxId).Order(StringComparer.Ordinal));
        Assert.Null(await harness.Outbox.GetAsync(NoticeIds + "stf-46", CancellationToken.None));
        Assert.Null(await harness.Outbox.GetAsync(NoticeIds + "stf-1", CancellationToken.None));
        var zhou = (await harness.Outbox.GetAsync(NoticeIds + "stf-45", CancellationToken.None))!.Record;
        var chen = (await harness.Outbox.GetAsync(NoticeIds + "stf-42", CancellationToken.None))!.Record;
        Assert.Equal(("zh.teacher@qz.example.cn", "zh-CN", "【提拔人选公示】2026年 · 旗城学校"), (zhou.To, zhou.Culture, zhou.Subject));
        Assert.Contains("经学校推荐、教育局审核，拟提拔以下2人为旗城学校副校长，现予公示。", zhou.Text, StringComparison.Ordinal);
        Assert.Contains("陈主任：现任中层干部，拟任副校长\n韩主任：现任中层干部，拟任副校长\n", zhou.Text, StringComparison.Ordinal);
        Assert.Contains("公示时间：2026年10月8日至2026年10月10日（北京时间，3个工作日，节假日不计）", zhou.Text, StringComparison.Ordinal);
        Assert.Contains("异议截止：2026-10-10 18:00（北京时间）", zhou.Text, StringComparison.Ordinal);
        Assert.Contains("教育局收到异议后3个工作日内核查，异议属实的不予提拔。", zhou.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("王副校长", zhou.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("您是本次公示的拟提拔人选之一。", zhou.Text, StringComparison.Ordinal);
        Assert.Contains("您是本次公示的拟提拔人选之一。", chen.Text, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(zhou.Text));

        // Each link is the person's own, to the school's notice page, working until objections close.
        string link = zhou.Text.Split('\n').Single(l => l.StartsWith("查看公示并提出异议：", StringComparison.Ordinal))["查看公示并提出异议：".Length..];
        Assert.StartsWith("https://eduflows.qz.example.cn/api/deputy-renewals/2026/schools/sch-qc/notice?token=", link, StringComparison.Ordinal);
        var links = harness.Services.GetRequiredService<RenewalNoticeLinks>();
        string token = link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
        Assert.Equal(TaskTokenCheck.Valid, links.Check(token, "2026", "sch-qc", out string? holder));
        Assert.Equal("stf-45", holder);
        Assert.Equal(TaskTokenCheck.OtherTask, links.Check(token, "2026", "sch-dy", out _));
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(TaskTokenCheck.Expired, links.Check(token, "2026", "sch-qc", out _));

        // The round goes on to its end; the notice was mailed once, nothing more of it after.
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Mailed.Length, harness.SendGrid.Accepted.Count(r => r.OutboxId?.StartsWith(NoticeIds, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task ARoundStartedOn30_ReachingItsNoticeOnThisCode_IsMailedItsNotice_AndKeepsThe30PathForObjections()
    {
        // A 3.0 round running at deploy: its notice is saved by this worker, whose save says it mails notices.
        await using var harness = await StartAsync();

        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.ReviewsApartSince);
        var sent = await WaitForNoticeMailsAsync(harness, Mailed.Length);

        Assert.Equal(Mailed.Select(id => NoticeIds + id), sent.Select(r => r.OutboxId).Order(StringComparer.Ordinal));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal("3.0", history.OfType<ExecutionStartedEvent>().Single().Version);
        Assert.Single(history.OfType<TaskScheduledEvent>(), e => e.Name == DeputyRenewalActivities.NoticeMail);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Mailed.Length, harness.SendGrid.Accepted.Count(r => r.OutboxId?.StartsWith(NoticeIds, StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("{\"mailsNotice\":true}", true)]
    [InlineData("{\"MailsNotice\":true}", true)]
    [InlineData("{\"mailsNotice\":false}", false)]
    public void Saved_AsTheHistoryKeepsIt_MailsOnlyWhenTheSavingWorkerSaysSo(string result, bool mails) =>
        Assert.Equal(mails, DeputyRenewalActivities.Saved.SaysMailsNotice(System.Text.Json.JsonDocument.Parse(result).RootElement.Clone()));

    [Fact]
    public async Task NoticeMail_WritingAndSendingRunAgainAfterTheirWorkWasDone_EachPersonIsStillMailedOnce()
    {
        // Both activities do their work and then fail once, as a worker stopped before it reported back would: the
        // round runs each again.
        await using var harness = await StartAsync(registry =>
        {
            registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name is not (DeputyRenewalActivities.NoticeMail or StaffTaskActivities.SendMails))]));
            registry.AddActivity<NoticeMailFailingOnceAfterWriting>(DeputyRenewalActivities.NoticeMail);
            registry.AddActivity<SendMailsFailingOnceAfterTheNotice>(StaffTaskActivities.SendMails);
        });

        // The retries wait on timers, which the driver moves the clock to; it answers the principal and the bureau.
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = RenewalProcess.CurrentVersion });
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Kind == DeputyRenewalTasks.Proposal.Name
            ? new Dictionary<string, string?>
            {
                ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
                ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
                ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
                ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
            }
            : task.Kind == DeputyRenewalTasks.Review.Name ? new Dictionary<string, string?> { ["decision"] = "approve" }
            : throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["promoted", "promoted"], done.ReadOutputAs<RenewalRecord>()!.Candidates.Skip(2).Select(c => c.Result));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count(e => e.Name == DeputyRenewalActivities.NoticeMail));
        Assert.True(NoticeMailFailingOnceAfterWriting.Failed && SendMailsFailingOnceAfterTheNotice.Failed);
        var sent = harness.SendGrid.Accepted.Where(r => r.OutboxId?.StartsWith(NoticeIds, StringComparison.Ordinal) == true).Select(r => r.OutboxId!).Order(StringComparer.Ordinal);
        Assert.Equal(Mailed.Select(id => NoticeIds + id), sent);
    }

    private async Task<TaskHarness> StartAsync(Action<DurableTaskRegistry>? register = null)
    {
        var harness = await DeputyRenewalHarness.StartAsync(azurite, register);
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-45", "周老师", "zh.teacher@qz.example.cn") with { SchoolId = "sch-qc" },
                TaskHarness.Staff("stf-46", "孙老师", null) with { SchoolId = "sch-qc" },
            ],
            CancellationToken.None);
        return harness;
    }

    private static async Task<List<ReceivedRequest>> WaitForNoticeMailsAsync(TaskHarness harness, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var sent = harness.SendGrid.Accepted.Where(r => r.OutboxId?.StartsWith(NoticeIds, StringComparison.Ordinal) == true).ToList();
            if (sent.Count >= count)
            {
                return sent;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private sealed class NoticeMailFailingOnceAfterWriting(IServiceProvider services) : TaskActivity<RenewalNotice, IReadOnlyList<string>>
    {
        public static bool Failed { get; private set; }

        public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, RenewalNotice input)
        {
            var written = await ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(services).NoticeMailAsync(input, CancellationToken.None);
            if (!Failed)
            {
                Failed = true;
                throw new InvalidOperationException("stopped after writing the notice mails");
            }

            return written;
        }
    }

    private sealed class SendMailsFailingOnceAfterTheNotice(IServiceProvider services) : TaskActivity<StaffTaskActivities.MailBatch, MailBatchOutcome>
    {
        public static bool Failed { get; private set; }

        public override async Task<MailBatchOutcome> RunAsync(TaskActivityContext context, StaffTaskActivities.MailBatch input)
        {
            var outcome = await ActivatorUtilities.CreateInstance<StaffTaskActivities>(services).SendMailsAsync(input, CancellationToken.None);
            if (!Failed && input.MailIds.Any(id => id.StartsWith(NoticeIds, StringComparison.Ordinal)))
            {
                Failed = true;
                throw new InvalidOperationException("stopped after sending the notice mails");
            }

            return outcome;
        }
    }
}
