using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// One objection's review failing on version 3.0 (its activity refused past the retries, the sub-orchestration failed)
/// does not fail the school's round: the objection is concluded as a failed review the office reads, counts as not looked
/// into, and the other objections' findings stand.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalFailedReviewTests(AzuriteFixture azurite)
{
    private const string FailedLine = "丙老师 13700000000：听说其曾收受家长礼品。 → 核查失败（系统多次重试仍未能完成核查，按未核查处理）";

    [Fact]
    public async Task Round_OneObjectionsReviewFailsPastItsRetries_RoundCompletes_FailedReviewCountsAsNotLookedInto()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite, RefusingObjectionTwo);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "丙老师 13700000000", "听说其曾收受家长礼品。"));
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-43", "李老师 13900000000", "听说其曾有违规补课。"));

        // The failing review's retries wait on timers of its own history, which the driver moves the clock to.
        var reviews = Enumerable.Range(1, 3).Select(n => RenewalProcess.ObjectionInstanceIdOf(run, n)).ToList();
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Id.EndsWith("-objection-1", StringComparison.Ordinal)
            ? new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }
            : task.Id.EndsWith("-objection-3", StringComparison.Ordinal) ? new Dictionary<string, string?> { ["finding"] = "dismiss", ["note"] = "经核查无此事。" }
            : throw new InvalidOperationException("unexpected task " + task.Id), reviews);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        Assert.Equal(
            [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Completed],
            await Task.WhenAll(reviews.Select(async id => (await harness.Host.Client.GetInstanceAsync(id))!.RuntimeStatus)));

        // The upheld objection still stops its promotion; the failed review, like one not looked into, does not.
        await AssertUpheldKeptAndOtherPromotedAsync(harness, done);

        // What the office reads: the school's record and the round's (the report and the office page), each line in Chinese.
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var stored = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        var ofRound = Assert.Single(await store.OfRoundAsync("2026", CancellationToken.None));
        Assert.Equal(["张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）"], stored.Candidates[2].Objections);
        string[] againstHan = [FailedLine, "李老师 13900000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）"];
        Assert.Equal(againstHan, stored.Candidates[3].Objections);
        Assert.Equal(againstHan, ofRound.Candidates[3].Objections);

        // Its row is concluded, so nothing takes it for one still being looked into.
        var row = (await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None)).Single(o => o.Number == 2);
        Assert.Equal((true, null, RenewalProcess.ReviewFailed), (row.Concluded, row.Finding, row.Failure));

        // The audit stream: the failed review's entry with its line, its result (not looked into) and the technical cause.
        var entry = (await harness.Services.GetRequiredService<AuditLogStore>().FindAsync(run.InstanceId, $"{run.InstanceId}-objection-2", CancellationToken.None))!;
        using var payload = JsonDocument.Parse(entry.Payload!);
        Assert.Equal(("objection", "system"), (entry.Kind, entry.Actor));
        Assert.Equal((RenewalProcess.NotLookedInto, FailedLine), (payload.RootElement.GetProperty("result").GetString(), payload.RootElement.GetProperty("line").GetString()));
        Assert.Contains(RefusedMessage, payload.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Round_ReviewFailsStoringTheBureausUphold_ObjectionUpheldFromItsAnsweredTask_PersonNotPromoted()
    {
        // The review fails after the bureau answered its task, at storing the finding: the answer stands all the same.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite, registry => Registered<RefusingConcludedObjectionOne>(registry));
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));

        string review = RenewalProcess.ObjectionInstanceIdOf(run, 1);
        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Id == "deputy-renewal-objection-2026-sch-qc-objection-1"
            ? new Dictionary<string, string?> { ["finding"] = "uphold", ["note"] = "经核查属实。" }
            : throw new InvalidOperationException("unexpected task " + task.Id), [review]);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await harness.Host.Client.GetInstanceAsync(review))!.RuntimeStatus);
        await AssertUpheldKeptAndOtherPromotedAsync(harness, done);

        // Its row and the office's line hold the bureau's finding, note and who answered, not a failed review.
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var row = Assert.Single(await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None));
        Assert.Equal((true, "uphold", "经核查属实。", "stf-3", (string?)null), (row.Concluded, row.Finding, row.Note, row.FoundBy, row.Failure));
        Assert.Equal(["张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）"], (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!.Candidates[2].Objections);

        // The audit entry names who answered and the finding, with the technical cause of the failure.
        var entry = (await harness.Services.GetRequiredService<AuditLogStore>().FindAsync(run.InstanceId, $"{run.InstanceId}-objection-1", CancellationToken.None))!;
        using var payload = JsonDocument.Parse(entry.Payload!);
        Assert.Equal(("objection", "stf-3", "uphold"), (entry.Kind, entry.Actor, payload.RootElement.GetProperty("result").GetString()));
        Assert.Contains(RefusedMessage, payload.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcludeFailedReview_KeepsAConclusionTheReviewStoredBeforeFailing_ConcludesOneStillBeingLookedInto()
    {
        // A review can fail after it stored its finding (at its audit entry): the bureau's finding stands.
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var activities = ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(harness.Services);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        var upheld = new RenewalObjectionFinding("2026", "sch-qc", 1, "stf-42") { Objector = "张老师", Reason = "其在职称评审中材料造假。", Concluded = true, Finding = "uphold", Note = "经核查属实。", FoundBy = "stf-3" };
        var beingLookedInto = new RenewalObjectionFinding("2026", "sch-qc", 2, "stf-42") { Objector = "丙老师 13700000000", Reason = "听说其曾收受家长礼品。" };
        await store.Objections.PutAllAsync([upheld, beingLookedInto], CancellationToken.None);

        var kept = await activities.ConcludeFailedReviewAsync(upheld with { Finding = null, Note = null, FoundBy = null, Failure = RenewalProcess.ReviewFailed }, CancellationToken.None);
        var concluded = await activities.ConcludeFailedReviewAsync(beingLookedInto with { Concluded = true, Failure = RenewalProcess.ReviewFailed }, CancellationToken.None);

        Assert.Equal(upheld, kept);
        Assert.Equal(beingLookedInto with { Concluded = true, Failure = RenewalProcess.ReviewFailed }, concluded);
        Assert.Equal(
            ["张老师：其在职称评审中材料造假。 → 异议属实（经核查属实。）", FailedLine],
            (await store.Objections.OfRecordAsync("2026-sch-qc", CancellationToken.None)).Select(o => o.Line()));
    }

    // 陈主任 (stf-42, the upheld objection) stays a mid-level leader; 韩主任 (stf-43) is promoted, in the output and the directory.
    private static async Task AssertUpheldKeptAndOtherPromotedAsync(TaskHarness harness, OrchestrationMetadata done)
    {
        Assert.Equal(
            [("stf-42", "unchanged", "公示期间异议经核查属实，不予提拔"), ("stf-43", "promoted", "学校建议提拔，教育局同意，公示3个工作日无异议或异议不成立")],
            done.ReadOutputAs<RenewalRecord>()!.Candidates.Skip(2).Select(c => (c.StaffId, c.Result!, c.Why!)));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        Assert.Equal(("mid-level-leader", "vice-principal"), ((await directory.Staff.GetAsync("stf-42", CancellationToken.None))!.Post, (await directory.Staff.GetAsync("stf-43", CancellationToken.None))!.Post));
    }

    private const string RefusedMessage = "the objections' table refused the row";

    // The app's functions, the objection rows' writer replaced by one that refuses objection 2's row while it is being
    // looked into (every attempt); the other writes, and its concluding row, go to the table.
    private static void RefusingObjectionTwo(DurableTaskRegistry registry) => Registered<RefusingObjectionTwoBeingLookedInto>(registry);

    private static void Registered<TWriter>(DurableTaskRegistry registry)
        where TWriter : class, ITaskActivity
    {
        registry.AddDurableFunctions(FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name != DeputyRenewalActivities.SaveObjection)]));
        registry.AddActivity<TWriter>(DeputyRenewalActivities.SaveObjection);
    }

    private abstract class RefusingObjectionRow(DeputyRenewalStore store, Func<RenewalObjectionFinding, bool> refuses) : TaskActivity<RenewalObjectionFinding, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, RenewalObjectionFinding input)
        {
            if (refuses(input))
            {
                throw new InvalidOperationException(RefusedMessage);
            }

            await store.Objections.PutAsync(input, CancellationToken.None);
            return true;
        }
    }

    private sealed class RefusingObjectionTwoBeingLookedInto(DeputyRenewalStore store) : RefusingObjectionRow(store, o => o is { Number: 2, Concluded: false });

    // Refuses objection 1's concluded row: its review fails after the bureau answered.
    private sealed class RefusingConcludedObjectionOne(DeputyRenewalStore store) : RefusingObjectionRow(store, o => o is { Number: 1, Concluded: true });
}
