using DurableTask.Core.History;
using Microsoft.AspNetCore.Http;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>A school's renewal round under the fake clock: proposals, the bureau's reviews, a promotion through its notice over the National Day holidays.</summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalRoundTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Round_PromotionThroughANoticeOverTheHolidays_ObjectionDismissed_DirectoryTakesEveryResult()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = RenewalProcess.CurrentVersion });

        // The principal's form lists the deputies and the reserve mid-level leaders, each with their own choices.
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        var form = proposal.Fields!.Where(f => f.Type == TaskFieldType.Choice).Select(f => $"{f.Label.Zh}:{string.Join("/", f.Options.Select(o => o.Value))}");
        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "notRenew", ["reason2"] = "本人申请回到教学一线。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "none", ["reason4"] = "尚需历练。",
        }, CancellationToken.None);

        // The bureau approves each of the three proposals.
        var reviews = await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name);
        foreach (var review in reviews)
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        // On notice: three working days after the holidays, the working Saturday counted; an objection is looked into.
        var onNotice = await WaitForStageAsync(harness, run.InstanceId, "notice");
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "听说其曾有违规补课。"));
        var objectionReview = await harness.WaitForTaskAsync("deputy-renewal-objection-2026-sch-qc-objection-1");
        await harness.Desk.SubmitAsync(harness.Host.Client, objectionReview.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }, CancellationToken.None);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.Equal(["王副校长（副校长）:renew/notRenew", "李副校长（副校长）:renew/notRenew", "陈主任（中层干部）:promote/none", "韩主任（中层干部）:promote/none"], form);
        Assert.Equal(["stf-40", "stf-41", "stf-42"], reviews.Select(r => r.Id["deputy-renewal-review-2026-sch-qc-review-".Length..]));
        Assert.Equal((new DateOnly(2026, 10, 8), new DateOnly(2026, 10, 10), new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc)), (onNotice.NoticeFrom!.Value, onNotice.NoticeUntil!.Value, onNotice.NoticeEndsAt!.Value));
        Assert.Contains("异议人 Objector", objectionReview.Context.Select(c => c.Key));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero), harness.Time.GetUtcNow());
        var record = done.ReadOutputAs<RenewalRecord>()!;
        Assert.Equal(
            [
                ("stf-40", "renewed", "学校建议续聘，教育局同意"),
                ("stf-41", "notRenewed", "学校建议不再续聘，教育局同意"),
                ("stf-42", "promoted", "学校建议提拔，教育局同意，公示3个工作日无异议或异议不成立"),
                ("stf-43", "unchanged", "学校未提名"),
            ],
            record.Candidates.Select(c => (c.StaffId, c.Result!, c.Why!)));
        var stored = (await harness.Services.GetRequiredService<DeputyRenewalStore>().GetAsync("2026", "sch-qc", CancellationToken.None))!.Candidates[2];
        Assert.Equal(1, stored.ObjectionCount);
        Assert.Equal(["张老师 13800000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）"], stored.Objections);

        // The directory: the promotion and the deputy not renewed, each with its move kept; the renewed deputy untouched.
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var day = new DateOnly(2026, 10, 10);
        Assert.Equal(("vice-principal", day), ((await directory.Staff.GetAsync("stf-42", CancellationToken.None))!.Post, (await directory.Staff.GetAsync("stf-42", CancellationToken.None))!.PostSince!.Value));
        Assert.Equal("teacher", (await directory.Staff.GetAsync("stf-41", CancellationToken.None))!.Post);
        Assert.Equal(("vice-principal", new DateOnly(2020, 9, 1)), ((await directory.Staff.GetAsync("stf-40", CancellationToken.None))!.Post, (await directory.Staff.GetAsync("stf-40", CancellationToken.None))!.PostSince!.Value));
        Assert.Equal(
            new StaffMove("2026-sch-qc-stf-42", "stf-42", day, "sch-qc", null, "mid-level-leader", "sch-qc", null, "vice-principal", "2026年副职换届：提拔为旗城学校副校长", run.InstanceId),
            Assert.Single(await directory.MovesOfAsync("stf-42", CancellationToken.None)));
        Assert.Equal("2026年副职换届：不再续聘旗城学校副校长", Assert.Single(await directory.MovesOfAsync("stf-41", CancellationToken.None)).Reason);
        Assert.Empty(await directory.MovesOfAsync("stf-40", CancellationToken.None));
        Assert.Equal("done", (await harness.Services.GetRequiredService<DeputyRenewalStore>().Rounds.GetAsync("2026-sch-qc", CancellationToken.None))!.Record.Stage);
    }

    [Fact]
    public async Task Round_ObjectionUpheld_StopsThePromotion_AndEveryoneHearsTheirResultInChinese()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = RenewalProcess.CurrentVersion });
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "notRenew", ["reason2"] = "本人申请回到教学一线。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "none", ["reason4"] = "尚需历练。",
        }, CancellationToken.None);
        foreach (var review in await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        await WaitForStageAsync(harness, run.InstanceId, "notice");
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        var objectionReview = await harness.WaitForTaskAsync("deputy-renewal-objection-2026-sch-qc-objection-1");
        await harness.Desk.SubmitAsync(harness.Host.Client, objectionReview.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }, CancellationToken.None);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var record = done.ReadOutputAs<RenewalRecord>()!;
        Assert.Equal(("unchanged", "公示期间异议经核查属实，不予提拔"), (record.Candidates[2].Result!, record.Candidates[2].Why!));
        var stored = (await harness.Services.GetRequiredService<DeputyRenewalStore>().GetAsync("2026", "sch-qc", CancellationToken.None))!.Candidates[2];
        Assert.Equal(1, stored.ObjectionCount);
        Assert.Equal(["张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）"], stored.Objections);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        Assert.Equal("mid-level-leader", (await directory.Staff.GetAsync("stf-42", CancellationToken.None))!.Post);
        Assert.Empty(await directory.MovesOfAsync("stf-42", CancellationToken.None));
        Assert.Equal("teacher", (await directory.Staff.GetAsync("stf-41", CancellationToken.None))!.Post);

        // The closing mails: each deputy and the candidate on notice their own result, the principal the school's; 韩主任, not proposed, none.
        async Task<OutboxMessage?> MailAsync(string id) => (await harness.Outbox.GetAsync(id, CancellationToken.None))?.Record;
        var wang = await MailAsync("deputy-renewal-2026-sch-qc.result.stf-40");
        var li = await MailAsync("deputy-renewal-2026-sch-qc.result.stf-41");
        var chen = await MailAsync("deputy-renewal-2026-sch-qc.result.stf-42");
        var principal = await MailAsync("deputy-renewal-2026-sch-qc.school");
        Assert.Null(await MailAsync("deputy-renewal-2026-sch-qc.result.stf-43"));
        Assert.All(new[] { wang, li, chen, principal }, m => Assert.Equal(("zh-CN", "【副职续聘提拔结果】2026年 · 旗城学校"), (m!.Culture, m.Subject)));
        Assert.Equal(("wang.deputy@qz.example.cn", true), (wang!.To, wang.Text.Contains("您继续受聘为旗城学校副校长", StringComparison.Ordinal)));
        Assert.Contains("您不再续聘为旗城学校副校长，转任教师", li!.Text, StringComparison.Ordinal);
        Assert.Contains("公示期间异议经核查属实，不予提拔", chen!.Text, StringComparison.Ordinal);
        Assert.Equal("liu.principal@qz.example.cn", principal!.To);
        Assert.Contains("韩主任：维持现职（学校未提名）", principal.Text, StringComparison.Ordinal);
        Assert.Contains("陈主任：维持现职（公示期间异议经核查属实，不予提拔）", principal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("unchanged", principal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Round_DeputyNotRenewed_MovesToTheConfiguredPost_AndTheirMailNamesThatPostInChinese()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default with { NotRenewedPost = "head-teacher" });
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = RenewalProcess.CurrentVersion });
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "notRenew", ["reason2"] = "本人申请回到班主任岗位。",
            ["choice3"] = "none", ["reason3"] = "尚需历练。",
            ["choice4"] = "none", ["reason4"] = "尚需历练。",
        }, CancellationToken.None);
        foreach (var review in await harness.WaitForOpenTasksAsync(2, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        Assert.Equal("head-teacher", (await directory.Staff.GetAsync("stf-41", CancellationToken.None))!.Post);
        var li = (await harness.Outbox.GetAsync("deputy-renewal-2026-sch-qc.result.stf-41", CancellationToken.None))!.Record;
        Assert.Contains("您不再续聘为旗城学校副校长，转任班主任。", li.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("转任教师", li.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_TheSameObjectionRaisedTwiceAtOnce_IsLookedIntoOnce_AnotherObjectionStillGetsItsReview()
    {
        // Two posts of one form at once both pass the API (neither sees the other's row yet): the round takes the first.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", " 张老师 13800000000", "其在职称评审中材料造假。 "));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "张老师 13800000000", "其在职称评审中材料造假。"));

        // The next review after the first is the objection to 韩主任: the repeats made none.
        var second = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 2));
        var (done, _) = await harness.DriveAsync(run.InstanceId, DeputyRenewalReplayTests.Findings, [RenewalProcess.ObjectionInstanceIdOf(run, 1), RenewalProcess.ObjectionInstanceIdOf(run, 2)]);

        Assert.Contains(second.Context, c => c.Key == "被异议人 Person" && c.Value == "韩主任");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal(4, history.OfType<EventRaisedEvent>().Count(e => e.Name == RenewalProcess.ObjectionEvent));
        Assert.Equal(2, history.OfType<SubOrchestrationInstanceCreatedEvent>().Count(e => e.Name == RenewalProcess.ObjectionReviewName));
        var rows = await harness.Services.GetRequiredService<DeputyRenewalStore>().Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None);
        Assert.Equal([(1, "stf-42", "uphold"), (2, "stf-43", "dismiss")], rows.Select(o => (o.Number, o.AgainstStaffId, o.Finding!)));
        Assert.Equal(("unchanged", "promoted"), (done.ReadOutputAs<RenewalRecord>()!.Candidates[2].Result, done.ReadOutputAs<RenewalRecord>()!.Candidates[3].Result));
    }

    [Fact]
    public async Task Notice_AnObjectionKeptInTheLastSecondButSettledAfterTheRoundTookItIn_IsAnsweredAsTakenAndDecidedOnce()
    {
        // Issue 16, one order of the race: the API checked the time and kept the objection in the notice's last second;
        // the notice ends and the round takes it in before the API, reading again, settles it and raises its late event.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var api = new DeputyRenewalApi(harness.Services.GetRequiredService<DirectoryStore>(), store, DeputyRenewalOptions.Default, new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), harness.Time, html);
        var inTime = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"), CancellationToken.None);
        var first = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1));
        Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(harness.Host.Client, first.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }, CancellationToken.None)).Result);

        var endsAt = new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero);
        harness.Host.MoveTo(endsAt.AddSeconds(-1));
        var late = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
        string kept = RenewalReceivedObjections.PartitionOf(run);
        var keptLate = await store.Received.KeepAsync(kept, late, harness.Time.GetUtcNow(), CancellationToken.None);
        harness.Host.MoveTo(endsAt);
        await DeputyRenewalHarness.WaitForPickUpAsync(harness, run.InstanceId);
        var settled = await store.Received.SettleAsync(kept, late, noticeOpen: false, CancellationToken.None);
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, late);

        var (done, _) = await harness.DriveAsync(
            run.InstanceId,
            task => task.Context.Any(c => c.Key == "被异议人 Person" && c.Value == "陈主任") ? new() { ["finding"] = "uphold", ["note"] = "经核查属实。" } : new() { ["finding"] = "dismiss", ["note"] = "经核查无此事。" },
            [RenewalProcess.ObjectionInstanceIdOf(run, 1), RenewalProcess.ObjectionInstanceIdOf(run, 2)]);

        Assert.Equal(202, Assert.IsType<IStatusCodeHttpResult>(inTime.Result, exactMatch: false).StatusCode);
        Assert.Equal((ReceivedObjectionIntake.Lodged, false), keptLate);
        Assert.Equal(ReceivedObjectionIntake.TakenIn, settled);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var received = await store.Received.KeptAsync(kept, CancellationToken.None);
        Assert.Equal([("stf-43", ReceivedObjectionIntake.TakenIn), ("stf-42", ReceivedObjectionIntake.TakenIn)], received.Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        var rows = await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None);
        Assert.Equal([(1, "stf-43", "dismiss"), (2, "stf-42", "uphold")], rows.Select(o => (o.Number, o.AgainstStaffId, o.Finding!)));
        var record = done.ReadOutputAs<RenewalRecord>()!;
        Assert.Equal(("unchanged", "公示期间异议经核查属实，不予提拔"), (record.Candidates[2].Result, record.Candidates[2].Why));
        Assert.Equal("promoted", record.Candidates[3].Result);
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        Assert.Equal(2, history.OfType<SubOrchestrationInstanceCreatedEvent>().Count(e => e.Name == RenewalProcess.ObjectionReviewName));
    }

    private static async Task<RenewalRecord> WaitForStageAsync(TaskHarness harness, string instanceId, string stage)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await harness.Host.Client.GetInstanceAsync(instanceId, cts.Token))?.ReadCustomStatusAs<RenewalRecord>() is { } record && record.Stage == stage)
            {
                return record;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
