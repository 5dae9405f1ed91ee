using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Points from the sheet and the objection window, under the fake clock: 东关小学 (sch-a) with its principal stf-pa and
/// two otherwise equal teachers, stf-a1 (优秀、优秀 on the sheet) and stf-a2 (合格、合格); 赵主任 (stf-3) decides objections.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class PointsObjectionTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";

    [Fact]
    public void Rank_TwoExcellentResultsOnTheSheet_RankAboveAnOtherwiseEqualPersonWithTwoCompetent()
    {
        var a1 = Teacher("stf-a1") with { HireDate = new DateOnly(2010, 9, 1), Title = "first-grade" };
        var a2 = Teacher("stf-a2") with { HireDate = new DateOnly(2010, 9, 1), Title = "first-grade" };
        PointsSheetEntry Entry(string id, params string[] results) => new()
        {
            ReallocationId = Id, StaffId = id, Values = new PointsSheetValues(results, 1, 0, 0), By = "stf-3", At = DateTimeOffset.UnixEpoch, Why = "导入",
        };

        // stf-a2 first in the input and by id: only the results can put stf-a1 ahead.
        var ranked = StaffPoints.Rank(
            PointsFormula.Default,
            [StaffPointsActivities.InputOf(a2, Entry("stf-a2", AssessmentResults.Competent, AssessmentResults.Competent)), StaffPointsActivities.InputOf(a1, Entry("stf-a1", AssessmentResults.Excellent, AssessmentResults.Excellent))],
            new DateOnly(2026, 9, 1));
        var noSheet = StaffPoints.Compute(PointsFormula.Default, StaffPointsActivities.InputOf(a1, null), new DateOnly(2026, 9, 1));

        Assert.Equal(["stf-a1", "stf-a2"], ranked.Select(p => p.StaffId));
        Assert.Equal(ranked[1].Total + 4, ranked[0].Total);
        Assert.Equal(ranked[0].Total - 10 - 2, noSheet.Total);
    }

    [Fact]
    public async Task Prepare_ComputesThePointsFromTheSheetOnce_AComputeAfterItChangesNobody()
    {
        await using var harness = await StartHarnessAsync();
        var sheets = harness.Services.GetRequiredService<PointsSheetStore>();
        await sheets.ReviseAsync(Id, "stf-a2", "a2", new([AssessmentResults.Excellent, AssessmentResults.Excellent], 0, 0, 0), PointsSheetApi.ByAdministrator, harness.Time.GetUtcNow(), "导入", CancellationToken.None);
        var start = ReallocationHarness.Start(Id);

        int taking = await ActivatorUtilities.CreateInstance<StaffReallocationActivities>(harness.Services).PrepareAsync(start, CancellationToken.None);
        int changed = await ActivatorUtilities.CreateInstance<StaffPointsActivities>(harness.Services).ComputeAsync(new(Id, start.AsOf), CancellationToken.None);

        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var a1 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
        var a2 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        Assert.Equal(3, taking);
        Assert.Equal(0, changed);
        Assert.Equal(a1.Participant.Points + 10, a2.Participant.Points);
        Assert.True(a2.Participant.PointsRank < a1.Participant.PointsRank);
        Assert.Equal((a2.Participant.Points, a2.Participant.PointsRank), (a2.Breakdown!.Total, a2.Breakdown.Rank));
        Assert.Equal("2026.1", (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record.FormulaVersion);
    }

    [Fact]
    public async Task Compute_OfficeCorrectionsWrittenBetweenTheReadAndTheWrite_SurviveAndThePointsReflectThem()
    {
        await using var harness = await StartHarnessAsync();
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var sheets = harness.Services.GetRequiredService<PointsSheetStore>();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var at = harness.Time.GetUtcNow();
        var start = ReallocationHarness.Start(Id);
        await ActivatorUtilities.CreateInstance<StaffReallocationActivities>(harness.Services).PrepareAsync(start, CancellationToken.None);
        var prepared = (await store.People.OfVersionedAsync(Id, CancellationToken.None)).ToDictionary(p => p.Record.Participant.StaffId, p => (p.Record.Participant.Points, p.Record.Participant.PointsRank));
        // An upheld objection corrected stf-a1's sheet: the computation has stf-a1's and everyone's rank to write.
        await sheets.ReviseAsync(Id, "stf-a1", "a1", new([AssessmentResults.Excellent, AssessmentResults.Excellent], 0, 0, 0), "stf-3", at, "积分异议成立", CancellationToken.None);
        var correction = new TraceEntry(at, "stf-3", "office", "办公室更正：学校已确认其在编在岗");

        // Between the computation's reads and its write, the office corrects stf-a1's row and stf-a2's sheet entry.
        int passes = 0;
        StaffPointsActivities.BeforePointsWrite officeCorrects = async ct =>
        {
            if (passes++ > 0)
            {
                return;
            }

            var read = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), ct))!;
            Assert.NotNull(await store.People.TryReplaceAsync(read.Record with { Trace = [.. read.Record.Trace, correction] }, read.ETag, ct));
            await sheets.ReviseAsync(Id, "stf-a2", "a2", new([AssessmentResults.Excellent, AssessmentResults.Excellent], 3, 0, 0), "stf-3", at, "支教年限补录", ct);
        };
        var points = ActivatorUtilities.CreateInstance<StaffPointsActivities>(harness.Services, officeCorrects);
        int changed = await points.ComputeAsync(new(Id, start.AsOf), CancellationToken.None);
        int again = await ActivatorUtilities.CreateInstance<StaffPointsActivities>(harness.Services).ComputeAsync(new(Id, start.AsOf), CancellationToken.None);

        var a1 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
        var a2 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        var members = (await directory.Staff.AllAsync(CancellationToken.None)).ToDictionary(m => m.Id);
        var sheet = await sheets.SheetOfAsync(Id, CancellationToken.None);
        var expected = StaffPoints.Rank(PointsFormula.Default, new[] { "stf-pa", "stf-a1", "stf-a2" }.Select(id => StaffPointsActivities.InputOf(members[id], sheet.GetValueOrDefault(id))), start.AsOf).ToDictionary(p => p.StaffId);
        Assert.Equal(2, passes);
        Assert.Contains(correction, a1.Trace);
        Assert.Equal((expected["stf-a1"].Total, expected["stf-a1"].Rank), (a1.Participant.Points, a1.Participant.PointsRank));
        Assert.Equal((expected["stf-a2"].Total, expected["stf-a2"].Rank), (a2.Participant.Points, a2.Participant.PointsRank));
        Assert.Equal((a2.Participant.Points, a2.Participant.PointsRank), (a2.Breakdown!.Total, a2.Breakdown.Rank));
        // stf-a2's three years of support teaching (6 points) put them ahead of stf-a1, equal otherwise.
        Assert.Equal(a1.Participant.Points + 6, a2.Participant.Points);
        // Everyone whose points or rank now differ from what Prepare stored was written, and no one else.
        var moved = expected.Values.Where(p => prepared[p.StaffId] != (p.Total, p.Rank)).Select(p => p.StaffId).ToList();
        Assert.Contains("stf-a1", moved);
        Assert.Contains("stf-a2", moved);
        Assert.Equal(moved.Count, changed);
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task RunAsync_ObjectionUpheldInTheWindow_CorrectsTheSheetWithHistory_AndThePointsBeforeAnyRound()
    {
        await using var harness = await StartHarnessAsync();
        var sheets = harness.Services.GetRequiredService<PointsSheetStore>();
        var imported = harness.Time.GetUtcNow();
        await sheets.ReviseAsync(Id, "stf-a1", "a1", new([AssessmentResults.Excellent, AssessmentResults.Excellent], 0, 0, 0), PointsSheetApi.ByAdministrator, imported, "导入", CancellationToken.None);
        await sheets.ReviseAsync(Id, "stf-a2", "a2", new([AssessmentResults.Competent, AssessmentResults.Competent], 0, 0, 0), PointsSheetApi.ByAdministrator, imported, "导入", CancellationToken.None);
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var client = harness.Host.Client;
        var driver = new ProcessDriver(harness, task => task.Kind switch
        {
            "reallocation-points-objection" => new()
            {
                ["decision"] = "uphold", ["assessment1"] = AssessmentResults.Excellent, ["assessment2"] = AssessmentResults.Excellent, ["note"] = "经核对年度考核表，2025、2024年度均为优秀",
            },
            _ => null,
        });

        var started = harness.Time.GetUtcNow();
        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id));
        PersonRecord? a1Before = null, a2Before = null;
        await driver.RunUntilAsync(
            async () =>
            {
                var stage = (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record.Stage;
                if (a2Before is null && stage == PointsObjectionWindow.Stage)
                {
                    a1Before = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
                    a2Before = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
                    await client.RaiseEventAsync(Id, PointsObjectionWindow.ObjectionEvent, new PointsObjection("stf-a2", "2025年度考核应为优秀，有年度考核表为证", "stf-a2"));
                    return false;
                }

                return a2Before is not null && stage == "posts";
            },
            TimeSpan.FromMinutes(3));

        // Points from the sheet: the two 优秀 rank above the two 合格, with the formula version on the reallocation.
        Assert.NotNull(a2Before);
        Assert.True(a1Before!.Participant.PointsRank < a2Before!.Participant.PointsRank);
        Assert.Equal(a2Before.Participant.Points + 4, a1Before.Participant.Points);
        Assert.Equal(["excellent", "excellent"], a1Before.Breakdown!.Items.Where(i => i.Item.StartsWith("assessment-", StringComparison.Ordinal)).Select(i => i.Basis));
        Assert.Equal("2026.1", (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record.FormulaVersion);
        string breakdownMail = (await harness.Outbox.GetAsync($"{Id}.points.stf-a2", CancellationToken.None))!.Record.Text;
        Assert.Contains("最近一年考核", breakdownMail, StringComparison.Ordinal);
        Assert.Contains("合格：3 分", breakdownMail, StringComparison.Ordinal);
        Assert.Contains("/objections?token=", breakdownMail, StringComparison.Ordinal);

        // Decided after the window closed (fake clock), by the owner's task; the sheet corrected with the old values kept.
        var review = Assert.Single(driver.Seen, t => t.Kind == "reallocation-points-objection");
        Assert.Equal("stf-3", review.AssigneeId);
        Assert.Contains(review.Context, f => f.Value == "2025年度考核应为优秀，有年度考核表为证");
        var entry = (await sheets.Entries.GetAsync(PointsSheetEntry.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        Assert.Equal([AssessmentResults.Excellent, AssessmentResults.Excellent], entry.Values.Assessments);
        Assert.Equal("stf-3", entry.By);
        Assert.True(entry.At >= started + StaffReallocationOptions.Default.ObjectionWindow);
        Assert.Equal("积分异议成立：2025年度考核应为优秀，有年度考核表为证", entry.Why);
        var earlier = Assert.Single(entry.History);
        Assert.Equal([AssessmentResults.Competent, AssessmentResults.Competent], earlier.Values.Assessments);
        Assert.Equal((PointsSheetApi.ByAdministrator, "导入"), (earlier.By, earlier.Why));

        // The points changed before any round: equal to stf-a1's now, and the person told with the decision.
        var a2 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        Assert.Equal(a2Before.Participant.Points + 4, a2.Participant.Points);
        Assert.Equal(a1Before.Participant.Points, a2.Participant.Points);
        Assert.Null(a2.Placement);
        Assert.Contains(a2.Trace, t => t.Step == "objection" && t.By == "stf-3" && t.What.Contains("upheld", StringComparison.Ordinal));
        string decided = (await harness.Outbox.GetAsync($"{Id}.objection.stf-a2", CancellationToken.None))!.Record.Text;
        Assert.Contains("异议成立，已更正积分", decided, StringComparison.Ordinal);
        Assert.Contains("优秀：5 分", decided, StringComparison.Ordinal);
        Assert.DoesNotContain(driver.Seen, t => t.Kind == "reallocation-direct-confirm");

        // Each batch of mails went out by one activity (not one per mail), each mail once.
        foreach (string tag in new[] { "points", "objection" })
        {
            var scheduled = (await client.GetOrchestrationHistoryAsync($"{Id}:mail-{tag}:0")).OfType<TaskScheduledEvent>().ToList();
            Assert.Equal(1, scheduled.Count(e => e.Name == EduFlows.Tasks.StaffTaskActivities.SendMails));
            Assert.DoesNotContain(scheduled, e => e.Name == EduFlows.Tasks.StaffTaskActivities.SendMail);
        }

        var breakdowns = harness.SendGrid.Accepted.Select(m => m.OutboxId!).Where(m => m.StartsWith($"{Id}.points.", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{Id}.points.stf-a1", $"{Id}.points.stf-a2", $"{Id}.points.stf-pa"], breakdowns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Window_AnObjectionAfterTheClose_Is409AndRecordsNothing_OneTakenAtTheCloseWhoseEventCameLate_IsDecided()
    {
        // Issue 16, on 3.2: as the window's timer fires the stage is "deciding"; the API refuses from then on, and an
        // objection it took in the window's last second whose event reached the reallocation after the timer is decided.
        await using var harness = await StartHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var api = new PointsObjectionApi(store, null!, harness.Services.GetRequiredService<PointsObjectionLinks>(), harness.Time);
        var client = harness.Host.Client;
        var driver = new ProcessDriver(harness, task => task.Kind == "reallocation-points-objection" ? new() { ["decision"] = "reject", ["note"] = "经核对无误" } : null);
        var window = TimeSpan.FromHours(1);
        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id, StaffReallocationOptions.Default with { ObjectionWindow = window }), PointsObjectionWindow.DecidingStageVersion);
        IResult? inTime = null, late = null;
        ReallocationRecord? open = null, deciding = null;
        await driver.RunUntilAsync(
            async () =>
            {
                var record = (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record;
                if (open is null && record?.Stage == PointsObjectionWindow.Stage)
                {
                    open = record;
                    inTime = await api.ObjectionOfAsync(Id, null, new PointsObjection("stf-a1", "支教年限漏计两年"), client, CancellationToken.None);
                    return false;
                }

                if (deciding is null && record?.Stage == PointsObjectionWindow.DecidingStage)
                {
                    deciding = record;
                    late = await api.ObjectionOfAsync(Id, null, new PointsObjection("stf-a1", "异议期后补交的异议"), client, CancellationToken.None);
                    // Taken by the API in the window's last second, its event reaching the reallocation after the timer.
                    await client.RaiseEventAsync(Id, PointsObjectionWindow.ObjectionEvent, new PointsObjection("stf-a2", "家庭情况未计入", "stf-a2", record.ObjectionsCloseAt!.Value.AddSeconds(-1)));
                    // Not taken before the close (an event of no window): ignored.
                    await client.RaiseEventAsync(Id, PointsObjectionWindow.ObjectionEvent, new PointsObjection("stf-pa", "未经接口提交", "stf-pa", record.ObjectionsCloseAt!.Value));
                    return false;
                }

                return deciding is not null && record?.Stage == "posts";
            },
            TimeSpan.FromMinutes(3));

        Assert.NotNull(open);
        Assert.NotNull(deciding);
        Assert.Equal(open.ObjectionsCloseAt, deciding.ObjectionsCloseAt);
        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(inTime).StatusCode);
        var refused = Assert.IsType<ProblemHttpResult>(late);
        Assert.Equal((409, PointsObjectionApi.WindowClosed), (refused.StatusCode, refused.ProblemDetails.Detail));
        Assert.Contains("reallocationId", System.Text.Json.JsonSerializer.Serialize(refused.ProblemDetails), StringComparison.Ordinal);
        // The objection in the window and the one taken at its close decided; the refused one and the stray event not.
        var reviews = driver.Seen.Where(t => t.Kind == "reallocation-points-objection").ToList();
        Assert.Equal(["家庭情况未计入", "支教年限漏计两年"], reviews.Select(t => t.Context.Single(f => f.Value is "家庭情况未计入" or "支教年限漏计两年" or "异议期后补交的异议" or "未经接口提交").Value).Order(StringComparer.Ordinal));
        Assert.NotNull(await harness.Outbox.GetAsync($"{Id}.objection.stf-a2", CancellationToken.None));
        Assert.Null(await harness.Outbox.GetAsync($"{Id}.objection.stf-pa", CancellationToken.None));
        var a1 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
        Assert.DoesNotContain(a1.Trace, t => t.What.Contains("异议期后补交的异议", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Window_ObjectionTakenASecondBeforeTheClose_ItsEventHeldAndTheTimerTenMinutesLate_IsDecidedOnce_UnderTheDecidingStatus()
    {
        // Issue 16: the API answered 202 a second before the close; its event reaches the reallocation only after the
        // window's timer fired 10 minutes late (past the old 5-minute grace). The close takes in the kept objection.
        await using var harness = await StartHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var held = new HeldEvents(harness.Host.Client);
        var api = new PointsObjectionApi(store, null!, harness.Services.GetRequiredService<PointsObjectionLinks>(), harness.Time);
        var open = await StartKeptAsync(harness);
        var closesAt = open.ObjectionsCloseAt!.Value;
        harness.Time.SetUtcNow(closesAt.AddSeconds(-1));
        var inTime = await api.ObjectionOfAsync(Id, "stf-a2", new PointsObjection("stf-a2", "家庭情况未计入"), held, CancellationToken.None);
        harness.Time.SetUtcNow(closesAt.AddMinutes(10));

        ReallocationProgress? whileDeciding = null;
        var driver = new ProcessDriver(harness, _ => null);
        await driver.RunUntilAsync(
            async () =>
            {
                if (whileDeciding is null && (await harness.Tasks.AllOpenAsync(CancellationToken.None)).SingleOrDefault(t => t.Kind == PointsObjectionTasks.Review.Name) is { } review)
                {
                    whileDeciding = (await harness.Host.Client.GetInstanceAsync(Id, getInputsAndOutputs: true))!.ReadCustomStatusAs<ReallocationProgress>();
                    var outcome = await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, review.AssigneeId, new Dictionary<string, string?> { ["decision"] = "reject", ["note"] = "经核对无误" }, CancellationToken.None);
                    Assert.Equal(SubmitResult.Accepted, outcome.Result);
                    return false;
                }

                return (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record.Stage == "posts";
            },
            TimeSpan.FromMinutes(3));
        // The held event comes now, the window long closed: not a second objection.
        await held.ReleaseAsync();

        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(inTime).StatusCode);
        Assert.Single(held.Released);
        Assert.Equal(new ReallocationProgress(Id, PointsObjectionWindow.DecidingStage, "the bureau decides 1 objection(s) (stf-3)"), whileDeciding);
        var reviews = driver.Seen.Where(t => t.Kind == PointsObjectionTasks.Review.Name).ToList();
        Assert.Equal([AppealRecord.ObjectionTaskId(Id, "stf-a2", 0)], reviews.Select(t => t.Id));
        var record = Assert.Single(await store.AppealsOfAsync(Id, CancellationToken.None));
        Assert.Equal(("stf-a2", "家庭情况未计入", AppealIntake.TakenIn, 0, AppealOutcome.Rejected, "stf-3"), (record.StaffId, record.Reason, record.Intake, record.Number, record.Outcome, record.DecidedBy));
        Assert.Equal(closesAt.AddSeconds(-1), record.LodgedAt!.Value.UtcDateTime);
        Assert.Contains("异议不成立", (await harness.Outbox.GetAsync($"{Id}.objection.stf-a2", CancellationToken.None))!.Record.Text, StringComparison.Ordinal);
        var a2 = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        Assert.Single(a2.Trace, t => t.Step == "objection");
    }

    [Fact]
    public async Task Objection_TheWindowHoldsItsMaximum_The501stIs409InChinese_AndNothingIsKeptOrRaised()
    {
        await using var harness = await StartHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var held = new HeldEvents(harness.Host.Client);
        var api = new PointsObjectionApi(store, null!, harness.Services.GetRequiredService<PointsObjectionLinks>(), harness.Time);
        await StartKeptAsync(harness);
        // The window's other 499, as the API kept them before windows counted their places: the rows alone.
        await PutKeptAsync(store, harness, PointsObjectionWindow.MaxObjections - 1);
        var first = await api.ObjectionOfAsync(Id, null, new PointsObjection("stf-pa", "积分有误"), held, CancellationToken.None);

        var full = await api.ObjectionOfAsync(Id, "stf-a1", new PointsObjection("stf-a1", "支教年限漏计两年"), held, CancellationToken.None);
        var retried = await api.ObjectionOfAsync(Id, null, new PointsObjection("stf-pa", "积分有误"), held, CancellationToken.None);

        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(first).StatusCode);
        var refused = Assert.IsType<ProblemHttpResult>(full);
        Assert.Equal((409, "本次积分异议已达500件上限，不再受理新的异议；如有疑问请联系教育局人事科。"), (refused.StatusCode, refused.ProblemDetails.Detail));
        Assert.Contains("reallocationId", System.Text.Json.JsonSerializer.Serialize(refused.ProblemDetails), StringComparison.Ordinal);
        // The same objection posted again finds the one kept: 202, raised again for the window to count once.
        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(retried).StatusCode);
        var kept = await store.AppealsOfAsync(Id, CancellationToken.None);
        Assert.Equal(PointsObjectionWindow.MaxObjections, kept.Count);
        Assert.DoesNotContain(kept, a => a.StaffId == "stf-a1");
        Assert.Equal(["stf-pa 积分有误", "stf-pa 积分有误"], held.Held.Select(o => $"{o.StaffId} {o.Reason}"));
    }

    [Fact]
    public async Task Objection_EightPostedAtOnceForTheWindowsLastPlace_OneIs202_SevenAre409InChinese_AndTheWindowKeeps500()
    {
        await using var harness = await StartHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var api = new PointsObjectionApi(store, null!, harness.Services.GetRequiredService<PointsObjectionLinks>(), harness.Time);
        await StartKeptAsync(harness);
        await PutKeptAsync(store, harness, PointsObjectionWindow.MaxObjections - 2);
        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(await api.ObjectionOfAsync(Id, null, new PointsObjection("stf-pa", "积分有误"), harness.Host.Client, CancellationToken.None)).StatusCode);

        // Eight of stf-a1's objections, each its own reason, posted together for the one place left.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = Enumerable.Range(1, 8).Select(n => Task.Run(async () =>
        {
            await gate.Task;
            return await api.ObjectionOfAsync(Id, "stf-a1", new PointsObjection("stf-a1", $"第{n}项积分漏计"), harness.Host.Client, CancellationToken.None);
        })).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(posts);

        Assert.Single(answers, a => a is IStatusCodeHttpResult { StatusCode: 202 });
        var refused = answers.OfType<ProblemHttpResult>().ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, r => Assert.Equal((409, "application/problem+json", PointsObjectionApi.WindowFull), (r.StatusCode, r.ContentType, r.ProblemDetails.Detail)));
        Assert.All(refused, r => Assert.Equal("reallocationId", r.ProblemDetails.Extensions["field"]));
        var kept = await store.AppealsOfAsync(Id, CancellationToken.None);
        Assert.Equal(PointsObjectionWindow.MaxObjections, kept.Count);
        Assert.Single(kept, a => a.StaffId == "stf-a1");
    }

    [Fact]
    public async Task Window_PastItsCloseTimeBeforeTheTimerFired_TheFormSaysClosed_MeOffersNoLink_AndAPostIs409()
    {
        await using var harness = await StartHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var links = harness.Services.GetRequiredService<PointsObjectionLinks>();
        var held = new HeldEvents(harness.Host.Client);
        var api = new PointsObjectionApi(store, null!, links, harness.Time);
        var own = ActivatorUtilities.CreateInstance<ReallocationOwnResults>(harness.Services);
        var open = await StartKeptAsync(harness);
        string token = System.Web.HttpUtility.ParseQueryString(links.For(Id, "stf-a1").Query)["token"]!;
        var formOpen = await FormAsync(api, token);
        var meOpen = await own.OfAsync("stf-a1", CancellationToken.None);

        // The reallocation has not yet taken the timer in (held here): its stage still says objections are taken.
        await harness.Host.Client.SuspendInstanceAsync(Id);
        harness.Time.SetUtcNow(open.ObjectionsCloseAt!.Value);
        var formClosed = await FormAsync(api, token);
        var meClosed = await own.OfAsync("stf-a1", CancellationToken.None);
        var late = await api.ObjectionOfAsync(Id, "stf-a1", new PointsObjection("stf-a1", "支教年限漏计两年"), held, CancellationToken.None);

        Assert.Equal(PointsObjectionWindow.Stage, (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record.Stage);
        Assert.Contains("<textarea", formOpen, StringComparison.Ordinal);
        Assert.Equal($"staff-reallocation/{Id}/objections", meOpen.Single(r => r.Kind == "县管校聘积分").Path);
        Assert.DoesNotContain("<textarea", formClosed, StringComparison.Ordinal);
        Assert.Contains($"<p role=\"status\">{PointsObjectionApi.FormClosed}</p>", formClosed, StringComparison.Ordinal);
        var points = meClosed.Single(r => r.Kind == "县管校聘积分");
        Assert.Null(points.Path);
        Assert.DoesNotContain("异议", points.Summary, StringComparison.Ordinal);
        var refused = Assert.IsType<ProblemHttpResult>(late);
        Assert.Equal((409, PointsObjectionApi.WindowClosed), (refused.StatusCode, refused.ProblemDetails.Detail));
        Assert.Empty(await store.AppealsOfAsync(Id, CancellationToken.None));
        Assert.Empty(held.Held);
    }

    // 东关小学 (sch-a) in the directory, 赵主任 (stf-3) deciding.
    private Task<TaskHarness> StartHarnessAsync() => ReallocationHarness.StartAsync(azurite, ReallocationCounty.SchoolA, points: true);

    // Objections of the window as the API kept them (accepted) before windows counted their places: the rows alone.
    private static Task PutKeptAsync(StaffReallocationStore store, TaskHarness harness, int count) =>
        store.Appeals.PutAllAsync(
            Enumerable.Range(1, count).Select(n => new AppealRecord
            {
                ReallocationId = Id, Number = 0, StaffId = $"stf-x{n:D3}", Reason = "积分有误", LodgedAt = harness.Time.GetUtcNow(), Intake = AppealIntake.Accepted,
            }),
            16,
            CancellationToken.None);

    // A reallocation as the API starts one now (objections kept), run to its open objection window of one hour.
    private static async Task<ReallocationRecord> StartKeptAsync(TaskHarness harness)
    {
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        await ReallocationHarness.ScheduleAsync(
            harness.Host.Client,
            ReallocationHarness.Start(Id, StaffReallocationOptions.Default with { ObjectionWindow = TimeSpan.FromHours(1) }, appealsOnRecord: true, objectionsKept: true),
            PointsObjectionWindow.DecidingStageVersion);
        ReallocationRecord? open = null;
        await new ProcessDriver(harness, _ => null).RunUntilAsync(
            async () => (open = (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record) is { Stage: PointsObjectionWindow.Stage, ObjectionsKept: true },
            TimeSpan.FromMinutes(2));
        return open!;
    }

    // The form as a browser with the points mail's link asks for it: the page's HTML.
    private static async Task<string> FormAsync(PointsObjectionApi api, string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = $"/api/staff-reallocation/{Id}/objections";
        context.Request.Headers.Accept = "text/html";
        var page = Assert.IsType<ContentHttpResult>(await api.FormAsync(context.Request, Id, token, CancellationToken.None));
        Assert.Equal(200, page.StatusCode);
        return page.ResponseContent!;
    }

    [Fact]
    public async Task ApplyObjection_PersonEditedAfterTheActivityReadTheRow_KeepsTheEdit_AndAddsTheDecisionOnce()
    {
        var editAfterRead = new EditAfterFirstRead("stf-a2");
        await using var harness = await ReallocationHarness.StartAsync(
            azurite,
            points: true,
            services: (services, storage, hub) =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(editAfterRead, HttpPipelinePosition.PerCall);
                services.AddStaffReallocationServices(new StorageAccount(new TableServiceClient(storage, options), new BlobServiceClient(storage)), hub);
                // The office's own store, outside the activity's pipeline.
                editAfterRead.Office = new StaffReallocationStore(StorageAccount.FromConnectionString(storage), hub);
            });
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        await store.People.PutAsync(new PersonRecord { ReallocationId = Id, Participant = new("stf-a2", "sch-a", "primary", "math", "teacher", 41, 60, 2) }, CancellationToken.None);
        var points = ActivatorUtilities.CreateInstance<StaffPointsActivities>(harness.Services);
        var at = harness.Time.GetUtcNow();
        var decided = new StaffTaskOutcome(StaffTaskResult.Submitted, "t-stf-3", new TaskReceipt("R1", "t-stf-3", "stf-3", at, new Dictionary<string, string> { ["decision"] = "uphold", ["supportTeachingYears"] = "2" }));
        var input = new StaffPointsActivities.ObjectionInput(Id, new PointsObjection("stf-a2", "支教年限漏计两年", "stf-a2"), decided, at, 0);

        // The principal's confirmation lands between the activity's read of the row and its write.
        var first = await points.ApplyObjectionAsync(input, CancellationToken.None);
        // Run again (an activity retried): the decision is on the row once.
        await points.ApplyObjectionAsync(input, CancellationToken.None);

        var person = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record;
        Assert.True(editAfterRead.Edited);
        Assert.True(first.Upheld);
        Assert.True(person.PrincipalConfirmed);
        Assert.Equal(["stf-3 objection points objection (支教年限漏计两年): upheld"], person.Trace.Select(t => $"{t.By} {t.Step} {t.What}"));
        Assert.Equal(2, (await harness.Services.GetRequiredService<PointsSheetStore>().Entries.GetAsync(PointsSheetEntry.IdOf(Id, "stf-a2"), CancellationToken.None))!.Record.Values.SupportTeachingYears);
    }

    private static StaffMember Teacher(string id) => ReallocationCounty.Teacher(id, "sch-a", "math");

    // After the first read of the person's row goes through, the office confirms them (its own write, outside this
    // pipeline): whoever read the row before now holds an old version.
    private sealed class EditAfterFirstRead(string staffId) : HttpPipelinePolicy
    {
        private int _fired;

        public StaffReallocationStore? Office { get; set; }

        public bool Edited { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores call the table service asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.Contains("ReallocationStaff(", StringComparison.Ordinal)
                && Uri.UnescapeDataString(message.Request.Uri.Path).Contains($"RowKey='{staffId}'", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                var read = (await Office!.People.GetAsync(PersonRecord.IdOf(Id, staffId), CancellationToken.None))!;
                Edited = await Office.People.TryReplaceAsync(read.Record with { PrincipalConfirmed = true }, read.ETag, CancellationToken.None) is not null;
            }
        }
    }

    // Raises nothing until released: an objection whose event reaches the reallocation late. Everything else goes through.
    private sealed class HeldEvents(DurableTaskClient inner) : ForwardingDurableTaskClient(inner, "held-events")
    {
        private readonly List<(string InstanceId, string Name, object? Payload)> _held = [];

        public IReadOnlyList<PointsObjection> Held => [.. _held.Select(e => (PointsObjection)e.Payload!)];

        public List<PointsObjection> Released { get; } = [];

        public async Task ReleaseAsync()
        {
            foreach (var (instanceId, name, payload) in _held)
            {
                await Inner.RaiseEventAsync(instanceId, name, payload);
                Released.Add((PointsObjection)payload!);
            }

            _held.Clear();
        }

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        {
            _held.Add((instanceId, eventName, eventPayload));
            return Task.CompletedTask;
        }
    }
}
