using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using DurableTask.Core.History;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ShadowTrainingProcess = EduFlows.Processes.ShadowTraining.ShadowTraining;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>Batches of shadow training through their week under a fake clock, with e-mailed tasks answered as people would.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class ShadowTrainingOrchestrationTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task WholeBatch_TheTraineeWhoDidEverythingCompletes_TheOneMissingJournalsAndAttendanceIsOfferedAMakeUp()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        var defined = await harness.Desk().DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        var confirmed = await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);

        var done = await harness.DriveAsync("2026-09", ["stf-1", "stf-5"], task => (task.Kind, task.AssigneeId, task.Id) switch
        {
            ("shadow-confirmation", _, _) => new() { ["decision"] = "attend" },
            ("shadow-attendance", _, var id) when id.EndsWith("stf-5-2026-09-15", StringComparison.Ordinal) => new() { ["attendance"] = "absent", ["note"] = "病假" },
            ("shadow-attendance", _, var id) when id.EndsWith("stf-5-2026-09-16", StringComparison.Ordinal) => null,
            ("shadow-attendance", _, _) => new() { ["attendance"] = "present" },
            ("shadow-journal", "stf-5", var id) when !id.EndsWith("2026-09-14", StringComparison.Ordinal) => null,
            ("shadow-journal", _, var id) => new() { ["journal"] = "今日观摩了晨会与教研活动：" + id },
            ("shadow-evaluation", _, var id) when id.Contains("-stf-1-", StringComparison.Ordinal) => Scores(90, 88, 85, 92, "学习认真，善于思考。"),
            ("shadow-evaluation", _, _) => Scores(70, 65, 72, 68, "缺勤两天，日志未交齐。"),
            ("shadow-summary", _, _) => new() { ["summary"] = "一周跟岗，收获很大。" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });

        // Placement and confirmation.
        Assert.Equal(StatusCodes.Status201Created, defined.Status);
        Assert.Equal(
            [
                new Placement("stf-1", "base-4", "西苑小学: same section (primary); the only trainee from 东关小学."),
                new Placement("stf-5", "base-1", "旗城学校: nine-year school, matching the trainee's junior section; the only trainee from 弥河初级中学."),
            ],
            defined.Batch!.Placements);
        Assert.Equal(["stf-11", "stf-10"], defined.Batch.Bases.OrderByDescending(b => b.BaseId).Select(b => b.MentorId));
        Assert.Equal(StatusCodes.Status202Accepted, confirmed.Status);

        // Outcomes: the completion rule's decisions.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcomes = done.ReadOutputAs<List<TraineeOutcome>>()!;
        var wang = outcomes.Single(o => o.TraineeId == "stf-1");
        var chen = outcomes.Single(o => o.TraineeId == "stf-5");
        Assert.Equal(TraineeStatus.Completed, wang.Status);
        Assert.Equal((5, 5, 5, 88.8m, true), (wang.Week!.Days, wang.Week.AttendedDays, wang.Week.Journals, wang.Week.EvaluationAverage, wang.Week.Summary));
        Assert.Equal("SHT-202609-stf-1", wang.CertificateNo);
        Assert.Equal(TraineeStatus.NotCompleted, chen.Status);
        Assert.Equal((3, 1, 68.8m), (chen.Week!.AttendedDays, chen.Week.Journals, chen.Week.EvaluationAverage));
        Assert.Equal(["attendance 3 of 5 days (at least 4 needed)", "journals 1 of 5 (at least 4 needed)"], chen.Missing);
        Assert.Null(chen.CertificateNo);

        // Records: the reserve-pool file, the make-up place, the batch, the custom status.
        var store = harness.Store();
        var file = Assert.Single(await store.FileOfAsync("stf-1", CancellationToken.None));
        Assert.Equal(new ReservePoolEntry("stf-1", "shadow-training", "2026-09", new DateOnly(2026, 9, 18), "影子培训结业（西苑小学，2026-09-14 – 2026-09-18）：出勤5/5天，日志5篇，导师评价均分88.8。", "SHT-202609-stf-1"), file);
        Assert.Empty(await store.FileOfAsync("stf-5", CancellationToken.None));
        Assert.Equal(new Carryover("stf-5", "陈静", "2026-09", CarryoverReason.MakeUp), Assert.Single(await store.WaitingAsync(CancellationToken.None)));
        Assert.Equal(BatchStatus.Finished, (await store.Batches.GetAsync("2026-09", CancellationToken.None))!.Record.Status);
        var chenStatus = (await harness.ProgressAsync("2026-09", "stf-5"))!;
        Assert.Equal(("not-completed", "旗城学校", "刘校长", 3, 1), (chenStatus.Stage, chenStatus.Base, chenStatus.Mentor, chenStatus.AttendedDays, chenStatus.Journals));
        var batchStatus = done.ReadCustomStatusAs<BatchProgress>()!;
        Assert.Equal(("finished", 1, 1, 0), (batchStatus.Stage, batchStatus.Completed, batchStatus.NotCompleted, batchStatus.Deferred));
        Assert.Equal([["陈静 (stf-5)"], ["王芳 (stf-1)"]], batchStatus.Bases.Select(b => b.Trainees));

        // The report of the batch, per base.
        var report = ShadowTrainingReport.ForBatch("2026-09", September14, await store.TraineesOfBatchAsync("2026-09", CancellationToken.None));
        Assert.Equal((2, 1, 1, 80.0m, 60.0m, 78.8m), (report.Totals.Trainees, report.Totals.Completed, report.Totals.NotCompleted, report.Totals.AttendanceRate, report.Totals.JournalRate, report.Totals.EvaluationAverage));
        Assert.Equal([("base-1", 60.0m, 20.0m), ("base-4", 100.0m, 100.0m)], report.Bases.Select(b => (b.BaseId, b.Figures.AttendanceRate!.Value, b.Figures.JournalRate!.Value)));

        // Mail: release notices, mentors, reminders next morning, certificate and make-up offer.
        var mail = harness.SendGrid.Accepted;
        Assert.Contains(mail, m => m.To == "li.principal@qz.example.cn" && m.Subject == "【影子培训】请安排王芳脱产参训（2026-09-14 – 2026-09-18）");
        Assert.Contains(mail, m => m.To == "sun.principal@qz.example.cn" && m.Subject == "【影子培训】请安排陈静脱产参训（2026-09-14 – 2026-09-18）");
        Assert.Contains(mail, m => m.To == "zhang.principal@qz.example.cn" && m.Subject == "【影子培训】王芳将于2026-09-14 – 2026-09-18到校跟岗");
        Assert.Equal(
            ["【提醒】影子培训日志将于北京时间 2026-09-16 17:30 截止", "【提醒】影子培训日志将于北京时间 2026-09-17 17:30 截止", "【提醒】影子培训日志将于北京时间 2026-09-18 17:30 截止", "【提醒】影子培训日志将于北京时间 2026-09-19 17:30 截止"],
            mail.Where(m => m.To == "chen.jing@qz.example.cn" && m.Subject.StartsWith("【提醒】", StringComparison.Ordinal)).Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(["【提醒】影子培训考勤将于北京时间 2026-09-16 20:00 截止"], mail.Where(m => m.To == "liu.principal@qz.example.cn" && m.Subject.StartsWith("【提醒】", StringComparison.Ordinal)).Select(m => m.Subject));
        Assert.DoesNotContain(mail, m => m.To == "wang.fang@qz.example.cn" && m.Subject.StartsWith("【提醒】", StringComparison.Ordinal));
        var certificate = Assert.Single(mail, m => m.To == "wang.fang@qz.example.cn" && m.Subject == "【影子培训】结业证书");
        string link = certificate.ContentOf("text/plain").Split('\n').Single(l => l.StartsWith("查看结业证书：", StringComparison.Ordinal))["查看结业证书：".Length..];
        Assert.StartsWith("https://eduflows.qz.example.cn/api/shadow-training/certificates/2026-09/stf-1?token=", link, StringComparison.Ordinal);
        string token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var links = harness.Services.GetRequiredService<CertificateLinks>();
        Assert.True(links.Opens(token, "2026-09", "stf-1"));
        Assert.False(links.Opens(token, "2026-09", "stf-5"));
        var makeUp = Assert.Single(mail, m => m.To == "chen.jing@qz.example.cn" && m.Subject == "【影子培训】未达结业条件，已为您预留补训名额");
        Assert.Contains("attendance 3 of 5 days (at least 4 needed)；journals 1 of 5 (at least 4 needed)", makeUp.ContentOf("text/plain"), StringComparison.Ordinal);

        // Issue 17: a trainee's notices go by SendMails batches, not one activity per mail (each task's own mail still goes with its task).
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(TraineeRun.InstanceIdOf("2026-09", "stf-1"));
        Assert.Contains(history, e => e is TaskScheduledEvent { Name: StaffTaskActivities.SendMails });
    }

    [Fact]
    public async Task Deferral_GrantedByTheBureau_MovesTheTraineeIntoTheNextBatch()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        await harness.Desk().DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var chenConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");
        var wangConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-1");

        await harness.Desk.SubmitAsync(harness.Host.Client, wangConfirms.Id, "stf-1", new Dictionary<string, string?> { ["decision"] = "attend" }, CancellationToken.None);
        await harness.Desk.SubmitAsync(harness.Host.Client, chenConfirms.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "学校迎检，无法脱产。" }, CancellationToken.None);
        string chenWeek = TraineeRun.InstanceIdOf("2026-09", "stf-5");
        await harness.Host.WaitForHistoryAsync(chenWeek, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));
        var asking = await harness.ProgressAsync("2026-09", "stf-5");
        await harness.Host.Client.RaiseEventAsync(chenWeek, ShadowTrainingProcess.DeferralEvent, new DeferralDecision(true, "同意编入十月批次。"));
        var deferred = await harness.Host.WaitForStatusAsync(chenWeek, OrchestrationRuntimeStatus.Completed);
        await harness.Host.WaitForHistoryAsync(TraineeRun.InstanceIdOf("2026-09", "stf-1"), h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));
        var wangStatus = await harness.ProgressAsync("2026-09", "stf-1");

        var wrongLeave = await harness.Desk().DefineAsync("2026-10", new BatchDefinition(new DateOnly(2026, 10, 12), ["stf-6"], null, "stf-3", ["stf-1"]), CancellationToken.None);
        var leftWaiting = await harness.Desk().DefineAsync("2026-10", new BatchDefinition(new DateOnly(2026, 10, 12), ["stf-6"], null, "stf-3", ["stf-5"]), CancellationToken.None);
        var next = await harness.Desk().DefineAsync("2026-10", new BatchDefinition(new DateOnly(2026, 10, 12), ["stf-6"], null, "stf-3"), CancellationToken.None);
        var nextConfirmed = await harness.Desk().ConfirmAsync("2026-10", harness.Host.Client, CancellationToken.None);
        var chenInOctober = await harness.WaitForTaskAsync("shadow-confirmation-2026-10-stf-5");

        Assert.Equal("deferral-requested", asking!.Stage);
        Assert.Equal(["deferral decision (bureau, 赵主任)"], asking.Waiting);
        var outcome = deferred.ReadOutputAs<TraineeOutcome>()!;
        Assert.Equal((TraineeStatus.Deferred, (TraineeWeek?)null), (outcome.Status, outcome.Week));
        Assert.Equal("deferred", (await harness.ProgressAsync("2026-09", "stf-5"))!.Stage);
        Assert.Equal(("confirmed", 0), (wangStatus!.Stage, wangStatus.Waiting.Count));
        var record = (await harness.Store().Trainees.GetAsync(TraineeRecord.IdOf("2026-09", "stf-5"), CancellationToken.None))!.Record;
        Assert.Equal((TraineeStatus.Deferred, "base-1"), (record.Status, record.BaseId));
        Assert.Equal(("学校迎检，无法脱产。", true, DeferralRuling.ByMasterKey, "同意编入十月批次。"), (record.Deferral!.Reason, record.Deferral.Granted, record.Deferral.DecidedBy, record.Deferral.Note));
        var granted = Assert.Single(await harness.WaitForMailAsync(5), m => m.Subject == "【影子培训】延期申请已同意");
        Assert.Equal("chen.jing@qz.example.cn", granted.To);
        Assert.Contains("说明：同意编入十月批次。", granted.ContentOf("text/plain"), StringComparison.Ordinal);

        Assert.Equal(new EduFlows.Hosting.FieldError("leaveWaiting[0]", "'stf-1' is not waiting for a place from an earlier batch."), Assert.Single(wrongLeave.Errors));
        Assert.Equal(StatusCodes.Status201Created, leftWaiting.Status);
        Assert.Equal(["stf-6"], leftWaiting.Batch!.Candidates.Select(c => c.StaffId));
        Assert.Empty(leftWaiting.Batch.CarriedOver);
        Assert.Equal(StatusCodes.Status200OK, next.Status);
        Assert.Equal(["stf-6", "stf-5"], next.Batch!.Candidates.Select(c => c.StaffId));
        Assert.Equal([new Carryover("stf-5", "陈静", "2026-09", CarryoverReason.Deferred)], next.Batch.CarriedOver);
        Assert.Equal(["stf-5", "stf-6"], next.Batch.Placements.Select(p => p.TraineeId).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCodes.Status202Accepted, nextConfirmed.Status);
        Assert.Equal("stf-5", chenInOctober.AssigneeId);
        Assert.Empty(await harness.Store().WaitingAsync(CancellationToken.None));
        Assert.Equal("2026-10", (await harness.Store().Carryovers.GetAsync("2026-09.stf-5", CancellationToken.None))!.Record.TakenBy);
    }

    [Fact]
    public async Task Deferral_TheBatchOwnerIsGivenATaskWithTheReason_TheirAnswerDecides_AndTheMentorAndPrincipalAreTold()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        await harness.Desk().DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var chenConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");
        await harness.Desk.SubmitAsync(harness.Host.Client, chenConfirms.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "学校迎检，无法脱产。" }, CancellationToken.None);

        var review = await harness.WaitForTaskAsync("shadow-deferral-2026-09-stf-5-deferral");
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 9, 2, 3, 0, 0, TimeSpan.Zero));
        var byTrainee = await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve", ["note"] = "同意，编入十月批次。" }, CancellationToken.None);
        var deferred = await harness.Host.WaitForStatusAsync(TraineeRun.InstanceIdOf("2026-09", "stf-5"), OrchestrationRuntimeStatus.Completed);
        var mail = await harness.WaitForMailAsync(1);

        Assert.Equal(("stf-3", new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)), (review.AssigneeId, review.DueAt));
        Assert.Contains(new KeyValuePair<string, string>("延期理由 Reason", "学校迎检，无法脱产。"), review.Context);
        Assert.Equal(SubmitResult.NotAssignee, byTrainee.Result);
        Assert.Equal(TraineeStatus.Deferred, deferred.ReadOutputAs<TraineeOutcome>()!.Status);
        var record = (await harness.Store().Trainees.GetAsync(TraineeRecord.IdOf("2026-09", "stf-5"), CancellationToken.None))!.Record;
        Assert.Equal(
            new DeferralRuling("学校迎检，无法脱产。", true, "stf-3", new DateTimeOffset(2026, 9, 2, 3, 0, 0, TimeSpan.Zero), "同意，编入十月批次。"),
            record.Deferral);
        Assert.Equal("2026-09", Assert.Single(await harness.Store().WaitingAsync(CancellationToken.None)).FromBatch);
        Assert.Single(mail, m => m.To == "chen.jing@qz.example.cn" && m.Subject == "【影子培训】延期申请已同意");
        Assert.Single(mail, m => m.To == "liu.principal@qz.example.cn" && m.Subject == "【影子培训】陈静本批次不来跟岗（已延期）");
        Assert.Single(mail, m => m.To == "sun.principal@qz.example.cn" && m.Subject == "【影子培训】陈静本周无需脱产（已延期）");
    }

    [Fact]
    public async Task OneTraineesWeekBreaksOff_IsRecordedAsFailed_AndTheBatchStillFinishes()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        await harness.Desk().DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var wangConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-1");
        await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");

        await harness.Host.Client.TerminateInstanceAsync(TraineeRun.InstanceIdOf("2026-09", "stf-5"), "broken by the test");
        await harness.Desk.SubmitAsync(harness.Host.Client, wangConfirms.Id, "stf-1", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "外出学习。" }, CancellationToken.None);
        string wangWeek = TraineeRun.InstanceIdOf("2026-09", "stf-1");
        await harness.Host.WaitForHistoryAsync(wangWeek, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));
        await harness.Host.Client.RaiseEventAsync(wangWeek, ShadowTrainingProcess.DeferralEvent, new DeferralDecision(true, null));
        var batch = await harness.Host.WaitForStatusAsync(ShadowBatch.InstanceIdOf("2026-09"), OrchestrationRuntimeStatus.Completed);

        var outcomes = batch.ReadOutputAs<List<TraineeOutcome>>()!;
        Assert.Equal(
            ["stf-1 Deferred", "stf-5 Failed"],
            outcomes.Select(o => $"{o.TraineeId} {o.Status}").Order(StringComparer.Ordinal));
        var progress = batch.ReadCustomStatusAs<BatchProgress>()!;
        Assert.Equal(("finished", 0, 1, 1), (progress.Stage, progress.Completed, progress.Deferred, progress.Failed));
        var record = (await harness.Store().Trainees.GetAsync(TraineeRecord.IdOf("2026-09", "stf-5"), CancellationToken.None))!.Record;
        Assert.Equal(TraineeStatus.Failed, record.Status);
        Assert.StartsWith("the week broke off: ", Assert.Single(record.Missing), StringComparison.Ordinal);
        Assert.Contains("broken by the test", record.Missing[0], StringComparison.Ordinal);
        Assert.Equal(BatchStatus.Finished, (await harness.Store().Batches.GetAsync("2026-09", CancellationToken.None))!.Record.Status);
        Assert.Equal(CarryoverReason.MakeUp, (await harness.Store().Carryovers.GetAsync("2026-09.stf-5", CancellationToken.None))!.Record.Reason);
    }

    [Fact]
    public async Task Confirm_RefusesCandidatesTakenElsewhereOrAlreadyTrained_AndAWaitingTraineeTheDraftForgot()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        var desk = harness.Desk();
        await desk.DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await desk.ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        await desk.DefineAsync("2026-10", new BatchDefinition(new DateOnly(2026, 10, 12), ["stf-6"], null, "stf-3"), CancellationToken.None);
        var chenConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");
        await harness.Desk.SubmitAsync(harness.Host.Client, chenConfirms.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer" }, CancellationToken.None);
        string chenWeek = TraineeRun.InstanceIdOf("2026-09", "stf-5");
        await harness.Host.WaitForHistoryAsync(chenWeek, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));
        await harness.Host.Client.RaiseEventAsync(chenWeek, ShadowTrainingProcess.DeferralEvent, new DeferralDecision(true, null));
        await harness.Host.WaitForStatusAsync(chenWeek, OrchestrationRuntimeStatus.Completed);

        var forgot = await desk.ConfirmAsync("2026-10", harness.Host.Client, CancellationToken.None);
        await desk.DefineAsync("2026-10", new BatchDefinition(new DateOnly(2026, 10, 12), ["stf-6"], null, "stf-3"), CancellationToken.None);
        await desk.DefineAsync("2026-11", new BatchDefinition(new DateOnly(2026, 11, 9), ["stf-4"], null, "stf-3"), CancellationToken.None);
        await desk.DefineAsync("2026-12", new BatchDefinition(new DateOnly(2026, 12, 7), ["stf-1"], null, "stf-3"), CancellationToken.None);
        await desk.DefineAsync("2027-01", new BatchDefinition(new DateOnly(2027, 1, 4), ["stf-2"], null, "stf-3"), CancellationToken.None);
        var october = await desk.ConfirmAsync("2026-10", harness.Host.Client, CancellationToken.None);
        var taken = await desk.ConfirmAsync("2026-11", harness.Host.Client, CancellationToken.None);
        var twice = await desk.ConfirmAsync("2026-12", harness.Host.Client, CancellationToken.None);
        await harness.Store().ReservePoolFile.PutAsync(new ReservePoolEntry("stf-2", "shadow-training", "2026-05", new DateOnly(2026, 5, 15), "影子培训结业", "SHT-202605-stf-2"), CancellationToken.None);
        var trained = await desk.ConfirmAsync("2027-01", harness.Host.Client, CancellationToken.None);

        Assert.Equal(
            (StatusCodes.Status409Conflict, "candidates", "'stf-5' (陈静, from 2026-09) started waiting for a place after this batch was defined: redefine it to take them, or list them in leaveWaiting."),
            (forgot.Status, forgot.Errors[0].Field, forgot.Errors[0].Reason));
        Assert.Equal(StatusCodes.Status202Accepted, october.Status);
        Assert.Equal(
            (StatusCodes.Status409Conflict, "candidates[1]", "'stf-5' (陈静) waiting from batch 2026-09 was taken by batch 2026-10 meanwhile; redefine this batch."),
            (taken.Status, taken.Errors[0].Field, taken.Errors[0].Reason));
        Assert.Equal((StatusCodes.Status409Conflict, "candidates[0]", "'stf-1' (王芳) is already in confirmed batch 2026-09."), (twice.Status, twice.Errors[0].Field, twice.Errors[0].Reason));
        Assert.Equal(
            (StatusCodes.Status409Conflict, "candidates[0]", "'stf-2' (李校长) already completed shadow training in batch 2026-05 (certificate SHT-202605-stf-2)."),
            (trained.Status, trained.Errors[0].Field, trained.Errors[0].Reason));
        Assert.Equal(BatchStatus.Draft, (await harness.Store().Batches.GetAsync("2026-11", CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task NoAnswers_AnUndecidedDeferralIsGrantedWhenTheWeekStarts_AndAnUnansweredConfirmationCountsAsAttending()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        await harness.Desk().DefineAsync("2026-09", new BatchDefinition(September14, ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var chenConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");
        await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-1");
        await harness.Desk.SubmitAsync(harness.Host.Client, chenConfirms.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "外出学习。" }, CancellationToken.None);
        string chenWeek = TraineeRun.InstanceIdOf("2026-09", "stf-5");
        await harness.Host.WaitForHistoryAsync(chenWeek, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));

        harness.Time.SetUtcNow(new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero));
        var deferred = await harness.Host.WaitForStatusAsync(chenWeek, OrchestrationRuntimeStatus.Completed);
        var wangAttendance = await harness.WaitForTaskAsync("shadow-attendance-2026-09-stf-1-2026-09-14");
        var wangConfirmation = (await harness.Tasks.GetAsync("shadow-confirmation-2026-09-stf-1-confirm", CancellationToken.None))!.Record;

        Assert.Equal(TraineeStatus.Deferred, deferred.ReadOutputAs<TraineeOutcome>()!.Status);
        var granted = Assert.Single(await harness.WaitForMailAsync(8), m => m.Subject == "【影子培训】延期申请已同意");
        Assert.Contains("说明：No decision before the week started: granted.", granted.ContentOf("text/plain"), StringComparison.Ordinal);
        Assert.Equal(StaffTaskStatus.Expired, wangConfirmation.Status);
        Assert.Equal(("stf-11", new DateTimeOffset(2026, 9, 14, 12, 0, 0, TimeSpan.Zero)), (wangAttendance.AssigneeId, wangAttendance.DueAt));
        Assert.Equal([new Carryover("stf-5", "陈静", "2026-09", CarryoverReason.Deferred)], await harness.Store().WaitingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ImpossibleBatch_IsRefusedWithTheReason_AndNothingIsStored()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);

        var refused = await harness.Desk().DefineAsync(
            "2026-09", new BatchDefinition(September14, ["stf-1", "stf-5", "stf-6"], [new BaseDefinition("base-1", 1, null), new BaseDefinition("base-4", 1, null)], "stf-3"), CancellationToken.None);
        var ownSchool = await harness.Desk().DefineAsync(
            "2026-09", new BatchDefinition(September14, ["stf-12"], [new BaseDefinition("base-1", 2, null)], "stf-3"), CancellationToken.None);

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, refused.Status);
        Assert.Equal(new EduFlows.Hosting.FieldError("bases", "3 candidates but the bases take only 2 (旗城学校 1, 西苑小学 1): add places or move 1 candidates to a later batch."), Assert.Single(refused.Errors));
        Assert.Equal(new EduFlows.Hosting.FieldError("candidates", "1 candidates are from 旗城学校, but the bases other than their own school take only 0: trainees never shadow at their own school."), Assert.Single(ownSchool.Errors));
        Assert.Null(await harness.Store().Batches.GetAsync("2026-09", CancellationToken.None));
    }

    private static Dictionary<string, string?> Scores(int management, int teaching, int culture, int innovation, string comment) => new()
    {
        ["management"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["teaching"] = teaching.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["culture"] = culture.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["innovation"] = innovation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["comment"] = comment,
    };
}
