using System.Text.Json;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// A year's case contest under the fake clock: submissions until their timer, blind review tasks (no author, no school,
/// nobody scoring their own case), the shared scoring panel's mean, and awards by rank naming the authors at last.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CaseContestTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Contest_BlindReviewByThePanel_ScoresCombinedAndAwardsByRank()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        await harness.EnrolAsync("stf-701", "stf-702", "stf-703", "stf-704");
        var desk = harness.AssociationDesk();
        var client = harness.Host.Client;
        var start = harness.Time.GetUtcNow();
        var form = new ContestForm("2026年度班主任优秀案例评比", start.AddDays(5), start.AddDays(12), ["stf-2", "stf-3", "stf-704"], Awards: new AwardTiers(1, 1, 1), OwnerId: "stf-3");

        Assert.Equal(201, (await desk.DefineContestAsync(client, "2026", form, CancellationToken.None)).Status);
        var codes = new List<string>();
        foreach (var (author, title) in new[] { ("stf-701", "用班级公约化解冲突"), ("stf-702", "留守儿童的周末"), ("stf-703", "一次家长会的改变"), ("stf-704", "从“问题学生”到班长") })
        {
            var submitted = await desk.SubmitCaseAsync("2026", new CaseForm(author, title, $"{title}：做法、过程与反思。"), CancellationToken.None);
            Assert.Equal(201, submitted.Status);
            codes.Add(((ContestEntry)submitted.Value!).Code);
        }

        var twice = await desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "第二篇", "摘要"), CancellationToken.None);
        var notMember = await desk.SubmitCaseAsync("2026", new CaseForm("stf-705", "题目", "摘要"), CancellationToken.None);
        var noSummary = await desk.SubmitCaseAsync("2026", new CaseForm("stf-703", "题目", " "), CancellationToken.None);
        harness.Time.SetUtcNow(form.SubmissionsClose!.Value);
        var late = await desk.SubmitCaseAsync("2026", new CaseForm("stf-703", "迟交的案例", "摘要"), CancellationToken.None);
        var tasks = await harness.WaitForOpenTasksAsync(3, t => t.Kind == AssociationTasks.CaseReview.Name);

        // What each reviewer's form shows: by number, title and summary; no author, no school, not one's own case.
        var authors = AssociationHarness.HeadTeachers.Take(4).Select((h, i) => (Code: codes[i], h.Id, h.Name, h.School)).ToList();
        foreach (var task in tasks)
        {
            string shown = JsonSerializer.Serialize(task) + JsonSerializer.Serialize(task.Context) + JsonSerializer.Serialize(task.Fields);
            var onForm = task.Fields!.Where(f => f.Name.StartsWith("caseA", StringComparison.Ordinal)).Select(f => f.Name["case".Length..]).ToList();
            Assert.Equal(task.AssigneeId == "stf-704" ? new[] { "A01", "A02", "A03" } : new[] { "A01", "A02", "A03", "A04" }, onForm);
            foreach (var author in authors.Where(a => onForm.Contains(a.Code)))
            {
                Assert.DoesNotContain(author.Name, shown, StringComparison.Ordinal);
                Assert.DoesNotContain(author.School, shown, StringComparison.Ordinal);
                Assert.DoesNotContain(author.Id, shown, StringComparison.Ordinal);
            }
        }

        var scores = new Dictionary<string, Dictionary<string, string?>>
        {
            ["stf-2"] = new() { ["caseA01"] = "90", ["caseA02"] = "80", ["caseA03"] = "70", ["caseA04"] = "60" },
            ["stf-3"] = new() { ["caseA01"] = "86", ["caseA02"] = "84", ["caseA03"] = "72", ["caseA04"] = "50", ["comment"] = "整体质量较高。" },
            ["stf-704"] = new() { ["caseA01"] = "88", ["caseA02"] = "82", ["caseA03"] = "65" },
        };
        foreach (var task in tasks)
        {
            Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(client, task.Id, task.AssigneeId, scores[task.AssigneeId], CancellationToken.None)).Result);
        }

        var done = await client.WaitForInstanceCompletionAsync(CaseContest.InstanceIdOf("2026"), getInputsAndOutputs: true);
        var contest = (await harness.AssociationStore().Contests.GetAsync("2026", CancellationToken.None))!.Record;

        Assert.Equal(["A01", "A02", "A03", "A04"], codes);
        Assert.Equal((409, "authorId"), (twice.Status, twice.Errors[0].Field));
        Assert.Equal((422, "authorId"), (notMember.Status, notMember.Errors[0].Field));
        Assert.Equal((422, "summary"), (noSummary.Status, noSummary.Errors[0].Field));
        Assert.Equal((410, "contestId"), (late.Status, late.Errors[0].Field));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ContestStatus.Awarded, contest.Status);
        Assert.Equal(
            ["1 A01 陈晓梅 东关小学 88.00 3 一等奖", "2 A02 刘建国 弥河初级中学 82.00 3 二等奖", "3 A03 马丽娟 旗城学校 69.00 3 三等奖", "4 A04 杜文斌 西苑小学 55.00 2 -"],
            contest.Results.Select(r => $"{r.Rank} {r.Code} {r.AuthorName} {r.SchoolName} {r.Score:0.00} {r.Reviewers} {r.Award ?? "-"}"));
        Assert.Contains("平均分", contest.RuleApplied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitCase_TwiceAtOnceByOneAuthor_OneCaseIsKeptTheOtherRefused_AndNoNumberIsSpent()
    {
        var gate = new TableRequestGate();
        var (harness, _) = await AssociationHarness.StartAsync(azurite, gate);
        await using var _ = harness;
        var (desk, store) = await ContestAsync(harness);

        // The first submit is held just before its case is written; the same author's second submit comes meanwhile.
        var held = gate.HoldFirst("first", r => TableRequestGate.Writes(r, "HtaEntries"));
        var first = Task.Run(() =>
        {
            TableRequestGate.Enter("first");
            return desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "用班级公约化解冲突", "做法、过程与反思。"), CancellationToken.None);
        });
        await held.Reached;
        var second = await desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "留守儿童的周末", "做法、过程与反思。"), CancellationToken.None);
        held.Release();
        var firstResult = await first;
        var next = await desk.SubmitCaseAsync("2026", new CaseForm("stf-702", "一次家长会的改变", "做法、过程与反思。"), CancellationToken.None);
        var entries = await store.EntriesOfAsync("2026", CancellationToken.None);
        var contest = (await store.Contests.GetAsync("2026", CancellationToken.None))!.Record;

        Assert.Equal([201, 409], new[] { firstResult.Status, second.Status }.Order());
        var refused = firstResult.Status == 409 ? firstResult : second;
        Assert.Equal(("authorId", "陈晓梅已提交案例 A01，每人每年限报一篇。"), (refused.Errors[0].Field, refused.Errors[0].ReasonFor("zh-CN")));
        Assert.Equal((201, "A02"), (next.Status, ((ContestEntry)next.Value!).Code));
        Assert.Equal(["A01 stf-701", "A02 stf-702"], entries.Select(e => $"{e.Code} {e.AuthorId}"));
        Assert.Equal(2, contest.Entries);
    }

    [Fact]
    public async Task SubmitCase_CaseWriteFailsAfterItsNumberIsGiven_TheAuthorsNextSubmitWritesItUnderThatNumber()
    {
        var gate = new TableRequestGate();
        var (harness, _) = await AssociationHarness.StartAsync(azurite, gate);
        await using var _ = harness;
        var (desk, store) = await ContestAsync(harness);

        var failing = gate.HoldFirst("first", r => TableRequestGate.Writes(r, "HtaEntries"));
        var first = Task.Run(() =>
        {
            TableRequestGate.Enter("first");
            return desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "用班级公约化解冲突", "做法、过程与反思。"), CancellationToken.None);
        });
        await failing.Reached;
        failing.Fail();
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => first);
        var again = await desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "用班级公约化解冲突", "做法、过程与反思。"), CancellationToken.None);
        var twice = await desk.SubmitCaseAsync("2026", new CaseForm("stf-701", "第二篇", "摘要"), CancellationToken.None);
        var next = await desk.SubmitCaseAsync("2026", new CaseForm("stf-702", "一次家长会的改变", "做法、过程与反思。"), CancellationToken.None);
        var entries = await store.EntriesOfAsync("2026", CancellationToken.None);

        Assert.Equal((201, "A01"), (again.Status, ((ContestEntry)again.Value!).Code));
        Assert.Equal((409, "authorId"), (twice.Status, twice.Errors[0].Field));
        Assert.Equal((201, "A02"), (next.Status, ((ContestEntry)next.Value!).Code));
        Assert.Equal(["A01 stf-701 用班级公约化解冲突", "A02 stf-702 一次家长会的改变"], entries.Select(e => $"{e.Code} {e.AuthorId} {e.Title}"));
    }

    private static async Task<(AssociationDesk Desk, AssociationStore Store)> ContestAsync(TaskHarness harness)
    {
        await harness.EnrolAsync("stf-701", "stf-702");
        var desk = harness.AssociationDesk();
        var start = harness.Time.GetUtcNow();
        var form = new ContestForm("2026年度班主任优秀案例评比", start.AddDays(5), start.AddDays(12), ["stf-2", "stf-3"], OwnerId: "stf-3");
        Assert.Equal(201, (await desk.DefineContestAsync(harness.Host.Client, "2026", form, CancellationToken.None)).Status);
        return (desk, harness.AssociationStore());
    }
}
