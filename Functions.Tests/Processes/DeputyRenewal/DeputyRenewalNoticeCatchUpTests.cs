using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// The office's catch-up of notices that opened unmailed (<see cref="RenewalNoticeCatchUp"/>): a 3.0 round whose notice
/// was saved by a worker before notice mails (its save answered <c>true</c>) waits on its notice without any mail; the
/// catch-up mails each of 旗城学校's staff and each person on the notice once, and run again sends nothing; a round
/// that mailed its own notice is not mailed again.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalNoticeCatchUpTests(AzuriteFixture azurite)
{
    private const string NoticeIds = "deputy-renewal-2026-sch-qc.notice.";

    // 旗城学校's staff with an address (DeputyRenewalHarness): the principal, both deputies and three mid-level leaders.
    private static readonly string[] Mailed = ["stf-10", "stf-40", "stf-41", "stf-42", "stf-43", "stf-44"];

    [Fact]
    public async Task CatchUp_ANoticeOpenedOnAnEarlierWorkerWithoutItsMail_MailsEachPersonOnce_AndAgainSendsNothing()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite, registry =>
        {
            registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name is not DeputyRenewalActivities.Save)]));
            registry.AddActivity<SaveOfAnEarlierWorker>(DeputyRenewalActivities.Save);
        });
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.ReviewsApartSince);
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.DoesNotContain(history.OfType<TaskScheduledEvent>(), e => e.Name == DeputyRenewalActivities.NoticeMail);
        foreach (string id in Mailed)
        {
            Assert.Null(await harness.Outbox.GetAsync(NoticeIds + id, CancellationToken.None));
        }

        var catchUp = ActivatorUtilities.CreateInstance<RenewalNoticeCatchUp>(harness.Services);
        var first = await catchUp.RunAsync(harness.Host.Client, "2026", CancellationToken.None);
        var again = await catchUp.RunAsync(harness.Host.Client, "2026", CancellationToken.None);

        Assert.Equal(1, first.OpenNotices);
        Assert.Equal(Mailed.Select(id => NoticeIds + id), first.Sent.Order(StringComparer.Ordinal));
        Assert.Equal(0, first.AlreadySent);
        Assert.Empty(first.NotSent);
        Assert.Equal((1, 0, Mailed.Length), (again.OpenNotices, again.Sent.Count, again.AlreadySent));
        Assert.Equal(Mailed.Select(id => NoticeIds + id), NoticeMailsSent(harness));
        var chen = (await harness.Outbox.GetAsync(NoticeIds + "stf-42", CancellationToken.None))!.Record;
        Assert.Equal(("chen.mid@qz.example.cn", "【提拔人选公示】2026年 · 旗城学校"), (chen.To, chen.Subject));
        Assert.Contains("您是本次公示的拟提拔人选之一。", chen.Text, StringComparison.Ordinal);
        Assert.Contains("公示时间：2026年10月8日至2026年10月10日（北京时间，3个工作日，节假日不计）", chen.Text, StringComparison.Ordinal);
        Assert.Contains("https://eduflows.qz.example.cn/api/deputy-renewals/2026/schools/sch-qc/notice?token=", chen.Text, StringComparison.Ordinal);

        // The round runs on to its end on its own path, which mails no notice: one each, still.
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Mailed.Select(id => NoticeIds + id), NoticeMailsSent(harness));
    }

    [Fact]
    public async Task CatchUp_ARoundThatMailedItsOwnNotice_SendsNothing()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (NoticeMailsSent(harness).Count < Mailed.Length)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        var done = await ActivatorUtilities.CreateInstance<RenewalNoticeCatchUp>(harness.Services).RunAsync(harness.Host.Client, "2026", CancellationToken.None);

        Assert.Equal((1, 0, Mailed.Length), (done.OpenNotices, done.Sent.Count, done.AlreadySent));
        Assert.Equal(Mailed.Select(id => NoticeIds + id), NoticeMailsSent(harness));
    }

    private static List<string> NoticeMailsSent(TaskHarness harness) =>
        [.. harness.SendGrid.Accepted.Where(r => r.OutboxId?.StartsWith(NoticeIds, StringComparison.Ordinal) == true).Select(r => r.OutboxId!).Order(StringComparer.Ordinal)];

    // The save of a worker before 3.1, which answered true (it mailed no notice); the round's history keeps that answer.
    private sealed class SaveOfAnEarlierWorker(IServiceProvider services) : TaskActivity<RenewalRecord, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, RenewalRecord input)
        {
            _ = await ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(services).SaveAsync(input, CancellationToken.None);
            return true;
        }
    }
}
