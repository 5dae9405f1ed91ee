using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using DurableTask.Core.History;
using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary>Giving staff tasks from an orchestration: mail, reminders, expiry and escalation under a fake clock.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffTaskOrchestrationTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Acknowledged = new() { ["acknowledged"] = "true", ["comment"] = "收到，按要求执行。" };

    [Fact]
    public async Task AnsweredBeforeDue_TheOrchestrationGetsTheAnswer_FromAMailedSignedLink()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于开展2026年秋季教学常规检查的通知", 72, EscalateTo: "stf-2"));

        var task = await harness.WaitForTaskAsync("notice-acknowledgement");
        var mail = Assert.Single(await harness.WaitForMailAsync(1));
        var submitted = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", Acknowledged, CancellationToken.None);
        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("wang.fang@qz.example.cn", mail.To);
        Assert.StartsWith("【待办】阅知确认（北京时间 2026-09-04 08:00 截止）", mail.Subject, StringComparison.Ordinal);
        string text = mail.ContentOf("text/plain");
        Assert.Contains("关于开展2026年秋季教学常规检查的通知", text, StringComparison.Ordinal);
        string link = text.Split('\n').Single(l => l.StartsWith("打开任务：", StringComparison.Ordinal))["打开任务：".Length..];
        Assert.StartsWith($"https://eduflows.qz.example.cn/api/tasks/{task.Id}?token=", link, StringComparison.Ordinal);
        string token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        Assert.Equal(TaskTokenCheck.Valid, harness.Services.GetRequiredService<TaskTokenSigner>().Check(token, task.Id, out var claims));
        Assert.Equal("stf-1", claims!.AssigneeId);
        Assert.Contains($"href=\"{link}\"", mail.ContentOf("text/html"), StringComparison.Ordinal);

        Assert.Equal(SubmitResult.Accepted, submitted.Result);
        var outcome = done.ReadOutputAs<StaffTaskOutcome>()!;
        Assert.Equal(StaffTaskResult.Submitted, outcome.Result);
        Assert.Equal(submitted.Receipt!.ReceiptId, outcome.Receipt!.ReceiptId);
        Assert.Equal("收到，按要求执行。", outcome.Receipt.Values["comment"]);
        Assert.Equal(StaffTaskStatus.Submitted, (await harness.Tasks.GetAsync(task.Id, CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task Late_RemindedBeforeDue_ThenEscalatedToTheSupervisor_WhoAnswers()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        var start = harness.Time.GetUtcNow();
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于校园安全排查的通知", 72, EscalateTo: "stf-2"));
        var task = await harness.WaitForTaskAsync("notice-acknowledgement");
        await harness.WaitForMailAsync(1);

        await MoveClockToTimerAsync(harness, id, start.AddHours(48));
        var reminder = (await harness.WaitForMailAsync(2))[1];
        await MoveClockToTimerAsync(harness, id, start.AddHours(72));
        var escalatedTask = await harness.WaitForTaskAsync(task.Id + "-esc");
        var escalationMail = (await harness.WaitForMailAsync(3))[2];
        var lateAnswer = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", Acknowledged, CancellationToken.None);
        var wrongPerson = await harness.Desk.SubmitAsync(harness.Host.Client, escalatedTask.Id, "stf-1", Acknowledged, CancellationToken.None);
        var supervisorAnswer = await harness.Desk.SubmitAsync(harness.Host.Client, escalatedTask.Id, "stf-2", Acknowledged, CancellationToken.None);
        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("wang.fang@qz.example.cn", reminder.To);
        Assert.StartsWith("【提醒】阅知确认将于北京时间 2026-09-04 08:00 截止", reminder.Subject, StringComparison.Ordinal);
        Assert.Equal("li.principal@qz.example.cn", escalationMail.To);
        Assert.Equal("【转办】王芳逾期未办：阅知确认", escalationMail.Subject);
        Assert.Equal("stf-2", escalatedTask.AssigneeId);
        Assert.Equal(start.AddHours(72 + 72), escalatedTask.DueAt);
        Assert.Equal(SubmitResult.Closed, lateAnswer.Result);
        Assert.Equal(StaffTaskStatus.Expired, lateAnswer.Task!.Status);
        Assert.Equal(SubmitResult.NotAssignee, wrongPerson.Result);
        Assert.Equal(SubmitResult.Accepted, supervisorAnswer.Result);
        var outcome = done.ReadOutputAs<StaffTaskOutcome>()!;
        Assert.Equal(StaffTaskResult.Submitted, outcome.Result);
        Assert.Equal(task.Id, outcome.TaskId);
        Assert.Equal(escalatedTask.Id, outcome.EscalatedTaskId);
        Assert.Equal("stf-2", outcome.Receipt!.SubmittedBy);
    }

    [Fact]
    public async Task NotAnswered_WithoutSupervisor_ReturnsExpired_AndPastRemindersAreSkipped()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于报送课表的通知", 12));

        var done = await harness.Host.RunToCompletionAsync(id);
        var task = (await harness.Desk.ForAssigneeAsync("stf-1", CancellationToken.None)).Single();

        var outcome = done.ReadOutputAs<StaffTaskOutcome>()!;
        Assert.Equal(StaffTaskResult.Expired, outcome.Result);
        Assert.Null(outcome.Receipt);
        Assert.Equal(StaffTaskStatus.Expired, task.Status);
        Assert.Single(harness.SendGrid.Accepted);
    }

    [Fact]
    public async Task NoEmailAddress_IsReportedToTheProcessOwner_AndTerminatingCancelsTheTask()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-4", "关于教师继续教育学分登记的通知", 72, OwnerId: "stf-3"));

        var report = Assert.Single(await harness.WaitForMailAsync(1));
        var task = await harness.WaitForTaskAsync("notice-acknowledgement");
        await harness.Host.Client.TerminateInstanceAsync(id, "notice withdrawn");
        await harness.Host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Terminated);
        int cancelled = await harness.Desk.CancelTasksOfEndedProcessesAsync(harness.Host.Client, CancellationToken.None);
        var after = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-4", Acknowledged, CancellationToken.None);

        Assert.Equal("zhao.office@qz.example.cn", report.To);
        Assert.Equal("【投递失败】孙老师未收到任务：阅知确认", report.Subject);
        Assert.Contains("孙老师 (stf-4) has no e-mail address", report.ContentOf("text/plain"), StringComparison.Ordinal);
        Assert.Equal(1, cancelled);
        Assert.Equal(SubmitResult.Closed, after.Result);
        Assert.Equal(StaffTaskStatus.Cancelled, after.Task!.Status);
        Assert.Contains("Terminated", after.Task.CancelReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendGridServerError_IsRetriedOnADurableTimer_AndTheMailGoesOutOnce()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        harness.SendGrid.Script(500, 429);
        var start = harness.Time.GetUtcNow();
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于期中考试安排的通知", 72));

        await MoveClockToTimerAsync(harness, id, start.AddSeconds(30));
        await MoveClockToTimerAsync(harness, id, start.AddSeconds(90));
        var mail = Assert.Single(await harness.WaitForMailAsync(1));
        var stored = (await harness.Outbox.GetAsync(mail.OutboxId!, CancellationToken.None))!.Record;

        Assert.Equal(3, harness.SendGrid.Requests.Count);
        Assert.Equal(MailStatus.Sent, stored.Status);
        Assert.Equal(3, stored.Attempts);
        Assert.Equal(mail.MessageId, stored.SendGridMessageId);
    }

    [Fact]
    public async Task SendGridRefusesTheAddress_TheOwnerIsTold_WithSendGridsReason()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        harness.SendGrid.Script(400);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于教案检查的通知", 72, OwnerId: "stf-3"));

        var report = Assert.Single(await harness.WaitForMailAsync(1));
        var (failed, _) = await harness.Outbox.ListAsync(MailStatus.Failed, "wang.fang@qz.example.cn", 10, null, CancellationToken.None);

        Assert.Equal("zhao.office@qz.example.cn", report.To);
        Assert.Contains("SendGrid answered 400", report.ContentOf("text/plain"), StringComparison.Ordinal);
        Assert.Equal("task-assigned", Assert.Single(failed).Template);
    }

    [Fact]
    public async Task AnyEnglishCulture_GivesEnglishMail()
    {
        await using var harness = await TaskHarness.StartAsync(azurite);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "Sports day", 72, Culture: "en-US"));

        var mail = Assert.Single(await harness.WaitForMailAsync(1));
        var task = await harness.WaitForTaskAsync("notice-acknowledgement");

        Assert.Equal("en", task.Culture);
        Assert.Equal("[Task] Acknowledge a notice (due 2026-09-04 08:00 Beijing time)", mail.Subject);
        Assert.Contains("Task: Acknowledge a notice\nAbout: Sports day\n", mail.ContentOf("text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATaskWithItsOwnFields_ShowsAndChecksThoseFields_InsteadOfItsKinds()
    {
        TaskField[] scoreFields =
        [
            new("quality", new LocalizedText("教学质量（满分10）", "Teaching quality (max 10)"), TaskFieldType.Number) { Min = 0, Max = 10 },
            new("note", new LocalizedText("说明", "Note"), TaskFieldType.Text, Required: false),
        ];
        await using var harness = await TaskHarness.StartAsync(azurite, registry => registry.AddOrchestratorFunc<string, StaffTaskOutcome>(
            "ScoreOne", (context, assignee) => context.AssignStaffTaskAsync(
                new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, assignee, "评分", context.CurrentUtcDateTime.AddDays(2)) { Fields = scoreFields })));
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync("ScoreOne", "stf-1");
        var task = await harness.WaitForTaskAsync("notice-acknowledgement");

        var kindsField = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", new Dictionary<string, string?> { ["acknowledged"] = "true" }, CancellationToken.None);
        var outOfRange = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", new Dictionary<string, string?> { ["quality"] = "11" }, CancellationToken.None);
        var good = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "stf-1", new Dictionary<string, string?> { ["quality"] = "8.5" }, CancellationToken.None);
        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(["quality", "note"], task.Fields!.Select(f => f.Name));
        Assert.Equal(["acknowledged", "quality"], kindsField.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal("quality", Assert.Single(outOfRange.Errors).Field);
        Assert.Equal(SubmitResult.Accepted, good.Result);
        Assert.Equal("8.5", done.ReadOutputAs<StaffTaskOutcome>()!.Receipt!.Values["quality"]);
        Assert.Equal(["quality", "note"], harness.Desk.Kinds.For(good.Task!).Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task ATaskWithIllFormedFields_IsNotGiven()
    {
        TaskField[] twice = [new("score", new LocalizedText("分", "Score"), TaskFieldType.Number), new("score", new LocalizedText("分", "Score"), TaskFieldType.Number)];
        await using var harness = await TaskHarness.StartAsync(azurite, registry => registry.AddOrchestratorFunc<string, StaffTaskOutcome>(
            "ScoreTwice", (context, assignee) => context.AssignStaffTaskAsync(
                new StaffTaskRequest(NoticeAcknowledgement.Kind.Name, assignee, "评分", context.CurrentUtcDateTime.AddDays(2)) { Fields = twice })));
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync("ScoreTwice", "stf-1");

        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("two fields named 'score'", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await harness.Tasks.AllOpenAsync(CancellationToken.None));
    }

    private static async Task MoveClockToTimerAsync(TaskHarness harness, string instanceId, DateTimeOffset fireAt)
    {
        await harness.Host.WaitForHistoryAsync(instanceId, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == fireAt));
        harness.Time.SetUtcNow(fireAt);
    }
}
