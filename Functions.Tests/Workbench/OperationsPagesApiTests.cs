using System.Net;
using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>The office's task and mail pages over HTTP on Azurite: seeded rows, filters that narrow, resends that write to the outbox, refusals that change nothing.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OperationsPagesApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    // As a browser asks: refusals come as the Chinese page (without text/html in Accept they are problem+json).
    private HttpClient _page = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        _page = _app.CreateOfficeClient();
        _page.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        await _app.SeedCountyAsync();
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [new StaffMember { Id = "stf-9", Name = "孙老师", Gender = "female", Email = "sun.teacher@qz.example.cn", SchoolId = "sch-002", Post = "teacher" }],
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _page.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("get", "/api/office/tasks")]
    [InlineData("get", "/api/office/tasks/t-1/resend")]
    [InlineData("post", "/api/office/tasks/t-1/resend")]
    [InlineData("get", "/api/office/mail")]
    [InlineData("post", "/api/office/mail/m-1/resend")]
    public async Task OperationsPages_WithoutTheMasterKey_AreRefused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await AssertProblemAsync(await _http.SendAsync(request), HttpStatusCode.Unauthorized, "x-functions-key");
        using var wrong = new HttpRequestMessage(new HttpMethod(method), path + "?code=task-function-key");
        await AssertProblemAsync(await _http.SendAsync(wrong), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task Tasks_ListOpenTasks_AndEachFilterNarrowsThem()
    {
        var (wang, sun) = await StartTwoNoticesAsync();

        string all = await _http.GetStringAsync($"/api/office/tasks?code={Key}");
        string byPerson = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=stf-9");
        string byName = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=王芳");
        string bySchool = await _http.GetStringAsync($"/api/office/tasks?code={Key}&school=sch-002");
        string byProcess = await _http.GetStringAsync($"/api/office/tasks?code={Key}&process=NoticeAcknowledgement");
        string otherProcess = await _http.GetStringAsync($"/api/office/tasks?code={Key}&process=Approval");
        string overdue = await _http.GetStringAsync($"/api/office/tasks?code={Key}&overdue=1");
        string english = await _http.GetStringAsync($"/api/office/tasks?code={Key}&lang=en");

        Assert.Contains("<html lang=\"zh-CN\">", all, StringComparison.Ordinal);
        Assert.Contains($"data-task=\"{wang.Id}\"", all, StringComparison.Ordinal);
        Assert.Contains($"data-task=\"{sun.Id}\"", all, StringComparison.Ordinal);
        Assert.Contains("示例：通知确认", all, StringComparison.Ordinal);
        Assert.Contains("石梁镇中心学校", all, StringComparison.Ordinal);
        Assert.Contains("已提醒 0 次", all, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"open-count\">2</span>", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/tasks/{wang.Id}/resend?code={Key}\"", all, StringComparison.Ordinal);
        Assert.Equal([sun.Id], Rows(byPerson));
        Assert.Equal([wang.Id], Rows(byName));
        Assert.Equal([sun.Id], Rows(bySchool));
        Assert.Equal(2, Rows(byProcess).Count);
        Assert.Empty(Rows(otherProcess));
        Assert.Empty(Rows(overdue));
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Sample: notice acknowledgement", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_ShowTheRemindersWritten_AndAnEscalationWithWhoseTaskItTookOver()
    {
        var (wang, _) = await StartTwoNoticesAsync();
        await _app.Services.GetRequiredService<TaskDesk>().WriteReminderAsync(wang.Id, 1, CancellationToken.None);
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(
            wang with { Id = wang.Id + "-escalated", AssigneeId = "stf-3", AssigneeName = "赵主任", EscalatedFrom = wang.Id, EventName = "TaskSubmitted:" + wang.Id + "-escalated" },
            CancellationToken.None);

        string html = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=stf-1");
        string all = await _http.GetStringAsync($"/api/office/tasks?code={Key}");

        Assert.Contains("已提醒 1 次", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"escalated-count\">1</span>", all, StringComparison.Ordinal);
        Assert.Contains("转办自王芳", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_AReviewerRemindedByOneDigest_ShowEachTaskItNamesRemindedOnce_AndNotALaterTaskItDidNotName()
    {
        // A reviewer's three scoring tasks due together get one digest, under an id that starts with none of theirs.
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-office-digest-{Guid.NewGuid():N}";
        var scoring = Enumerable.Range(1, 4).Select(n => new StaffTask
        {
            Id = $"{instance}-score-stf-1-r{n}",
            Kind = EduFlows.Processes.ResearcherReview.ReviewTaskKinds.Scoring.Name,
            AssigneeId = "stf-1",
            AssigneeName = "王芳",
            InstanceId = instance,
            EventName = TaskDesk.EventName($"{instance}-score-stf-1-r{n}"),
            Subject = $"评分：第 {n} 位教研员",
            Culture = "zh-CN",
            CreatedAt = due.AddDays(-7),
            DueAt = due,
        }).ToList();
        foreach (var task in scoring.Take(3))
        {
            await store.CreateAsync(task, CancellationToken.None);
        }

        var digests = await Task.WhenAll(scoring.Take(3).Select(t => desk.WriteReminderAsync(t.Id, 1, CancellationToken.None)));

        // Opened after the digest went out: it did not name this one.
        await store.CreateAsync(scoring[3], CancellationToken.None);

        string html = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=stf-1");

        Assert.Single(digests.Distinct());
        Assert.All(scoring.Take(3), t => Assert.Contains("已提醒 1 次<br><span class=\"muted\">最近邮件：待发送</span>", Row(html, t.Id), StringComparison.Ordinal));
        Assert.Contains("已提醒 0 次</td>", Row(html, scoring[3].Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskResend_GetAsks_PostWritesTheTaskMailAgainAndSendsIt()
    {
        var (wang, _) = await StartTwoNoticesAsync();
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        var before = await outbox.ForTaskAsync(wang.Id, CancellationToken.None);

        var ask = await _http.GetAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}");
        string askHtml = await ask.Content.ReadAsStringAsync();
        var afterAsk = await outbox.ForTaskAsync(wang.Id, CancellationToken.None);
        var done = await _http.PostAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}", new FormUrlEncodedContent([]));
        string doneHtml = await done.Content.ReadAsStringAsync();
        var after = await outbox.ForTaskAsync(wang.Id, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("重发任务邮件", askHtml, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"/api/office/tasks/{wang.Id}/resend?code={Key}\"", askHtml, StringComparison.Ordinal);
        Assert.Contains("wang.fang@qz.example.cn", askHtml, StringComparison.Ordinal);
        Assert.Equal(before.Count, afterAsk.Count);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("id=\"done\"", doneHtml, StringComparison.Ordinal);
        Assert.Equal(before.Count + 1, after.Count);
        var again = Assert.Single(after, m => m.Id.Contains(".resend-", StringComparison.Ordinal));
        Assert.Equal(TaskMails.Assigned, again.Template);
        Assert.Equal(MailStatus.Sent, again.Status);
        Assert.Equal("wang.fang@qz.example.cn", again.To);
        Assert.Contains(_app.Mailbox.All, m => m.OutboxId == again.Id);
    }

    [Fact]
    public async Task TaskResend_UnknownOrClosedTask_IsAChinesePageNamingTheField_AndWritesNothing()
    {
        var (wang, _) = await StartTwoNoticesAsync();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var read = (await store.GetAsync(wang.Id, CancellationToken.None))!;
        await store.TryReplaceAsync(read.Record with { Status = StaffTaskStatus.Submitted }, read.ETag, CancellationToken.None);
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        int before = (await outbox.ForTaskAsync(wang.Id, CancellationToken.None)).Count;

        var unknown = await _page.PostAsync($"/api/office/tasks/no-such-task/resend?code={Key}", new FormUrlEncodedContent([]));
        var closed = await _page.PostAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}", new FormUrlEncodedContent([]));
        string closedHtml = await closed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("data-field=\"taskId\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Contains("data-field=\"taskId\"", closedHtml, StringComparison.Ordinal);
        Assert.Contains("已提交", closedHtml, StringComparison.Ordinal);
        Assert.Contains("未作任何更改", closedHtml, StringComparison.Ordinal);
        Assert.Equal(before, (await outbox.ForTaskAsync(wang.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Tasks_OfAKindNoLongerRegistered_StillList_NamingTheKind_AndItsResendIsAChineseProblem_WritingNothing()
    {
        // A task an earlier version opened under a kind since renamed: it stays in storage, the catalog no longer knows it.
        var (wang, sun) = await StartTwoNoticesAsync();
        const string oldKind = "notice-acknowledgement-v0";
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var read = (await store.GetAsync(wang.Id, CancellationToken.None))!;
        await store.TryReplaceAsync(read.Record with { Kind = oldKind }, read.ETag, CancellationToken.None);
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        int before = (await outbox.ForTaskAsync(wang.Id, CancellationToken.None)).Count;

        var list = await _http.GetAsync($"/api/office/tasks?code={Key}");
        string html = await list.Content.ReadAsStringAsync();
        var english = await _http.GetAsync($"/api/office/tasks?code={Key}&lang=en");
        var home = await _http.GetAsync($"/api/office?code={Key}");
        var ask = await _page.GetAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}");
        string askHtml = await ask.Content.ReadAsStringAsync();
        var askProblem = await _http.GetAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}");
        var post = await _page.PostAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}", new FormUrlEncodedContent([]));
        string postHtml = await post.Content.ReadAsStringAsync();
        var postProblem = await _http.PostAsync($"/api/office/tasks/{wang.Id}/resend?code={Key}", new FormUrlEncodedContent([]));
        string postProblemText = await postProblem.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(new[] { wang.Id, sun.Id }.Order(StringComparer.Ordinal), Rows(html).Order(StringComparer.Ordinal));
        Assert.Contains($"<span class=\"count warn unregistered-kind\">未登记的任务类型</span> <code>{oldKind}</code>", html, StringComparison.Ordinal);
        Assert.Contains("示例：通知确认", html, StringComparison.Ordinal);
        Assert.Contains("Unregistered task kind", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        Assert.Contains("data-field=\"taskId\"", askHtml, StringComparison.Ordinal);
        Assert.Contains($"这项任务的类型 {oldKind} 在当前版本中未登记", askHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", askHtml, StringComparison.Ordinal);
        await AssertProblemAsync(askProblem, HttpStatusCode.Conflict, "taskId");
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        Assert.Contains("未作任何更改", postHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, postProblem.StatusCode);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(postProblemText)!;
        Assert.Equal("任务类型未登记", (string)problem["title"]!);
        Assert.StartsWith($"这项任务的类型 {oldKind} 在当前版本中未登记", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, (await outbox.ForTaskAsync(wang.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Mail_ListsByStatus_ShowsTheFailureReason_AndRefusesAnUnknownStatus()
    {
        await StartTwoNoticesAsync();
        string failedId = await WriteFailedMailAsync();

        string all = await _http.GetStringAsync($"/api/office/mail?code={Key}");
        string failed = await _http.GetStringAsync($"/api/office/mail?code={Key}&status=failed");
        string sent = await _http.GetStringAsync($"/api/office/mail?code={Key}&status=sent");
        string toSun = await _http.GetStringAsync($"/api/office/mail?code={Key}&to=sun.teacher@qz.example.cn");
        var bad = await _page.GetAsync($"/api/office/mail?code={Key}&status=lost");
        string badHtml = await bad.Content.ReadAsStringAsync();

        Assert.Contains($"data-mail=\"{failedId}\"", all, StringComparison.Ordinal);
        Assert.Contains("data-status=\"sent\"", all, StringComparison.Ordinal);
        Assert.Equal([failedId], Mails(failed));
        Assert.Contains("邮件服务拒收（400），多为收件地址有误", failed, StringComparison.Ordinal);
        Assert.Contains("发送失败", failed, StringComparison.Ordinal);
        Assert.Equal(2, Mails(sent).Count);
        Assert.DoesNotContain(failedId, sent, StringComparison.Ordinal);
        Assert.Single(Mails(toSun));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-field=\"status\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("“状态”只能从列表中选择", badHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailResend_OfAFailure_PutsANewSendInTheOutbox_APendingOneIsRefused()
    {
        string failedId = await WriteFailedMailAsync();
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        var pending = await outbox.WriteAsync(Message("pending-one", "sun.teacher@qz.example.cn"), CancellationToken.None);

        var ask = await _http.GetAsync($"/api/office/mail/{failedId}/resend?code={Key}");
        var done = await _http.PostAsync($"/api/office/mail/{failedId}/resend?code={Key}", new FormUrlEncodedContent([]));
        var refused = await _page.PostAsync($"/api/office/mail/{pending.Id}/resend?code={Key}", new FormUrlEncodedContent([]));
        var unknown = await _page.GetAsync($"/api/office/mail/none/resend?code={Key}");
        var (all, _) = await outbox.ListAsync(null, null, 100, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("确认重发", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var copy = Assert.Single(all, m => m.Id.StartsWith(failedId + ".resend-", StringComparison.Ordinal));
        Assert.Equal(MailStatus.Sent, copy.Status);
        Assert.Equal(MailStatus.Failed, all.Single(m => m.Id == failedId).Status);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("data-field=\"id\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(all, m => m.Id.StartsWith("pending-one.", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(3, all.Count);
    }

    private async Task<(StaffTask Wang, StaffTask Sun)> StartTwoNoticesAsync()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string a = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        string b = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-9", "关于冬季安全的通知", 72));
        await _app.WaitForOpenTaskAsync(a);
        await _app.WaitForOpenTaskAsync(b);
        var open = await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None);

        // Wait until both task mails went out, so the outbox holds what a page will show.
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await outbox.ListAsync(MailStatus.Sent, null, 100, null, cts.Token)).Items.Count < 2)
        {
            await Task.Delay(50, cts.Token);
        }

        return (open.Single(t => t.InstanceId == a), open.Single(t => t.InstanceId == b));
    }

    private async Task<string> WriteFailedMailAsync()
    {
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        var written = await outbox.WriteAsync(Message("failed-one", "wrong@qz.example.cn"), CancellationToken.None);
        var read = (await outbox.GetAsync(written.Id, CancellationToken.None))!;
        await outbox.TryReplaceAsync(read.Record with { Status = MailStatus.Failed, Attempts = 1, LastError = "SendGrid answered 400: invalid address" }, read.ETag, CancellationToken.None);
        return written.Id;
    }

    private static OutboxMessage Message(string id, string to) => new()
    {
        Id = id,
        To = to,
        ToName = "孙老师",
        Template = "test",
        Culture = "zh-CN",
        Subject = "【提醒】测试邮件",
        Html = "<p>测试</p>",
        Text = "测试",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static string Row(string html, string taskId) =>
        System.Text.RegularExpressions.Regex.Match(html, $"<tr data-task=\"{System.Text.RegularExpressions.Regex.Escape(taskId)}\".*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline) is { Success: true } row
            ? row.Value
            : throw new Xunit.Sdk.XunitException($"No row for task {taskId}.");

    private static List<string> Rows(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "data-task=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static List<string> Mails(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "data-mail=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
}
