using DurableTask.Core.History;
using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.Tests.Tasks;

/// <summary>A window of tasks given at once: each task ends as it would given on its own, with far fewer activities and timers.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffTaskWindowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string ByTask = "WindowTestByTask", ByWindow = "WindowTestByWindow";
    private static readonly Dictionary<string, string?> Acknowledged = new() { ["acknowledged"] = "true", ["comment"] = "收到。" };
    private static readonly DateTime Start = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AWindow_EndsEachTaskAsSingleTasksDo_WithOneActivityPerStepAndOneTimerPerInstant()
    {
        await using var harness = await StartAsync();
        var client = harness.Host.Client;
        string single = await client.ScheduleNewOrchestrationInstanceAsync(ByTask, Requests("s"));
        string window = await client.ScheduleNewOrchestrationInstanceAsync(ByWindow, Requests("w"));

        // Opened: 4 assignment mails and 1 report (stf-4 has no address) on each side.
        await harness.WaitForOpenTasksAsync(10, _ => true);
        await harness.WaitForMailAsync(10);
        await AnswerAsync(harness, "1", "stf-1");

        // Day 1: the first due group's reminders (stf-4's has nowhere to go); then stf-2 answers.
        await MoveClockAsync(harness, Start.AddDays(1), single, window);
        await harness.WaitForMailAsync(14);
        await AnswerAsync(harness, "2", "stf-2");

        // Day 2: the first group's due time and the second group's reminder, one instant.
        await MoveClockAsync(harness, Start.AddDays(2), single, window);
        await harness.WaitForMailAsync(16);
        await WaitUntilClosedAsync(harness, "s-3", "s-4", "w-3", "w-4");
        await MoveClockAsync(harness, Start.AddDays(3), single, window);
        var bySingle = (await harness.Host.RunToCompletionAsync(single, skipTime: false)).ReadOutputAs<StaffTaskOutcome[]>()!;
        var byWindow = (await harness.Host.RunToCompletionAsync(window, skipTime: false)).ReadOutputAs<StaffTaskOutcome[]>()!;
        var late = await harness.Desk.SubmitAsync(client, "w-3", "stf-3", Acknowledged, CancellationToken.None);

        Assert.Equal(["w-1", "w-2", "w-3", "w-4", "w-5"], byWindow.Select(o => o.TaskId));
        Assert.Equal(
            [StaffTaskResult.Submitted, StaffTaskResult.Submitted, StaffTaskResult.Expired, StaffTaskResult.Expired, StaffTaskResult.Expired],
            byWindow.Select(o => o.Result));
        Assert.Equal(bySingle.Select(o => o.Result), byWindow.Select(o => o.Result));
        Assert.Equal(bySingle.Select(o => o.Receipt?.Values["comment"]), byWindow.Select(o => o.Receipt?.Values["comment"]));
        Assert.Equal(SubmitResult.Closed, late.Result);
        for (int n = 1; n <= 5; n++)
        {
            var s = (await harness.Tasks.GetAsync($"s-{n}", CancellationToken.None))!.Record;
            var w = (await harness.Tasks.GetAsync($"w-{n}", CancellationToken.None))!.Record;
            Assert.Equal(window, w.InstanceId);
            Assert.Equal(TaskDesk.EventName(w.Id), w.EventName);
            Assert.Equal(
                (s.Status, s.AssigneeId, s.AssigneeName, s.Kind, s.Culture, s.DueAt, s.OwnerId, s.ClosedAt, s.SubmittedBy, s.Subject.Replace("s-", "w-", StringComparison.Ordinal)),
                (w.Status, w.AssigneeId, w.AssigneeName, w.Kind, w.Culture, w.DueAt, w.OwnerId, w.ClosedAt, w.SubmittedBy, w.Subject));
        }

        // The same mails, to the same people, under the same outbox ids but for the task id, each sent once.
        var mails = harness.SendGrid.Accepted;
        Assert.Equal(mails.Count, mails.Select(m => m.OutboxId).Distinct().Count());
        Assert.Equal(
            Mails(mails, "s-").Select(m => m.Replace("s-", "w-", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            Mails(mails, "w-").Order(StringComparer.Ordinal));
        Assert.Contains("w-3.task-reminder-1", mails.Select(m => m.OutboxId));
        Assert.Contains("w-5.task-reminder-1", mails.Select(m => m.OutboxId));
        Assert.Contains("w-4.task-undelivered", mails.Select(m => m.OutboxId));

        var singleCounts = await CountAsync(harness, single);
        var windowCounts = await CountAsync(harness, window);
        output.WriteLine($"5 tasks, one task at a time: {Describe(singleCounts)}");
        output.WriteLine($"5 tasks, one window:         {Describe(windowCounts)}");
        Assert.Equal(1, windowCounts.GetValueOrDefault(StaffTaskWindowActivities.Open));
        Assert.Equal(2, windowCounts.GetValueOrDefault(StaffTaskWindowActivities.WriteReminders));
        Assert.Equal(2, windowCounts.GetValueOrDefault(StaffTaskWindowActivities.Expire));
        // Issue 17: the window's mails go by batch, one SendMails activity per batch (the assignments, the owner's report
        // of stf-4, day 1's reminders, day 2's), where single tasks take one SendMail activity per mail.
        Assert.Equal(8, singleCounts[StaffTaskActivities.SendMail]);
        Assert.Equal(0, windowCounts.GetValueOrDefault(StaffTaskActivities.SendMail));
        Assert.Equal(4, windowCounts[StaffTaskActivities.SendMails]);
        Assert.Equal(3, windowCounts["timers"]);
        Assert.Equal(5, singleCounts[StaffTaskActivities.Open]);
        Assert.True(singleCounts["timers"] > 2 * windowCounts["timers"]);
    }

    [Fact]
    public async Task EveryTaskAnswered_TheWindowEndsAtOnce_WithoutWaitingForItsTimers()
    {
        await using var harness = await StartAsync();
        string window = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ByWindow, Requests("w").Take(2).ToList());
        await harness.WaitForOpenTasksAsync(2, _ => true);
        await harness.WaitForMailAsync(2);

        await AnswerAsync(harness, "1", "stf-1", singleToo: false);
        await AnswerAsync(harness, "2", "stf-2", singleToo: false);
        var done = await harness.Host.RunToCompletionAsync(window, skipTime: false);

        Assert.All(done.ReadOutputAs<StaffTaskOutcome[]>()!, o => Assert.Equal(StaffTaskResult.Submitted, o.Result));
        Assert.Equal(Start, harness.Time.GetUtcNow().UtcDateTime);
        Assert.Equal(2, harness.SendGrid.Accepted.Count);
    }

    [Fact]
    public async Task TheWindowsActivities_RunTwice_StoreAndMailOnce()
    {
        await using var harness = await StartAsync();
        var activities = ActivatorUtilities.CreateInstance<StaffTaskWindowActivities>(harness.Services);
        var inputs = Requests("w").Select(r => new OpenTaskInput(r.TaskId!, "window-instance", r)).ToList();

        // A first delivery that stopped after one task (a crash), then the whole window, then the whole window again.
        var first = await activities.OpenAsync(inputs[..1], CancellationToken.None);
        var stored = (await harness.Outbox.GetAsync(first[0].MailId!, CancellationToken.None))!;
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await activities.OpenAsync(inputs, CancellationToken.None);
        var third = await activities.OpenAsync(inputs, CancellationToken.None);
        var reminders = await activities.WriteRemindersAsync([new("w-2", 1), new("w-4", 1)], CancellationToken.None);
        var reminderStored = (await harness.Outbox.GetAsync(reminders[0]!, CancellationToken.None))!;
        var remindersAgain = await activities.WriteRemindersAsync([new("w-2", 1), new("w-4", 1)], CancellationToken.None);
        // w-1 answered just before the due time (stored as the desk stores it; no instance here to raise it to).
        var open = (await harness.Tasks.GetAsync("w-1", CancellationToken.None))!;
        var answered = open.Record with { Status = StaffTaskStatus.Submitted, SubmittedBy = "stf-1", SubmittedAt = harness.Time.GetUtcNow(), ReceiptId = "R-1", Values = new Dictionary<string, string> { ["acknowledged"] = "true" } };
        Assert.NotNull(await harness.Tasks.TryReplaceAsync(answered, open.ETag, CancellationToken.None));
        var expired = await activities.ExpireAsync(["w-1", "w-3"], CancellationToken.None);
        var closedAt = (await harness.Tasks.GetAsync("w-3", CancellationToken.None))!.Record.ClosedAt;
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var expiredAgain = await activities.ExpireAsync(["w-1", "w-3"], CancellationToken.None);

        Assert.Equal(first[0], again[0]);
        Assert.Equal(again, third);
        Assert.Equal(["w-1.task-assigned", "w-2.task-assigned", "w-3.task-assigned", null, "w-5.task-assigned"], again.Select(o => o.MailId));
        Assert.NotNull(again[3].Undeliverable);
        Assert.Equal(stored.ETag, (await harness.Outbox.GetAsync(first[0].MailId!, CancellationToken.None))!.ETag);
        foreach (var (assignee, count) in new[] { ("stf-1", 2), ("stf-2", 1), ("stf-3", 1), ("stf-4", 1) })
        {
            var rows = await harness.Desk.ForAssigneeAsync(assignee, CancellationToken.None);
            Assert.Equal(count, rows.Count);
        }

        Assert.Equal(Start, (await harness.Tasks.GetAsync("w-1", CancellationToken.None))!.Record.CreatedAt.UtcDateTime);

        var (outbox, _) = await harness.Outbox.ListAsync(null, null, 100, null, CancellationToken.None);
        Assert.Equal(5, outbox.Count);
        Assert.Equal(new string?[] { "w-2.task-reminder-1", null }, reminders.AsEnumerable());
        Assert.Equal(reminders.AsEnumerable(), remindersAgain.AsEnumerable());
        Assert.Equal(reminderStored.ETag, (await harness.Outbox.GetAsync(reminders[0]!, CancellationToken.None))!.ETag);
        Assert.Equal("stf-1", expired[0]!.SubmittedBy);
        Assert.Null(expired[1]);
        Assert.Equal(expired.Select(r => r?.ReceiptId), expiredAgain.Select(r => r?.ReceiptId));
        Assert.Equal(closedAt, (await harness.Tasks.GetAsync("w-3", CancellationToken.None))!.Record.ClosedAt);
        Assert.Empty(harness.SendGrid.Accepted);
    }

    [Fact]
    public async Task AMailSendGridRefuses_StaysFailed_TheOwnerIsTold_AndTheOthersGo()
    {
        await using var harness = await StartAsync();
        harness.SendGrid.Script(400);
        string window = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ByWindow, Requests("w").Take(3).ToList());

        // Two assignments accepted, one refused for good, and the owner's report of it: three mails at SendGrid.
        var mails = await harness.WaitForMailAsync(3);
        var refused = Assert.Single(harness.SendGrid.Requests, r => r.Status == 400).OutboxId!;
        string taskId = refused[..refused.IndexOf('.', StringComparison.Ordinal)];
        var report = await harness.Outbox.GetAsync(taskId + ".task-undelivered", CancellationToken.None);

        Assert.Equal(MailStatus.Failed, (await harness.Outbox.GetAsync(refused, CancellationToken.None))!.Record.Status);
        Assert.Equal(
            new[] { "w-1.task-assigned", "w-2.task-assigned", "w-3.task-assigned", taskId + ".task-undelivered" }.Where(id => id != refused).Order(StringComparer.Ordinal),
            mails.Select(m => m.OutboxId!).Order(StringComparer.Ordinal));
        Assert.Equal("zhao.office@qz.example.cn", report!.Record.To);
        Assert.Equal(MailStatus.Sent, report.Record.Status);
        Assert.Equal(StaffTaskStatus.Open, (await harness.Tasks.GetAsync(taskId, CancellationToken.None))!.Record.Status);
        var scheduled = (await harness.Host.Client.GetOrchestrationHistoryAsync(window)).OfType<TaskScheduledEvent>().ToList();
        Assert.Equal(2, scheduled.Count(e => e.Name == StaffTaskActivities.SendMails));
        Assert.Equal(4, harness.SendGrid.Requests.Count);
    }

    [Fact]
    public async Task ARequestAskingForEscalation_IsRefused_AndNothingIsGiven()
    {
        await using var harness = await StartAsync();
        var requests = Requests("w");
        requests[1] = requests[1] with { EscalateTo = "stf-3" };
        string window = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ByWindow, requests);

        var done = await harness.Host.RunToCompletionAsync(window, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("escalation", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await harness.Tasks.AllOpenAsync(CancellationToken.None));
    }

    private Task<TaskHarness> StartAsync() => TaskHarness.StartAsync(azurite, register: registry => registry
        .AddOrchestratorFunc<List<StaffTaskRequest>, StaffTaskOutcome[]>(ByTask, async (context, requests) => await Task.WhenAll(requests.Select(r => context.AssignStaffTaskAsync(r))))
        .AddOrchestratorFunc<List<StaffTaskRequest>, IReadOnlyList<StaffTaskOutcome>>(ByWindow, (context, requests) => context.AssignStaffTasksAsync(requests)));

    // Two due groups: tasks 1-4 due on day 2, task 5 on day 3; each reminded a day before.
    private static List<StaffTaskRequest> Requests(string prefix) =>
    [
        Request(prefix, 1, "stf-1", Start.AddDays(2)),
        Request(prefix, 2, "stf-2", Start.AddDays(2)),
        Request(prefix, 3, "stf-3", Start.AddDays(2)),
        Request(prefix, 4, "stf-4", Start.AddDays(2)),
        Request(prefix, 5, "stf-1", Start.AddDays(3)),
    ];

    private static StaffTaskRequest Request(string prefix, int n, string assignee, DateTime due) =>
        new(NoticeAcknowledgement.Kind.Name, assignee, $"关于报送课表的通知 · {prefix}-{n}", due)
        {
            TaskId = $"{prefix}-{n}",
            RemindBefore = [TimeSpan.FromDays(1)],
            OwnerId = "stf-3",
        };

    private static async Task AnswerAsync(TaskHarness harness, string n, string assignee, bool singleToo = true)
    {
        foreach (string prefix in singleToo ? new[] { "s", "w" } : ["w"])
        {
            var answer = await harness.Desk.SubmitAsync(harness.Host.Client, $"{prefix}-{n}", assignee, Acknowledged, CancellationToken.None);
            Assert.Equal(SubmitResult.Accepted, answer.Result);
        }
    }

    // Moves the clock once both instances wait on a timer at that time (a timer made later for a time past fires at once).
    private static async Task MoveClockAsync(TaskHarness harness, DateTime at, params string[] instances)
    {
        foreach (string id in instances)
        {
            await harness.Host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == at));
        }

        harness.Time.SetUtcNow(new DateTimeOffset(at));
    }

    // Expired at the time the clock stands at, before it moves on.
    private static async Task WaitUntilClosedAsync(TaskHarness harness, params string[] taskIds)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (string id in taskIds)
        {
            while ((await harness.Tasks.GetAsync(id, cts.Token))!.Record.Status == StaffTaskStatus.Open)
            {
                await Task.Delay(20, cts.Token);
            }
        }
    }

    private static IEnumerable<string> Mails(IReadOnlyList<ReceivedRequest> mails, string prefix) =>
        mails.Where(m => m.OutboxId!.StartsWith(prefix, StringComparison.Ordinal)).Select(m => $"{m.OutboxId} {m.To} {m.Subject.Replace(prefix, "w-", StringComparison.Ordinal)}");

    private static async Task<Dictionary<string, int>> CountAsync(TaskHarness harness, string instanceId)
    {
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(instanceId);
        var counts = history.OfType<TaskScheduledEvent>().GroupBy(e => e.Name!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        counts["timers"] = history.OfType<TimerCreatedEvent>().Count();
        counts["history events"] = history.Count;
        return counts;
    }

    private static string Describe(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
}
