using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Tasks;

/// <summary>Task mails and receipts say what actually happens, in the bureau's time.</summary>
[Collection(AzuriteTests.Name)]
public sealed class TaskMailWordingTests(AzuriteFixture azurite)
{
    private static readonly DateTime Due = new(2026, 9, 4, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Reminder_PromisesTheSupervisorOnlyWhenTheTaskEscalates_AndTheDueTimeSaysBeijingTime()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        await harness.Desk.OpenAsync(new OpenTaskInput("t-escalates", "i-1", new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, "stf-1", "通知", Due) { EscalateTo = "stf-2" }), CancellationToken.None);
        await harness.Desk.OpenAsync(new OpenTaskInput("t-expires", "i-2", new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, "stf-1", "通知", Due)), CancellationToken.None);

        string escalates = await ReminderTextAsync(harness, "t-escalates");
        string expires = await ReminderTextAsync(harness, "t-expires");

        Assert.Contains("任务将转交您的上级负责人", escalates, StringComparison.Ordinal);
        Assert.DoesNotContain("上级", expires, StringComparison.Ordinal);
        Assert.Contains("截止后链接将失效，无法再提交。", expires, StringComparison.Ordinal);
        Assert.Contains("2026-09-04 08:00（北京时间）", expires, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiptId_IsDatedByTheBureausCalendar_LikeTheTimeShownWithIt()
    {
        // 2026-09-01 23:30 UTC is 2 September 07:30 in Beijing.
        await using var harness = await TaskHarness.StartAsync(azurite, startAt: new DateTimeOffset(2026, 9, 1, 23, 30, 0, TimeSpan.Zero));
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "通知", 72));
        var task = await harness.WaitForTaskAsync("notice-acknowledgement");

        var answered = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", new Dictionary<string, string?> { ["acknowledged"] = "true" }, CancellationToken.None);

        Assert.StartsWith("R20260902-", answered.Receipt!.ReceiptId, StringComparison.Ordinal);
        Assert.Equal("2026-09-02 07:30", harness.Desk.Clock.Format(answered.Receipt.SubmittedAt));
    }

    [Fact]
    public async Task Subjects_NameTheDueTimesZone_AsTheBodiesDo_InEachLanguage()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        var zh = await harness.Desk.OpenAsync(new OpenTaskInput("t-zh", "i-zh", new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, "stf-1", "通知", Due)), CancellationToken.None);
        var en = await harness.Desk.OpenAsync(new OpenTaskInput("t-en", "i-en", new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, "stf-1", "Notice", Due) { Culture = "en" }), CancellationToken.None);

        Assert.Equal("【待办】阅知确认（北京时间 2026-09-04 08:00 截止）", await SubjectAsync(harness, zh.MailId!));
        Assert.Equal("【提醒】阅知确认将于北京时间 2026-09-04 08:00 截止", await SubjectAsync(harness, (await harness.Desk.WriteReminderAsync("t-zh", 1, CancellationToken.None))!));
        Assert.Equal("[Task] Acknowledge a notice (due 2026-09-04 08:00 Beijing time)", await SubjectAsync(harness, en.MailId!));
        Assert.Equal("[Reminder] Acknowledge a notice is due 2026-09-04 08:00 (Beijing time)", await SubjectAsync(harness, (await harness.Desk.WriteReminderAsync("t-en", 1, CancellationToken.None))!));
    }

    [Fact]
    public async Task UndeliveredReport_OfAnEnglishTask_IsWrittenInTheOwnersLanguage_NotTheAssignees()
    {
        // 孙老师 (stf-4) has no address; the task was given in English, the owner (赵主任) reads the bureau's Chinese.
        await using var harness = await TaskHarness.StartAsync(azurite);
        await harness.Desk.OpenAsync(new OpenTaskInput("t-undelivered", "i-u", new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, "stf-4", "Notice", Due) { Culture = "en", OwnerId = "stf-3" }), CancellationToken.None);

        var report = (await harness.Outbox.GetAsync((await harness.Desk.WriteUndeliveredReportAsync("t-undelivered", "无邮箱地址", CancellationToken.None))!, CancellationToken.None))!.Record;

        Assert.Equal("zh-CN", report.Culture);
        Assert.Equal("【投递失败】孙老师未收到任务：阅知确认", report.Subject);
        Assert.Contains("截止时间：2026-09-04 08:00（北京时间）", report.Text, StringComparison.Ordinal);
        Assert.Contains("赵主任老师：", report.Text, StringComparison.Ordinal);
    }

    private static async Task<string> SubjectAsync(TaskHarness harness, string mailId) =>
        (await harness.Outbox.GetAsync(mailId, CancellationToken.None))!.Record.Subject;

    private static async Task<string> ReminderTextAsync(TaskHarness harness, string taskId)
    {
        string id = (await harness.Desk.WriteReminderAsync(taskId, 1, CancellationToken.None))!;
        return (await harness.Outbox.GetAsync(id, CancellationToken.None))!.Record.Text;
    }
}
