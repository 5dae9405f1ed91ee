using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// Reminders: a reviewer with several open scoring tasks due together gets one digest a round listing each task with
/// its link and due time; and no reminder ever names a due time that has passed.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReminderDigestTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SixOpenScoringTasks_DueTogether_AreRemindedByOneDigest_ListingEachTaskWithItsLinkAndDueTime()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-digest-{Guid.NewGuid():N}";
        var scoring = Enumerable.Range(1, 6).Select(n => Scoring(instance, n, due)).ToList();
        foreach (var task in scoring)
        {
            await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        }

        // Each task's own reminder, at the same instant, as six waiting flows would write them.
        var ids = await Task.WhenAll(scoring.Select(t => desk.WriteReminderAsync(t.Id, 1, CancellationToken.None)));

        string id = Assert.Single(ids.Distinct())!;
        var mail = (await _app.Services.GetRequiredService<MailOutbox>().GetAsync(id, CancellationToken.None))!.Record;
        Assert.Equal("wang.fang@qz.example.cn", mail.To);
        Assert.StartsWith("【提醒】您有 6 项“", mail.Subject, StringComparison.Ordinal);
        foreach (var task in scoring)
        {
            Assert.Contains(task.Subject, mail.Text, StringComparison.Ordinal);
            Assert.Contains(desk.Links.For(task).ToString(), mail.Text, StringComparison.Ordinal);
        }

        Assert.Equal(6, mail.Text.Split('\n').Count(l => l.Contains("截止 ", StringComparison.Ordinal) && l.Contains("（北京时间）", StringComparison.Ordinal)));
        Assert.Contains("/api/me", mail.Text, StringComparison.Ordinal);
        Assert.Contains("将于北京时间 ", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(scoring.Select(t => t.Id).Order(StringComparer.Ordinal), mail.TaskIds!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADigest_LinksEachTaskByAShortChineseLabel_NotItsLongAddress_SoThePhoneMailIsNoWider()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-digest-links-{Guid.NewGuid():N}";
        var scoring = Enumerable.Range(1, 3).Select(n => Scoring(instance, n, due)).ToList();
        foreach (var task in scoring)
        {
            await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        }

        string id = (await desk.WriteReminderAsync(scoring[0].Id, 1, CancellationToken.None))!;

        var mail = (await _app.Services.GetRequiredService<MailOutbox>().GetAsync(id, CancellationToken.None))!.Record;
        foreach (var task in scoring)
        {
            // Razor writes & in an address as &amp;: the href is the link, HTML-escaped.
            string href = System.Net.WebUtility.HtmlEncode(desk.Links.For(task).ToString());
            Assert.Contains($"<a href=\"{href}\" style=\"color:#0969da;white-space:nowrap;\">办理此项</a>", mail.Html, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(mail.Html, System.Text.RegularExpressions.Regex.Escape(href)));
            Assert.Contains($"截止 {desk.Clock.FormatForStaff(task.DueAt, "zh-CN")} · {desk.Links.For(task)}\n", mail.Text, StringComparison.Ordinal);
        }

        Assert.Contains("overflow-wrap:anywhere", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SixOpenScoringTasks_TwoReminderTimesTheSameDay_GetOneDigest_NotOneAReminderTime()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-digest-twice-{Guid.NewGuid():N}";
        var scoring = Enumerable.Range(1, 6).Select(n => Scoring(instance, n, due)).ToList();
        foreach (var task in scoring)
        {
            await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        }

        // Two reminder times in one day: each task's first and second reminder, as its waiting flow writes them.
        var first = await Task.WhenAll(scoring.Select(t => desk.WriteReminderAsync(t.Id, 1, CancellationToken.None)));
        var second = await Task.WhenAll(scoring.Select(t => desk.WriteReminderAsync(t.Id, 2, CancellationToken.None)));

        string id = Assert.Single(first.Concat(second).Distinct())!;
        var mail = (await _app.Services.GetRequiredService<MailOutbox>().GetAsync(id, CancellationToken.None))!.Record;
        Assert.StartsWith("【提醒】您有 6 项“", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SixOpenScoringTasks_NumberingTheSameRunsReminderApart_GetOneDigest()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-digest-late-{Guid.NewGuid():N}";
        var scoring = Enumerable.Range(1, 6).Select(n => Scoring(instance, n, due)).ToList();
        foreach (var task in scoring)
        {
            await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        }

        // Three tasks were opened after an earlier reminder time had passed: this run is their first reminder, the others' second.
        var ids = await Task.WhenAll(scoring.Select((t, i) => desk.WriteReminderAsync(t.Id, i < 3 ? 2 : 1, CancellationToken.None)));

        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task ATaskOpenedAfterTheDaysDigestWentOut_IsRemindedOnceThatDay_ByADigestOfItsOwn_AndTheOthersNotAgain()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var clock = _app.Services.GetRequiredService<DevClock>();
        // 09:00 in Beijing of the bureau day after today; due at 20:00 the day after that. Reminders at 10:00 and 16:00.
        var nine = new DateTimeOffset(desk.Clock.DateOf(clock.GetUtcNow()).AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        clock.SetTo(nine);
        var due = nine.AddDays(1).AddHours(11);
        // The tasks' process runs (a notice stands for it): the janitor cancels tasks whose process is gone.
        var client = _app.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        string instance = await client.ScheduleNewOrchestrationInstanceAsync(EduFlows.Processes.Samples.NoticeAcknowledgement.Name, new EduFlows.Processes.Samples.NoticeAcknowledgement.Input("stf-2", "通知", 24 * 30));
        await client.WaitForInstanceStartAsync(instance);
        var early = Enumerable.Range(1, 3).Select(n => Scoring(instance, n, due)).ToList();
        foreach (var task in early)
        {
            await store.CreateAsync(task, CancellationToken.None);
        }

        clock.SetTo(nine.AddHours(1));
        var morning = await Task.WhenAll(early.Select(t => desk.WriteReminderAsync(t.Id, 1, CancellationToken.None)));
        clock.SetTo(nine.AddHours(3));
        var late = Scoring(instance, 4, due);
        await store.CreateAsync(late, CancellationToken.None);
        clock.SetTo(nine.AddHours(7));
        var afternoon = await Task.WhenAll(early.Append(late).Select((t, i) => desk.WriteReminderAsync(t.Id, i < 3 ? 2 : 1, CancellationToken.None)));
        string? again = await desk.WriteReminderAsync(late.Id, 1, CancellationToken.None);
        clock.SetTo(nine.AddDays(1));
        var nextDay = await Task.WhenAll(early.Append(late).Select(t => desk.WriteReminderAsync(t.Id, 3, CancellationToken.None)));

        string first = Assert.Single(morning.Distinct())!;
        Assert.Equal(new[] { first, first, first }, afternoon.Take(3).ToArray());
        Assert.NotEqual(first, afternoon[3]);
        Assert.Equal(afternoon[3], again);
        var own = (await outbox.GetAsync(afternoon[3]!, CancellationToken.None))!.Record;
        Assert.Equal([late.Id], own.TaskIds);
        Assert.Contains(late.Subject, own.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(early[0].Subject, own.Text, StringComparison.Ordinal);
        var day = await outbox.WithIdPrefixAsync(TaskDesk.DigestIdPrefix(late) + desk.Clock.DateOf(nine).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(2, day.Count);
        Assert.All(early.Append(late), t => Assert.Equal(1, day.Sum(m => m.TaskIds!.Count(id => id == t.Id))));
        string next = Assert.Single(nextDay.Distinct())!;
        Assert.Equal(4, (await outbox.GetAsync(next, CancellationToken.None))!.Record.TaskIds!.Count);
        await client.TerminateInstanceAsync(instance);
    }

    [Fact]
    public async Task TwoHundredOpenTasksWithLongSubjects_GetOneDigestThatFitsTheOutbox_ListingThoseItCan_AndCountingTheRest()
    {
        // As a deputy-renewal round at its limit of 200 objections, each named by its 500-character reason: listing all
        // would make a mail of 140K characters, which no outbox row holds, and the round would fail at its reminder.
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-digest-many-{Guid.NewGuid():N}";
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var many = Enumerable.Range(1, 200).Select(n => Scoring(instance, n, due) with { Subject = $"异议核查 {n:000}：" + new string('议', 500) }).ToList();
        foreach (var task in many)
        {
            await store.CreateAsync(task, CancellationToken.None);
        }

        string? id = await desk.WriteReminderAsync(many[0].Id, 1, CancellationToken.None);

        var mail = (await _app.Services.GetRequiredService<MailOutbox>().GetAsync(id!, CancellationToken.None))!.Record;
        Assert.StartsWith("【提醒】您有 200 项“", mail.Subject, StringComparison.Ordinal);
        int listed = many.Count(t => mail.Text.Contains(desk.Links.For(t).ToString(), StringComparison.Ordinal));
        Assert.InRange(listed, 1, 199);
        Assert.Contains(many[0].Subject, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"下列为其中 {listed} 项，其余 {200 - listed} 项请点击“查看我的全部待办”办理。", mail.Text, StringComparison.Ordinal);
        Assert.Contains("/api/me", mail.Text, StringComparison.Ordinal);

        // Every task it reminds of, listed or counted, is recorded with it (the office counts it for each), and still fits its row.
        Assert.Equal(many.Select(t => t.Id).Order(StringComparer.Ordinal), mail.TaskIds!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AReminderWhoseTaskIsAlreadyPastDue_IsNotWritten_SoNoMailNamesAPastDueTime()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string instance = $"rr-late-{Guid.NewGuid():N}";
        var late = Scoring(instance, 1, now.AddMinutes(-1));
        var lateTogether = Scoring(instance, 2, now.AddMinutes(-1));
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        await store.CreateAsync(late, CancellationToken.None);
        await store.CreateAsync(lateTogether, CancellationToken.None);

        var reminder = await desk.WriteReminderAsync(late.Id, 2, CancellationToken.None);

        Assert.Null(reminder);
        Assert.Empty(await _app.Services.GetRequiredService<MailOutbox>().ForTaskAsync(late.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RemindersOfTasksWhoseKindIsNoLongerRegistered_AreNotWritten_AndTheirOwnerIsStillToldOfAnUndeliveredOne()
    {
        // Tasks an earlier version opened under a kind since renamed: their links can only refuse, so nobody is reminded
        // to open them; the owner is still told one did not reach its assignee, under the stand-in title.
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var due = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2);
        string instance = $"rr-renamed-{Guid.NewGuid():N}";
        var renamed = Enumerable.Range(1, 2).Select(n => Scoring(instance, n, due) with { Kind = "researcher-scoring-v0", OwnerId = "stf-3" }).ToList();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        foreach (var task in renamed)
        {
            await store.CreateAsync(task, CancellationToken.None);
        }

        var first = await desk.WriteReminderAsync(renamed[0].Id, 1, CancellationToken.None);
        var second = await desk.WriteReminderAsync(renamed[1].Id, 1, CancellationToken.None);
        var report = await desk.WriteUndeliveredReportAsync(renamed[1].Id, "邮件服务拒收（400），多为收件地址有误", CancellationToken.None);

        Assert.Null(first);
        Assert.Null(second);
        var outbox = _app.Services.GetRequiredService<MailOutbox>();
        Assert.Empty(await outbox.ForTaskAsync(renamed[0].Id, CancellationToken.None));
        var told = Assert.Single(await outbox.ForTaskAsync(renamed[1].Id, CancellationToken.None));
        Assert.Equal(report, told.Id);
        Assert.Equal("zhao.office@qz.example.cn", told.To);
        Assert.Equal("【投递失败】王芳未收到任务：未登记的任务类型", told.Subject);
    }

    private static StaffTask Scoring(string instance, int researcher, DateTimeOffset due) => new()
    {
        Id = $"{instance}-score-stf-1-r{researcher}",
        Kind = ReviewTaskKinds.Scoring.Name,
        AssigneeId = "stf-1",
        AssigneeName = "王芳",
        InstanceId = instance,
        EventName = TaskDesk.EventName($"{instance}-score-stf-1-r{researcher}"),
        Subject = $"评分：第 {researcher} 位教研员",
        Culture = "zh-CN",
        CreatedAt = due.AddDays(-7),
        DueAt = due,
    };
}
