using DurableTask.Core.History;
using EduFlows.Notifications;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// A batch of outbox mails sent by one activity, a few at a time: the real SendGrid client against a SendGrid-compatible
/// server, the outbox in Azurite, the durable runtime in memory under a fake clock.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class MailBatchTests(AzuriteFixture azurite)
{
    private const string SendBatch = "MailBatchTestSend";

    [Fact]
    public async Task SendAllAsync_TransientAndRefused_ThrowsForThePending_AndAgainSendsOnlyThose()
    {
        await using var harness = await StartAsync();
        var ids = await WriteAsync(harness, "b1", 6);
        var sender = harness.Services.GetRequiredService<MailSender>();
        harness.SendGrid.Script(503, 400, 429);

        await Assert.ThrowsAsync<MailNotSentYetException>(() => sender.SendAllAsync(ids, throwWhilePending: true, CancellationToken.None));
        var statuses = await StatusesAsync(harness, ids);
        var again = await sender.SendAllAsync(ids, throwWhilePending: true, CancellationToken.None);
        var third = await sender.SendAllAsync(ids, throwWhilePending: true, CancellationToken.None);

        // First go: three accepted, two to try again, one refused for good.
        Assert.Equal(3, statuses.Count(s => s == MailStatus.Sent));
        Assert.Equal(2, statuses.Count(s => s == MailStatus.Pending));
        Assert.Equal(1, statuses.Count(s => s == MailStatus.Failed));

        // Second go: only the two pending went to SendGrid again; the third asked SendGrid nothing.
        Assert.Equal(6 + 2, harness.SendGrid.Requests.Count);
        Assert.Equal(5, again.Sent);
        var refused = Assert.Single(again.NotSent);
        Assert.Equal((MailStatus.Failed, MailStatus.Failed), (refused.Status, (await harness.Outbox.GetAsync(refused.MessageId, CancellationToken.None))!.Record.Status));
        Assert.Contains("400", refused.Error, StringComparison.Ordinal);
        Assert.Equal(again, third with { NotSent = again.NotSent });
        Assert.Equal(again.NotSent, third.NotSent);
        Assert.Single(harness.SendGrid.Requests, r => r.OutboxId == refused.MessageId);
        AssertEachAcceptedOnce(harness, ids.Where(id => id != refused.MessageId));
    }

    [Fact]
    public async Task SendMailsAsync_ABatchOfMails_IsOneActivity_RetriedOnlyForThoseNotSent_RefusedStaysFailed()
    {
        await using var harness = await StartAsync();
        var ids = await WriteAsync(harness, "b2", 30);
        harness.SendGrid.Script(503, 429, 400);

        string instance = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SendBatch, ids);
        var done = await harness.Host.RunToCompletionAsync(instance);
        var outcome = done.ReadOutputAs<MailBatchOutcome>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(29, outcome.Sent);
        var refused = Assert.Single(outcome.NotSent);
        Assert.Equal(MailStatus.Failed, refused.Status);
        Assert.Equal(MailStatus.Failed, (await harness.Outbox.GetAsync(refused.MessageId, CancellationToken.None))!.Record.Status);

        // 30 mails: one activity, and one retry (30 s later) that sent the two SendGrid had asked to try again.
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(instance);
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.SendMails));
        Assert.DoesNotContain(history.OfType<TaskScheduledEvent>(), e => e.Name == StaffTaskActivities.SendMail);
        Assert.Equal(30 + 2, harness.SendGrid.Requests.Count);
        AssertEachAcceptedOnce(harness, ids.Where(id => id != refused.MessageId));
    }

    [Fact]
    public async Task SendMailsAsync_SendGridDownPastEveryRetry_ReportsThoseNotSent_AndTheProcessGoesOn()
    {
        await using var harness = await StartAsync();
        var ids = await WriteAsync(harness, "b3", 2);
        // Every attempt of MailRetry (20) and the last go answer 503 for both mails.
        harness.SendGrid.Script([.. Enumerable.Repeat(503, 2 * 21)]);

        string instance = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SendBatch, ids);
        var done = await harness.Host.RunToCompletionAsync(instance);
        var outcome = done.ReadOutputAs<MailBatchOutcome>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(0, outcome.Sent);
        Assert.Equal(ids, outcome.NotSent.Select(d => d.MessageId).Order(StringComparer.Ordinal));
        Assert.All(outcome.NotSent, d => Assert.Equal(MailStatus.Pending, d.Status));
        Assert.All(outcome.NotSent, d => Assert.Contains("503", d.Error, StringComparison.Ordinal));
        Assert.Empty(harness.SendGrid.Accepted);
        // Still pending in the outbox: the sweeper sends them once SendGrid is back.
        Assert.Equal([MailStatus.Pending, MailStatus.Pending], await StatusesAsync(harness, ids));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(instance);
        Assert.Equal(21, history.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.SendMails));
    }

    private Task<TaskHarness> StartAsync() => TaskHarness.StartAsync(azurite, register: registry => registry
        .AddOrchestratorFunc<List<string>, MailBatchOutcome>(SendBatch, (context, ids) => context.SendMailsAsync(ids)));

    private static async Task<List<string>> WriteAsync(TaskHarness harness, string prefix, int count)
    {
        var ids = Enumerable.Range(1, count).Select(n => $"{prefix}-{n:D3}").ToList();
        foreach (string id in ids)
        {
            await harness.Outbox.WriteAsync(
                new OutboxMessage
                {
                    Id = id,
                    To = $"{id}@qz.example.cn",
                    ToName = "王芳",
                    Template = "test-batch",
                    Culture = "zh-CN",
                    Subject = "【县管校聘】您的积分明细",
                    Html = "<p>积分明细</p>",
                    Text = "积分明细",
                    CreatedAt = harness.Time.GetUtcNow(),
                },
                CancellationToken.None);
        }

        return ids;
    }

    private static async Task<List<MailStatus>> StatusesAsync(TaskHarness harness, IEnumerable<string> ids)
    {
        var statuses = new List<MailStatus>();
        foreach (string id in ids)
        {
            statuses.Add((await harness.Outbox.GetAsync(id, CancellationToken.None))!.Record.Status);
        }

        return statuses;
    }

    private static void AssertEachAcceptedOnce(TaskHarness harness, IEnumerable<string> ids) =>
        Assert.Equal(ids.Order(StringComparer.Ordinal), harness.SendGrid.Accepted.Select(r => r.OutboxId!).Order(StringComparer.Ordinal));
}
