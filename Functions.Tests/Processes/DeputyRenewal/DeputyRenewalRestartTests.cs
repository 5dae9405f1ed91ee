using DurableTask.Core.History;
using EduFlows.AuditLog;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// A school's round terminated and started again under the same id (the API allows it once the earlier run failed or
/// was terminated): the new run opens and mails tasks of its own, decides on its own answers only, and the earlier
/// run's tasks still open answer as closed.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalRestartTests(AzuriteFixture azurite)
{
    private const string InstanceId = "deputy-renewal-2026-sch-qc";

    private static readonly Dictionary<string, string?> Approve = new() { ["decision"] = "approve" };

    [Fact]
    public async Task StartAgain_AfterTerminatedInReview_OpensAndMailsItsOwnTasks_TheEarlierAnswersDoNotCount()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        var api = Api(harness, html);

        // The earlier run: the principal proposed; the bureau rejected 李副校长's renewal, left the two others open; terminated.
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        var earlierProposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc-proposal");
        await SubmitAsync(harness, earlierProposal.Id, "stf-10", Proposal("renew", "notRenew", "promote", "none"));
        var earlierReviews = await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name);
        await SubmitAsync(harness, "deputy-renewal-review-2026-sch-qc-review-stf-41", "stf-3", new() { ["decision"] = "reject", ["note"] = "不同意续聘。" });
        await TerminateAsync(harness);

        // Started again: a run of its own.
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        string key = await KeyOfRunAsync(harness);
        var proposal = await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{key}-proposal");
        var lateAnswer = await harness.Desk.SubmitAsync(harness.Host.Client, "deputy-renewal-review-2026-sch-qc-review-stf-40", "stf-3", new Dictionary<string, string?> { ["decision"] = "reject" }, CancellationToken.None);
        await SubmitAsync(harness, proposal.Id, "stf-10", Proposal("renew", "renew", "none", "none"));
        var reviews = await harness.WaitForOpenTasksAsync(2, t => t.Kind == DeputyRenewalTasks.Review.Name && t.Id.Contains(key, StringComparison.Ordinal));
        foreach (var review in reviews)
        {
            await SubmitAsync(harness, review.Id, "stf-3", Approve);
        }

        var (done, _) = await harness.DriveAsync(InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));

        // The earlier run's tasks: three reviews given once, the two left open withdrawn, an answer to one refused as closed.
        Assert.Equal(["deputy-renewal-review-2026-sch-qc-review-stf-40", "deputy-renewal-review-2026-sch-qc-review-stf-41", "deputy-renewal-review-2026-sch-qc-review-stf-42"], earlierReviews.Select(r => r.Id));
        Assert.Equal(SubmitResult.Closed, lateAnswer.Result);
        Assert.Equal(
            [StaffTaskStatus.Submitted, StaffTaskStatus.Cancelled, StaffTaskStatus.Submitted, StaffTaskStatus.Cancelled],
            await StatusesAsync(harness, earlierProposal.Id, "deputy-renewal-review-2026-sch-qc-review-stf-40", "deputy-renewal-review-2026-sch-qc-review-stf-41", "deputy-renewal-review-2026-sch-qc-review-stf-42"));

        // The new run's tasks: new ids, each mailed to its person.
        Assert.Equal([$"deputy-renewal-review-2026-sch-qc-{key}-review-stf-40", $"deputy-renewal-review-2026-sch-qc-{key}-review-stf-41"], reviews.Select(r => r.Id));
        Assert.Equal("liu.principal@qz.example.cn", (await harness.Outbox.GetAsync($"{proposal.Id}.{TaskMails.Assigned}", CancellationToken.None))!.Record.To);
        foreach (var review in reviews)
        {
            Assert.Equal("zhao.office@qz.example.cn", (await harness.Outbox.GetAsync($"{review.Id}.{TaskMails.Assigned}", CancellationToken.None))!.Record.To);
        }

        // Its results are its own answers': 李副校长 renewed as approved now, not refused as the earlier run's reject said.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(
            [
                ("stf-40", "renewed", "学校建议续聘，教育局同意"),
                ("stf-41", "renewed", "学校建议续聘，教育局同意"),
                ("stf-42", "unchanged", "学校未提名"),
                ("stf-43", "unchanged", "学校未提名"),
            ],
            done.ReadOutputAs<RenewalRecord>()!.Candidates.Select(c => (c.StaffId, c.Result!, c.Why!)));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        Assert.Equal("vice-principal", (await directory.Staff.GetAsync("stf-41", CancellationToken.None))!.Post);
        Assert.Empty(await directory.MovesOfAsync("stf-41", CancellationToken.None));
        Assert.Contains("您继续受聘为旗城学校副校长", (await harness.Outbox.GetAsync($"deputy-renewal-2026-sch-qc.{key}.result.stf-41", CancellationToken.None))!.Record.Text, StringComparison.Ordinal);

        // The audit log keeps both runs' reviews, each under its own entry.
        var audit = await harness.Services.GetRequiredService<AuditLogStore>().ListAsync(InstanceId, 1, 100, CancellationToken.None);
        Assert.Equal([$"{InstanceId}-proposal", $"{InstanceId}-{key}-proposal", $"{InstanceId}-{key}-review", $"{InstanceId}-{key}-results"], audit.Select(e => e.EntryId));
        Assert.Contains("{\"StaffId\":\"stf-41\",\"Proposal\":\"renew\",\"Review\":\"approve\",\"Result\":\"renewed\"}", audit.Single(e => e.EntryId == $"{InstanceId}-{key}-review").Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAgain_AfterTerminatedOnNotice_LooksIntoItsOwnObjections_TheEarlierFindingsDoNotCount()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        var api = Api(harness, html);
        var objection = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");

        // The earlier run on notice: the objection to 陈主任 upheld, the one to 韩主任 still being looked into; terminated.
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        await SubmitAsync(harness, (await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc-proposal")).Id, "stf-10", Proposal("renew", "renew", "promote", "promote"));
        foreach (var review in await harness.WaitForOpenTasksAsync(4, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await SubmitAsync(harness, review.Id, "stf-3", Approve);
        }

        await WaitForNoticeAsync(harness);
        await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", objection, CancellationToken.None);
        await SubmitAsync(harness, (await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1))).Id, "stf-3", new() { ["finding"] = "uphold", ["note"] = "经核查属实。" });
        await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"), CancellationToken.None);
        var earlierOpen = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 2));
        await harness.Host.WaitForHistoryAsync(InstanceId, h => h.OfType<SubOrchestrationInstanceCompletedEvent>().Any());
        await TerminateAsync(harness);

        // Started again: 韩主任 not nominated this time; the same objection to 陈主任 raised again, and dismissed.
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        string key = await KeyOfRunAsync(harness);
        var run = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);
        await SubmitAsync(harness, (await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{key}-proposal")).Id, "stf-10", Proposal("renew", "renew", "promote", "none"));
        foreach (var review in await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name && t.Id.Contains(key, StringComparison.Ordinal)))
        {
            await SubmitAsync(harness, review.Id, "stf-3", Approve);
        }

        await WaitForNoticeAsync(harness);
        var raisedAgain = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", objection, CancellationToken.None);
        var lookInto = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf(run, 1));
        await SubmitAsync(harness, lookInto.Id, "stf-3", new() { ["finding"] = "dismiss", ["note"] = "经核查无此事。" });
        var lateFinding = await harness.Desk.SubmitAsync(harness.Host.Client, earlierOpen.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }, CancellationToken.None);
        var (done, _) = await harness.DriveAsync(InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id), [RenewalProcess.ObjectionInstanceIdOf(run, 1)]);

        // Looked into by a review and a task of its own, the 202 of a new objection (not the earlier run's number).
        Assert.Equal(202, Assert.IsType<IStatusCodeHttpResult>(raisedAgain.Result, exactMatch: false).StatusCode);
        Assert.Equal($"deputy-renewal-objection-2026-sch-qc-{key}-objection-1", lookInto.Id);
        Assert.Equal($"{InstanceId}:{key}:objection-1", RenewalProcess.ObjectionInstanceIdOf(run, 1));
        Assert.Equal(SubmitResult.Closed, lateFinding.Result);

        // 陈主任 promoted: the earlier run's upheld finding did not count; the record shows this run's objection only.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(
            [("stf-42", "promoted"), ("stf-43", "unchanged")],
            done.ReadOutputAs<RenewalRecord>()!.Candidates.Skip(2).Select(c => (c.StaffId, c.Result!)));
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var stored = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        Assert.Equal(["张老师 13800000000：其在职称评审中材料造假。 → 异议不成立（经核查无此事。）"], stored.Candidates[2].Objections);
        Assert.Empty(stored.Candidates[3].Objections);
        Assert.Equal("vice-principal", (await harness.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync("stf-42", CancellationToken.None))!.Post);

        // Each run's rows stay its own: the earlier finding kept as it was, beside this run's.
        var rows = await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None);
        Assert.Equal([(1, "stf-42", "dismiss")], rows.Where(o => o.Run == key).Select(o => (o.Number, o.AgainstStaffId, o.Finding!)));
        Assert.Equal([(1, "stf-42", "uphold"), (2, "stf-43", null)], rows.Where(o => o.Run is null).Select(o => (o.Number, o.AgainstStaffId, o.Finding)));
    }

    [Fact]
    public async Task Restart_ByTheDurableClientWithItsRecordedInput_AfterItsNoticeClosed_RunsApart_ItsNoticeTakesObjections()
    {
        // The durable client's own restart, no hook of ours: the recorded input and (on this SDK-level client) version
        // again; the Functions host's client and, in Azure, the extension's restart start at defaultVersion (3.3). The earlier run's notice had closed (objections
        // taken in) with a review still open.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        var api = Api(harness, html);
        var objection = new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        var earlierProposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc-proposal");
        await SubmitAsync(harness, earlierProposal.Id, "stf-10", Proposal("renew", "renew", "promote", "promote"));
        foreach (var review in await harness.WaitForOpenTasksAsync(4, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await SubmitAsync(harness, review.Id, "stf-3", Approve);
        }

        await WaitForNoticeAsync(harness);
        var earlierRun = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);

        // Lodged on the notice's second day, so its review (3 working days) is still open when the notice ends.
        harness.Host.MoveTo(new DateTimeOffset(2026, 10, 9, 1, 0, 0, TimeSpan.Zero));
        var first = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", objection, CancellationToken.None);
        var earlierOpen = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1));
        harness.Host.MoveTo(new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero));
        await DeputyRenewalHarness.WaitForPickUpAsync(harness, InstanceId);
        await TerminateAsync(harness);

        string restarted = await harness.Host.Client.RestartAsync(InstanceId);
        string key = await KeyOfRunAsync(harness);
        var run = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);
        var proposal = await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{key}-proposal");
        await SubmitAsync(harness, proposal.Id, "stf-10", Proposal("renew", "renew", "promote", "none"));
        var reviews = await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name && t.Id.Contains(key, StringComparison.Ordinal));
        foreach (var review in reviews)
        {
            await SubmitAsync(harness, review.Id, "stf-3", Approve);
        }

        // The new notice takes the same objection as a new one of its own, where the earlier run's closed notice would refuse it.
        await WaitForNoticeAsync(harness);
        var again = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", objection, CancellationToken.None);
        var lookInto = await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf(run, 1));
        var lateFinding = await harness.Desk.SubmitAsync(harness.Host.Client, earlierOpen.Id, "stf-3", new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }, CancellationToken.None);
        await SubmitAsync(harness, lookInto.Id, "stf-3", new() { ["finding"] = "dismiss", ["note"] = "经核查无此事。" });
        var (done, _) = await harness.DriveAsync(InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id), [RenewalProcess.ObjectionInstanceIdOf(run, 1)]);

        // Same id and input, a run of its own: its execution is not the earlier run's nor the input's.
        Assert.Equal(InstanceId, restarted);
        Assert.Equal((202, 202), (StatusOf(first), StatusOf(again)));
        Assert.False(again.AlreadyReceived);
        Assert.NotEqual(earlierRun.Execution, run.Execution);
        string? started = (await harness.Host.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true))!.ReadInputAs<RenewalRun>()!.Execution;
        Assert.NotNull(started);
        Assert.NotEqual(started, run.Execution);
        Assert.Equal(
            [$"deputy-renewal-proposal-2026-sch-qc-{key}-proposal", $"deputy-renewal-objection-2026-sch-qc-{key}-objection-1"],
            new[] { proposal.Id, lookInto.Id });
        Assert.Equal($"{InstanceId}:{key}:objection-1", RenewalProcess.ObjectionInstanceIdOf(run, 1));

        // The earlier run's review still open was withdrawn as the new run began: its answer is refused as closed.
        Assert.Equal(StaffTaskStatus.Cancelled, (await harness.Tasks.GetAsync(earlierOpen.Id, CancellationToken.None))!.Record.Status);
        Assert.Equal(SubmitResult.Closed, lateFinding.Result);
        Assert.DoesNotContain(await harness.Tasks.AllOpenAsync(CancellationToken.None), t => t.InstanceId.StartsWith(InstanceId, StringComparison.Ordinal));

        // Each run's objection in its own partition, each taken in by its own run; the new finding decided 陈主任's promotion.
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        Assert.Equal([("stf-42", ReceivedObjectionIntake.TakenIn)], (await store.Received.KeptAsync(RenewalReceivedObjections.PartitionOf(earlierRun), CancellationToken.None)).Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        Assert.Equal([("stf-42", ReceivedObjectionIntake.TakenIn)], (await store.Received.KeptAsync(RenewalReceivedObjections.PartitionOf(run), CancellationToken.None)).Select(k => (k.Objection.AgainstStaffId, k.Intake)));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal([("stf-42", "promoted"), ("stf-43", "unchanged")], done.ReadOutputAs<RenewalRecord>()!.Candidates.Skip(2).Select(c => (c.StaffId, c.Result!)));
        var rows = await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None);
        Assert.Equal([(1, "stf-42", "dismiss")], rows.Where(o => o.Run == key).Select(o => (o.Number, o.AgainstStaffId, o.Finding!)));
        Assert.Equal([(1, "stf-42", (string?)null)], rows.Where(o => o.Run is null).Select(o => (o.Number, o.AgainstStaffId, o.Finding)));

        // No mail twice: each message sent once; 陈主任 had each run's notice once, the reviewer each run's objection task once.
        var sent = harness.SendGrid.Accepted.ToList();
        Assert.All(sent.GroupBy(m => m.OutboxId), g => Assert.Single(g));
        Assert.Equal(
            new[] { "deputy-renewal-2026-sch-qc.notice.stf-42", $"deputy-renewal-2026-sch-qc.{key}.notice.stf-42" }.Order(StringComparer.Ordinal),
            sent.Where(m => m.To == "chen.mid@qz.example.cn" && m.OutboxId!.Contains(".notice.", StringComparison.Ordinal)).Select(m => m.OutboxId!).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { $"{earlierOpen.Id}.{TaskMails.Assigned}", $"{lookInto.Id}.{TaskMails.Assigned}" }.Order(StringComparer.Ordinal),
            sent.Where(m => m.OutboxId!.StartsWith("deputy-renewal-objection-", StringComparison.Ordinal) && m.OutboxId.EndsWith("." + TaskMails.Assigned, StringComparison.Ordinal)).Select(m => m.OutboxId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Restart_ByTheDurableClient_TwiceAtTheInstantTheRoundStarted_ClockHeld_EachRunHasAKeyOfItsOwn()
    {
        // The fake clock stays at the round's start throughout: each restart reuses the recorded input at the same
        // orchestration time, so the round makes the same execution each time, as the first run did.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        var at = harness.Time.GetUtcNow();
        Assert.True(await Api(harness, html).StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        var firstProposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc-proposal");
        var first = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);

        await TerminateAsync(harness);
        Assert.Equal(InstanceId, await harness.Host.Client.RestartAsync(InstanceId));
        var second = await NextRunAsync(harness, first.Execution!);
        var secondProposal = await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{second.Key()}-proposal");
        await TerminateAsync(harness);
        Assert.Equal(InstanceId, await harness.Host.Client.RestartAsync(InstanceId));
        var third = await NextRunAsync(harness, second.Execution!);
        var thirdProposal = await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{third.Key()}-proposal");

        // The same execution made each time (the clock did not move), each run given a key of its own.
        Assert.Equal(at, harness.Time.GetUtcNow());
        Assert.Equal([first.Execution![8..], first.Execution[8..]], new[] { second.Execution![8..], third.Execution![8..] });
        Assert.Equal((false, true, true), (first.StartedAgain, second.StartedAgain, third.StartedAgain));
        Assert.Equal(3, new[] { first.Execution[..8], second.Key(), third.Key() }.Distinct().Count());

        // Each run waits on its own proposal; the earlier runs' were withdrawn as the next run began.
        Assert.Equal(
            [StaffTaskStatus.Cancelled, StaffTaskStatus.Cancelled, StaffTaskStatus.Open],
            await StatusesAsync(harness, firstProposal.Id, secondProposal.Id, thirdProposal.Id));
    }

    [Fact]
    public async Task BeginRun_DeliveredAgainAfterTheRoundSaved_WithdrawsNoneOfTheRunsTasks_AnswersTheSame()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        Assert.True(await Api(harness, html).StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc-proposal");

        // The activity's message delivered again once the round has its record and task: the input the round gave it (the
        // execution it made, which the activity answers as it is and the record publishes).
        var running = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);
        var input = (await harness.Host.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true))!.ReadInputAs<RenewalRun>()! with { Execution = running.Execution, StartedAgain = false };
        var again = await ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(harness.Services).BeginRunAsync(input, harness.Host.Client, CancellationToken.None);

        Assert.NotNull(running.Execution);
        Assert.Equal(new RenewalRunBegun(running.Execution!, StartedAgain: false), again);
        Assert.Equal([StaffTaskStatus.Open], await StatusesAsync(harness, proposal.Id));
    }

    [Fact]
    public async Task Round_WhoseRosterAWorkerOf32Loads_StillPublishesItsExecution_TheObjectionApiKeepsInItsPartition()
    {
        // A rolling deploy: a worker of 3.2 runs the roster's activity for a round of 3.3; its record has no execution.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite, registry =>
        {
            registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name != DeputyRenewalActivities.LoadRoster)]));
            registry.AddActivity<RosterOf32>(DeputyRenewalActivities.LoadRoster);
        });
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        var stored = (await harness.Services.GetRequiredService<DeputyRenewalStore>().Rounds.GetAsync(RenewalRecord.IdOf("2026", "sch-qc"), CancellationToken.None))!.Record;

        Assert.NotNull(run.Execution);
        Assert.Equal(run.Execution, stored.Execution);
        Assert.Equal($"2026-sch-qc.{run.Execution}", RenewalReceivedObjections.PartitionOf(run));

        // The objection API reads the run from the record: an objection on the notice is kept where the round takes it in.
        await using var html = NewHtml();
        var answer = await Api(harness, html).RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", new RenewalObjection("stf-42", "匿名", "群众反映。"), CancellationToken.None);
        Assert.Equal(StatusCodes.Status202Accepted, StatusOf(answer));
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        Assert.Equal(["stf-42"], (await store.Received.KeptAsync($"2026-sch-qc.{run.Execution}", CancellationToken.None)).Select(k => k.Objection.AgainstStaffId));
        Assert.Empty(await store.Received.KeptAsync("2026-sch-qc", CancellationToken.None));
    }

    [Fact]
    public async Task ObjectionReview_OfAnEarlierRun_AfterTheRoundStartedAgain_KeepsNoRow_OpensNoTask()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        await using var html = NewHtml();
        var api = Api(harness, html);
        _ = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        await TerminateAsync(harness);
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        string key = await KeyOfRunAsync(harness);

        // The earlier run's review, begun late (its round already terminated), keeps its objection first: refused, nothing kept.
        var activities = ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(harness.Services);
        var earlier = new RenewalObjectionFinding("2026", "sch-qc", 1, "stf-42") { Objector = "匿名", Reason = "群众反映。" };
        Assert.False(await activities.SaveObjectionAsync(earlier, CancellationToken.None));
        Assert.True(await activities.SaveObjectionAsync(earlier with { Run = key }, CancellationToken.None));

        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        Assert.Null(await store.Objections.GetAsync(earlier, CancellationToken.None));
        Assert.Equal(key, (await store.Objections.GetAsync(earlier with { Run = key }, CancellationToken.None))?.Run);
    }

    [Fact]
    public async Task ObjectionReview_OfAnEarlierRun_OpeningItsTaskOnlyAfterTheNewRunBegan_IsStopped_ItsTaskTakesNoAnswer()
    {
        // The earlier run's review kept its objection and is held as it opens its task, while the round is terminated and
        // started again: the new run withdraws the open tasks before that task exists, so only stopping the review helps.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string held = RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1);
        IServiceProvider? services = null;
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite, registry =>
        {
            registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name != StaffTaskActivities.Open)]));
            registry.AddActivityFunc<OpenTaskInput, OpenedTask>(StaffTaskActivities.Open, async (_, input) =>
            {
                if (input.TaskId == held)
                {
                    entered.TrySetResult();
                    await release.Task;
                }

                return await services!.GetRequiredService<TaskDesk>().OpenAsync(input, CancellationToken.None);
            });
        });
        services = harness.Services;
        await using var html = NewHtml();
        var api = Api(harness, html);
        _ = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        var objection = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", new RenewalObjection("stf-42", "匿名", "群众反映。"), CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await TerminateAsync(harness);
        Assert.True(await api.StartSchoolAsync(harness.Host.Client, "2026", "sch-qc", "stf-3", CancellationToken.None));
        string key = await KeyOfRunAsync(harness);

        // The new run began: the earlier review is stopped; then its task is opened, as the held activity goes on.
        string review = $"{InstanceId}:objection-1";
        await WaitForStatusAsync(harness, review, OrchestrationRuntimeStatus.Terminated);
        release.SetResult();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await harness.Tasks.GetAsync(held, cts.Token) is null)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        // Its task takes no answer and is closed; its mail was never sent; the new run's own task is open.
        var late = await harness.Desk.SubmitAsync(harness.Host.Client, held, "stf-3", new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }, CancellationToken.None);
        Assert.Equal(StatusCodes.Status202Accepted, StatusOf(objection));
        Assert.Equal(SubmitResult.Closed, late.Result);
        Assert.Equal([StaffTaskStatus.Cancelled], await StatusesAsync(harness, held));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await harness.Host.Client.GetInstanceAsync(review))!.RuntimeStatus);
        Assert.DoesNotContain(harness.SendGrid.Accepted, m => m.OutboxId == $"{held}.{TaskMails.Assigned}");
        var proposal = await harness.WaitForTaskAsync($"deputy-renewal-proposal-2026-sch-qc-{key}-proposal");
        Assert.Equal([StaffTaskStatus.Open], await StatusesAsync(harness, proposal.Id));
    }

    // The roster's activity as a worker of 3.2 answered it: the record without the run's execution.
    private sealed class RosterOf32(IServiceProvider services) : TaskActivity<RenewalRun, RenewalRecord?>
    {
        public override async Task<RenewalRecord?> RunAsync(TaskActivityContext context, RenewalRun input) =>
            await ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(services).LoadRosterAsync(input, CancellationToken.None) is { } record ? record with { Execution = null } : null;
    }

    private static int? StatusOf(RenewalObjectionAnswer answer) => Assert.IsType<IStatusCodeHttpResult>(answer.Result, exactMatch: false).StatusCode;

    private static Dictionary<string, string?> Proposal(string first, string second, string third, string fourth) => new()
    {
        ["choice1"] = first, ["reason1"] = "分管教学成绩突出。",
        ["choice2"] = second, ["reason2"] = "分管德育成效显著。",
        ["choice3"] = third, ["reason3"] = "后备干部，德育工作成效显著。",
        ["choice4"] = fourth, ["reason4"] = "后备干部，教学管理经验丰富。",
    };

    private static async Task SubmitAsync(TaskHarness harness, string taskId, string by, Dictionary<string, string?> values)
    {
        var submitted = await harness.Desk.SubmitAsync(harness.Host.Client, taskId, by, values, CancellationToken.None);
        Assert.True(submitted.Result == SubmitResult.Accepted, $"{taskId}: {submitted.Result}");
    }

    private static async Task<List<StaffTaskStatus>> StatusesAsync(TaskHarness harness, params string[] taskIds)
    {
        var statuses = new List<StaffTaskStatus>();
        foreach (string id in taskIds)
        {
            statuses.Add((await harness.Tasks.GetAsync(id, CancellationToken.None))!.Record.Status);
        }

        return statuses;
    }

    private static async Task TerminateAsync(TaskHarness harness)
    {
        await harness.Host.Client.TerminateInstanceAsync(InstanceId, "重新启动本校续聘提拔");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await harness.Host.Client.GetInstanceAsync(InstanceId, cts.Token))?.RuntimeStatus != OrchestrationRuntimeStatus.Terminated)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    // The key of the run started again, as the round made it and published it on its record (within 60 s).
    private static async Task<string> KeyOfRunAsync(TaskHarness harness)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await harness.Host.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true, cts.Token))?.ReadCustomStatusAs<RenewalRecord>()?.Run is null)
        {
            await Task.Delay(50, cts.Token);
        }

        var run = await DeputyRenewalHarness.RunningAsync(harness, InstanceId);
        Assert.True(run.StartedAgain);
        return run.Key()!;
    }

    // The run started after the one of `earlier`, once it has published its record (within 60 s).
    private static async Task<RenewalRun> NextRunAsync(TaskHarness harness, string earlier)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await harness.Host.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true, cts.Token))?.ReadCustomStatusAs<RenewalRecord>()?.Execution is not { } execution
            || execution == earlier)
        {
            await Task.Delay(50, cts.Token);
        }

        return await DeputyRenewalHarness.RunningAsync(harness, InstanceId);
    }

    private static async Task WaitForStatusAsync(TaskHarness harness, string instanceId, OrchestrationRuntimeStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await harness.Host.Client.GetInstanceAsync(instanceId, cts.Token))?.RuntimeStatus != status)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    private static async Task WaitForNoticeAsync(TaskHarness harness)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await harness.Host.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true, cts.Token))?.ReadCustomStatusAs<RenewalRecord>()?.Stage != "notice")
        {
            await Task.Delay(50, cts.Token);
        }
    }

    private static HtmlRendering NewHtml() => new(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    private static DeputyRenewalApi Api(TaskHarness harness, HtmlRendering html) =>
        new(harness.Services.GetRequiredService<DirectoryStore>(), harness.Services.GetRequiredService<DeputyRenewalStore>(), DeputyRenewalOptions.Default, new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), harness.Time, html);
}
