using Microsoft.DurableTask.Client;
using System.Text.Json;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>
/// A whole half-year review of a small junior section under a fake clock: records, self-assessments (one never
/// answered, then refused late), surveys, scoring with a missing reviewer and two reviewers out of line, a confirmed and
/// a rejected bonus, and the published scores checked against values computed by hand.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class HalfYearReviewTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset July1At0900 = new(2026, 7, 1, 1, 0, 0, TimeSpan.Zero);

    // Two A-level indicators (60 + 40) over three secondary ones, and a bonus capped at 2 points.
    internal static readonly ResearcherScheme SmallScheme = new(
        "junior",
        0,
        [new("quality", "学科教学质量", 60), new("satisfaction", "基层学校满意度", 40)],
        [
            new("q-lessons", "quality", "听课评课", 20, IndicatorSource.Counted) { RecordKind = RecordKinds.LessonObserved, Target = 10 },
            new("q-teaching", "quality", "课堂教学指导成效", 10, IndicatorSource.Reviewed),
            new("s-effect", "satisfaction", "指导实效", 10, IndicatorSource.Satisfaction),
        ],
        [new("honour", "荣誉表彰", new Dictionary<string, decimal> { ["county"] = 1, ["city"] = 2, ["provincial"] = 3 })],
        2,
        new PanelRule());

    [Fact]
    public async Task AWholeHalfYear_ScoresRanksAndPublishes_AsComputedByHand()
    {
        await using var harness = await StartAsync(azurite);
        var store = harness.Services.GetRequiredService<ResearcherReviewStore>();
        var scheme = await store.SaveSchemeAsync(SmallScheme, "office", July1At0900, CancellationToken.None);
        await LogAsync(store, "r1", RecordKinds.LessonObserved, 8);
        await LogAsync(store, "r2", RecordKinds.LessonObserved, 12);
        await LogAsync(store, "r1", RecordKinds.SchoolVisit, 1, "s1");
        await LogAsync(store, "r1", RecordKinds.SchoolVisit, 1, "s2");
        await LogAsync(store, "r2", RecordKinds.SchoolVisit, 1, "s1");
        await LogAsync(store, "r2", RecordKinds.LessonObserved, 3, date: new DateOnly(2026, 7, 1));  // next half: not counted

        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name, new ReviewRequest("junior", 2026, 1) { SchemeVersion = scheme.Version }, new StartOrchestrationOptions("researcher-review-2026H1-junior"));

        // Self-assessments and surveys: r3 never answers; r1 claims a provincial honour, r2 a city one.
        var collection = await harness.WaitForOpenTasksAsync(6, t => t.Id.StartsWith("rr-2026H1-junior-s", StringComparison.Ordinal));
        Assert.Equal(
            ["rr-2026H1-junior-self-r1", "rr-2026H1-junior-self-r2", "rr-2026H1-junior-self-r3", "rr-2026H1-junior-survey-p1-r1", "rr-2026H1-junior-survey-p1-r2", "rr-2026H1-junior-survey-p2-r1"],
            collection.Select(t => t.Id));
        Assert.Equal(["summary", "evidence", "honour", "honour-detail", "honour-2", "honour-2-detail"], collection[0].Fields!.Select(f => f.Name));
        await SubmitAsync(harness, "rr-2026H1-junior-self-r1", "r1", ("summary", "完成听课与下校指导。"), ("honour", "provincial"), ("honour-detail", "省级教学能手"));
        await SubmitAsync(harness, "rr-2026H1-junior-self-r2", "r2", ("summary", "组织区域教研活动。"), ("honour", "city"), ("honour-detail", "市级优秀教研员"));
        await SubmitAsync(harness, "rr-2026H1-junior-survey-p1-r1", "p1", ("s-effect", "5"));
        await SubmitAsync(harness, "rr-2026H1-junior-survey-p2-r1", "p2", ("s-effect", "4"));
        await SubmitAsync(harness, "rr-2026H1-junior-survey-p1-r2", "p1", ("s-effect", "3"));
        var status = await WaitForCustomStatusAsync(harness, id, s => s.GetProperty("openTasks").GetInt32() == 1);
        Assert.Equal("self-assessment-and-survey", status.GetProperty("stage").GetString());
        harness.Time.SetUtcNow(collection[0].DueAt);

        // Scoring: everyone but themselves; r3 never scores r2.
        var scoring = await harness.WaitForOpenTasksAsync(9, t => t.Kind == ReviewTaskKinds.Scoring.Name);
        var late = await harness.Desk.SubmitAsync(harness.Host.Client, "rr-2026H1-junior-self-r3", "r3", Values(("summary", "迟交的自评")), CancellationToken.None);
        Assert.Equal(SubmitResult.Closed, late.Result);
        Assert.DoesNotContain(scoring, t => t.AssigneeId == t.Id[^2..]);
        Assert.Equal(
            ["o1-r1", "o1-r2", "o1-r3", "r1-r2", "r1-r3", "r2-r1", "r2-r3", "r3-r1", "r3-r2"],
            scoring.Select(t => t.Id["rr-2026H1-junior-score-".Length..]));
        foreach (var (reviewer, researcher, points) in new[] { ("r2", "r1", "8"), ("r3", "r1", "9"), ("o1", "r1", "7"), ("r1", "r2", "6"), ("o1", "r2", "8"), ("r1", "r3", "5"), ("r2", "r3", "6"), ("o1", "r3", "10") })
        {
            await SubmitAsync(harness, $"rr-2026H1-junior-score-{reviewer}-{researcher}", reviewer, ("q-teaching", points));
        }

        harness.Time.SetUtcNow(scoring[0].DueAt);

        // The office confirms r1's honour and rejects r2's.
        var bonus = await harness.WaitForOpenTasksAsync(2, t => t.Kind == ReviewTaskKinds.BonusDecision.Name);
        Assert.All(bonus, t => Assert.Equal("o1", t.AssigneeId));
        await SubmitAsync(harness, "rr-2026H1-junior-bonus-r1", "o1", ("honour", "confirm"), ("honour-reason", "证书已核实"));
        await SubmitAsync(harness, "rr-2026H1-junior-bonus-r2", "o1", ("honour", "reject"), ("honour-reason", "证书不在考核期内"));
        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var results = await store.ResultsOfAsync(id, CancellationToken.None);
        var (r1, r2, r3) = (results[0], results[1], results[2]);

        // r1: lessons 8/10 of 20 = 16; teaching mean(8, 9, 7) = 8; quality 60 x 24/30 = 48.
        //     survey mean(5, 4) = 4.5 -> 9 of 10; satisfaction 40 x 9/10 = 36. Base 84; provincial honour 3, capped at 2. Total 86.
        Assert.Equal(("r1", 1, 86m, 84m, 2m), (r1.ResearcherId, r1.Rank, r1.Total, r1.BaseScore, r1.BonusPoints));
        Assert.Equal([48m, 36m], r1.LevelA.Select(a => a.Score));
        Assert.Equal([16m, 8m, 9m], r1.Indicators.Select(i => i.Points));
        Assert.Equal(new BonusOutcome("honour", "provincial", "省级教学能手", "confirmed", "证书已核实", 3), Assert.Single(r1.Bonuses));
        Assert.Empty(r1.Flags);

        // r2: lessons 12 capped at 10 = 20; teaching mean(6, 8) = 7 (r3 never scored); quality 60 x 27/30 = 54.
        //     survey 3 -> 6; satisfaction 40 x 6/10 = 24. Base 78; city honour rejected. Total 78.
        Assert.Equal(("r2", 2, 78m, 78m, 0m), (r2.ResearcherId, r2.Rank, r2.Total, r2.BaseScore, r2.BonusPoints));
        Assert.Equal([20m, 7m, 6m], r2.Indicators.Select(i => i.Points));
        Assert.Equal(("rejected", "证书不在考核期内", 0m), (r2.Bonuses[0].Decision, r2.Bonuses[0].Reason, r2.Bonuses[0].Points));

        // r3: no records = 0; teaching mean(5, 6, 10) = 7; quality 60 x 7/30 = 14.
        //     no school served, so nobody to survey: satisfaction 0, flagged. Total 14.
        Assert.Equal(("r3", 3, 14m), (r3.ResearcherId, r3.Rank, r3.Total));
        Assert.Equal([0m, 7m, 0m], r3.Indicators.Select(i => i.Points));
        Assert.Equal(["no-school-served", "self-assessment-missing"], r3.Flags.Select(f => f.Code));

        // r1 gave r3 5 and o1 gave r3 10 while the others averaged 8 and 5.5: both more than 2 points (20% of 10) out.
        var review = (await store.Reviews.GetAsync(id, CancellationToken.None))!.Record;
        var flags = (await store.ResultRowsOfAsync(id, CancellationToken.None)).SelectMany(r => r.ReviewerFlags);
        Assert.Equal([("o1", "r3", 10m, 5.5m), ("r1", "r3", 5m, 8m)], flags.Select(f => (f.ReviewerId, f.ResearcherId, f.Points, f.OthersMean)).Order());
        Assert.NotNull(review.PublishedAt);

        // Each researcher is mailed their own breakdown only; the office gets the ranked table.
        var mails = harness.SendGrid.Accepted;
        var own = mails.Where(m => m.Subject.StartsWith("【考核结果】", StringComparison.Ordinal)).ToDictionary(m => m.To);
        string r1Mail = own["zhou.min@qz.example.cn"].ContentOf("text/plain");
        Assert.Contains("您的总分为 86 分（基础分 84，加分 2），在本学段 3 名教研员中排名第 1。", r1Mail, StringComparison.Ordinal);
        Assert.DoesNotContain("吴强", r1Mail, StringComparison.Ordinal);
        Assert.DoesNotContain("郑洁", r1Mail, StringComparison.Ordinal);
        Assert.Contains("说明：指导实效：本半年记录中无服务学校，无人可测评，计 0 分。", own["zheng.jie@qz.example.cn"].ContentOf("text/plain"), StringComparison.Ordinal);
        var ranking = Assert.Single(mails, m => m.Subject.StartsWith("【考核汇总】", StringComparison.Ordinal));
        Assert.Equal("zhao.office@qz.example.cn", ranking.To);
        Assert.Contains("第 1 名 周敏：86 分", ranking.ContentOf("text/plain"), StringComparison.Ordinal);
        Assert.Contains("第 3 名 郑洁：14 分", ranking.ContentOf("text/plain"), StringComparison.Ordinal);
        Assert.Contains("评分偏离提示：评审赵主任对郑洁的“课堂教学指导成效”打 10 分，其他评审平均 5.5 分。", ranking.ContentOf("text/plain"), StringComparison.Ordinal);

        // Issue 17: the published results go by a SendMails batch, not one activity per mail (each task's own mail still goes with its task).
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e is global::DurableTask.Core.History.TaskScheduledEvent { Name: StaffTaskActivities.SendMails });
    }

    [Fact]
    public async Task ASchemeChangedDuringAReview_DoesNotChangeThatReview()
    {
        await using var harness = await StartAsync(azurite);
        var store = harness.Services.GetRequiredService<ResearcherReviewStore>();
        await store.SaveSchemeAsync(SmallScheme, "office", July1At0900, CancellationToken.None);
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name, new ReviewRequest("junior", 2026, 1), new StartOrchestrationOptions("researcher-review-2026H1-junior"));
        var collection = await harness.WaitForOpenTasksAsync(3, t => t.Kind == ReviewTaskKinds.SelfAssessment.Name);

        var changed = await store.SaveSchemeAsync(
            SmallScheme with { Indicators = [.. SmallScheme.Indicators, new("q-extra", "quality", "新增指标", 5, IndicatorSource.Reviewed)] }, "office", July1At0900, CancellationToken.None);
        harness.Time.SetUtcNow(collection[0].DueAt);
        var scoring = await harness.WaitForOpenTasksAsync(9, t => t.Kind == ReviewTaskKinds.Scoring.Name);
        var review = (await store.Reviews.GetAsync(id, CancellationToken.None))!.Record;

        Assert.Equal(3, changed.Version);
        Assert.Equal(2, review.SchemeVersion);
        Assert.All(scoring, t => Assert.Equal(["q-teaching", "comment"], t.Fields!.Select(f => f.Name)));
        await harness.Host.Client.TerminateInstanceAsync(id, "test over");
    }

    [Fact]
    public async Task TheOfficeHeadsOwnBonusClaim_IsDecidedByOrganisationAndPersonnel_NotByThemselves()
    {
        await using var harness = await StartAsync(azurite);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-hr", "组织人事科", "hr1")], CancellationToken.None);
        await directory.Staff.ApplyAsync([new StaffMember { Id = "hr1", Name = "钱科长", Gender = "male", Email = "qian.hr@qz.example.cn", DepartmentId = "dep-hr", Post = "bureau-cadre" }], CancellationToken.None);
        var store = harness.Services.GetRequiredService<ResearcherReviewStore>();
        var scheme = await store.SaveSchemeAsync(SmallScheme, "office", July1At0900, CancellationToken.None);
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name,
            new ReviewRequest("junior", 2026, 1) { SchemeVersion = scheme.Version, OfficeId = "r1" },
            new StartOrchestrationOptions("researcher-review-2026H1-junior"));

        var self = await harness.WaitForOpenTasksAsync(3, t => t.Kind == ReviewTaskKinds.SelfAssessment.Name);
        await SubmitAsync(harness, "rr-2026H1-junior-self-r1", "r1", ("summary", "主持教研室工作。"), ("honour", "city"), ("honour-detail", "市级优秀教研员"));
        await SubmitAsync(harness, "rr-2026H1-junior-self-r2", "r2", ("summary", "组织区域教研活动。"), ("honour", "county"));
        harness.Time.SetUtcNow(self[0].DueAt);
        var scoring = await harness.WaitForOpenTasksAsync(6, t => t.Kind == ReviewTaskKinds.Scoring.Name);
        harness.Time.SetUtcNow(scoring[0].DueAt);
        var decisions = await harness.WaitForOpenTasksAsync(2, t => t.Kind == ReviewTaskKinds.BonusDecision.Name);

        Assert.Equal([("rr-2026H1-junior-bonus-r1", "hr1"), ("rr-2026H1-junior-bonus-r2", "r1")], decisions.Select(t => (t.Id, t.AssigneeId)));
        await harness.Host.Client.TerminateInstanceAsync(id, "test over");
    }

    internal static async Task<TaskHarness> StartAsync(AzuriteFixture azurite)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddAll(ReviewTaskKinds.All),
            (services, storage, hub) => services.AddSingleton(new ResearcherReviewStore(storage, hub)).AddSingleton(new ResearcherReviewOptions { CollectionDays = 7 }),
            July1At0900);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-tr", "教研室", "o1", TeachingResearchOffice: true)], CancellationToken.None);
        await directory.Schools.ApplyAsync([new School("s1", "弥河中心初级中学", "junior", "弥河镇", true, "p1"), new School("s2", "王府初级中学", "junior", "王府街道", false, "p2")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                Researcher("r1", "周敏", "zhou.min@qz.example.cn"),
                Researcher("r2", "吴强", "wu.qiang@qz.example.cn"),
                Researcher("r3", "郑洁", "zheng.jie@qz.example.cn"),
                new StaffMember { Id = "o1", Name = "赵主任", Gender = "male", Email = "zhao.office@qz.example.cn", DepartmentId = "dep-tr", Post = "bureau-cadre" },
                new StaffMember { Id = "p1", Name = "钱校长", Gender = "male", Email = "qian.principal@qz.example.cn", SchoolId = "s1", Post = "principal" },
                new StaffMember { Id = "p2", Name = "孙校长", Gender = "female", Email = "sun.principal@qz.example.cn", SchoolId = "s2", Post = "principal" },
            ],
            CancellationToken.None);
        return harness;
    }

    internal static StaffMember Researcher(string id, string name, string email) =>
        new() { Id = id, Name = name, Gender = "female", Email = email, DepartmentId = "dep-tr", Post = "researcher", Section = "junior" };

    internal static async Task LogAsync(ResearcherReviewStore store, string researcherId, string kind, int count, string? schoolId = null, DateOnly? date = null)
    {
        for (int i = 0; i < count; i++)
        {
            await store.Records.TryAddAsync(
                new ProcessRecord
                {
                    Id = $"rec-{Guid.NewGuid():N}",
                    ResearcherId = researcherId,
                    Kind = kind,
                    Date = date ?? new DateOnly(2026, 3, 1).AddDays(i),
                    SchoolId = schoolId,
                    Description = "记录",
                    CreatedAt = July1At0900,
                    CreatedBy = researcherId,
                },
                CancellationToken.None);
        }
    }

    internal static async Task SubmitAsync(TaskHarness harness, string taskId, string staffId, params (string Field, string Value)[] values)
    {
        var outcome = await harness.Desk.SubmitAsync(harness.Host.Client, taskId, staffId, Values(values), CancellationToken.None);
        Assert.True(outcome.Result == SubmitResult.Accepted, $"{taskId}: {outcome.Result} {string.Join("; ", outcome.Errors.Select(e => e.Field + " " + e.Reason))}");
    }

    private static Dictionary<string, string?> Values(params (string Field, string Value)[] values) => values.ToDictionary(v => v.Field, v => (string?)v.Value);

    private static async Task<JsonElement> WaitForCustomStatusAsync(TaskHarness harness, string id, Func<JsonElement, bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var meta = await harness.Host.Client.GetInstanceAsync(id, cancellation: cts.Token);
            if (meta?.SerializedCustomStatus is { } json && JsonDocument.Parse(json).RootElement is var status && condition(status))
            {
                return status;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
