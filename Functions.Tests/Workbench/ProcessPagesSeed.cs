using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
using EduFlows.Processes.Samples;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>Stored process state for the office's process pages: what the processes would have written, without running them.</summary>
internal static class ProcessPagesSeed
{
    public const string ReviewId = "researcher-review-2026H1-primary";

    /// <summary>A published primary review of three researchers, one with a name a spreadsheet would take for a formula, and one open overdue scoring task.</summary>
    public static async Task SeedReviewAsync(this TaskAppFactory app)
    {
        var store = app.Services.GetRequiredService<ResearcherReviewStore>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var period = new ReviewPeriod(2026, 1);
        ReviewedResearcher[] researchers = [new("stf-r1", "郑教研"), new("stf-r2", "=1+1孙"), new("stf-r3", "李教研")];
        await store.Reviews.PutAsync(
            new ReviewRecord
            {
                Id = ReviewId, Section = "primary", Period = period, SchemeVersion = 1, Researchers = researchers,
                Reviewers = [new("stf-r1", "郑教研"), new("stf-r2", "=1+1孙"), new("stf-h1", "吴主任")], OfficeId = "stf-h1",
                StartedAt = now.AddDays(-20), PublishedAt = now.AddDays(-1),
            },
            CancellationToken.None);
        await store.Results.PutAsync(Row(Result("stf-r2", "=1+1孙", 1, 30, 28, 8, 20, imputed: false, "+加分待审")), CancellationToken.None);
        await store.Results.PutAsync(Row(Result("stf-r1", "郑教研", 2, 26, 36, 7, 19, imputed: true, null)) with { ReviewerFlags = [new ReviewerFlag("stf-h1", "stf-r1", "lessons", 2, 8.5m)] }, CancellationToken.None);
        await store.Results.PutAsync(Row(Result("stf-r3", "李教研", 3, 20, 20, 5, 15, imputed: false, null)), CancellationToken.None);
        await app.KeepPendingAsync(ReviewId);
        await app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(
            new StaffTask
            {
                Id = ReviewId + ".score.stf-r3.stf-r1", Kind = "researcher-scoring", AssigneeId = "stf-r3", AssigneeName = "李教研",
                InstanceId = ReviewId, EventName = "scored", Subject = "为郑教研评分", Culture = "zh-CN", CreatedAt = now.AddDays(-5), DueAt = now.AddHours(-2),
            },
            CancellationToken.None);

        ResearcherResultRecord Row(ResearcherResult result) => new(ReviewId, "primary", period, result);
    }

    /// <summary>
    /// 2026's first quarter of monthly reports for 办公室 (dep-01), 教研室 (dep-02) and a department known only from its
    /// results, named like a formula (dep-09); 办公室's first duty review; and 2025 and 2026 results in which 教研室 is
    /// last both years under the same head.
    /// </summary>
    public static async Task SeedAssessmentAsync(this TaskAppFactory app)
    {
        var store = app.Services.GetRequiredService<AssessmentStore>();
        (string Department, string Head, decimal[] Deductions)[] reports = [("dep-01", "stf-h1", [0, 5, 0]), ("dep-02", "stf-r1", [0, 0, 2]), ("dep-09", "stf-9", [0, 0, 0])];
        foreach (var (department, head, deductions) in reports)
        {
            for (int month = 1; month <= 3; month++)
            {
                await store.MonthlyReports.PutAsync(
                    new MonthlyReport { Year = 2026, Month = month, DepartmentId = department, HeadId = head, Standing = deductions[month - 1] > 0 ? ReportStanding.Late : ReportStanding.OnTime, Deduction = deductions[month - 1] },
                    CancellationToken.None);
            }
        }

        await store.DutyReviews.PutAsync(new DutyReview { Year = 2026, Half = 1, DepartmentId = "dep-01", HeadId = "stf-h1", Score = 85 }, CancellationToken.None);
        foreach (var result in new[]
        {
            Year(2025, "dep-01", "办公室", "stf-h1", 950, 1, false), Year(2025, "dep-09", "=2+3科", "stf-9", 920, 2, false), Year(2025, "dep-02", "教研室", "stf-r1", 900, 3, true),
            Year(2026, "dep-09", "=2+3科", "stf-9", 960, 1, false), Year(2026, "dep-01", "办公室", "stf-h1", 930, 2, false), Year(2026, "dep-02", "教研室", "stf-r1", 880, 3, true),
        })
        {
            await store.YearResults.PutAsync(result, CancellationToken.None);
        }

        static YearResult Year(int year, string id, string name, string head, decimal total, int rank, bool last) => new()
        {
            Year = year, DepartmentId = id, DepartmentName = name, HeadId = head, HeadMonths = 12, HeadAccountable = true,
            Score = new DepartmentScore(id, total - 400, 500 - (total - 400), 100, 300, total, rank, last),
        };
    }

    public const string BatchId = "2026-11";

    /// <summary>
    /// A confirmed batch at 实验小学跟岗基地 (mentor 陈校长) whose week began three days ago: 王芳 present on day 1,
    /// absent on day 2, unrecorded and overdue on day 3, journal of day 1 in and of day 2 expired; 郑教研 with day 1 done.
    /// </summary>
    public static async Task<DateOnly> SeedBatchAsync(this TaskAppFactory app)
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var monday = app.Services.GetRequiredService<BureauClock>().DateOf(now).AddDays(-3);
        await app.Services.GetRequiredService<ShadowTrainingStore>().Batches.PutAsync(
            new ShadowBatch
            {
                Id = BatchId, WeekStart = monday, Status = BatchStatus.Confirmed,
                Candidates = [new("stf-1", "王芳", "sch-001", "实验小学", "primary"), new("stf-r1", "郑教研", "sch-002", "石梁镇中心学校", "primary")],
                Bases = [new("base-1", "实验小学跟岗基地", "sch-001", "primary", 8, "stf-p1")],
                Placements = [new("stf-1", "base-1", "同学段"), new("stf-r1", "base-1", "同学段")],
            },
            CancellationToken.None);
        await app.KeepPendingAsync("shadow-training-" + BatchId + ":stf-1");
        var tasks = app.Services.GetRequiredService<StaffTaskStore>();
        string Day(int i) => monday.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (string Kind, string Trainee, string Part, StaffTaskStatus Status, string? Attendance, int DueHours)[] week =
        [
            ("shadow-attendance", "stf-1", Day(0), StaffTaskStatus.Submitted, "present", -60),
            ("shadow-attendance", "stf-1", Day(1), StaffTaskStatus.Submitted, "absent", -36),
            ("shadow-attendance", "stf-1", Day(2), StaffTaskStatus.Open, null, -2),
            ("shadow-journal", "stf-1", Day(0), StaffTaskStatus.Submitted, null, -50),
            ("shadow-journal", "stf-1", Day(1), StaffTaskStatus.Expired, null, -26),
            ("shadow-attendance", "stf-r1", Day(0), StaffTaskStatus.Submitted, "present", -60),
            ("shadow-journal", "stf-r1", Day(0), StaffTaskStatus.Submitted, null, -50),
        ];
        foreach (var (kind, trainee, part, status, attendance, due) in week)
        {
            await tasks.CreateAsync(
                new StaffTask
                {
                    Id = $"{kind}-{BatchId}-{trainee}-{part}", Kind = kind, AssigneeId = kind == "shadow-attendance" ? "stf-p1" : trainee, AssigneeName = "某人",
                    InstanceId = "shadow-training-" + BatchId + ":" + trainee, EventName = "done", Subject = "跟岗培训", Culture = "zh-CN",
                    CreatedAt = now.AddDays(-4), DueAt = now.AddHours(due), Status = status,
                    Values = attendance is null ? null : new Dictionary<string, string> { ["attendance"] = attendance },
                },
                CancellationToken.None);
        }

        return monday;
    }

    // The tasks' sweep cancels open tasks whose instance does not exist: an instance scheduled a month ahead stays
    // pending, so the seeded open tasks stay open however long the test takes.
    private static async Task KeepPendingAsync(this TaskAppFactory app, string instanceId)
    {
        var start = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(30);
        await app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "占位", 72), new StartOrchestrationOptions(instanceId, start));
    }

    private static ResearcherResult Result(string id, string name, int rank, decimal total, int records, decimal lessons, decimal baseScore, bool imputed, string? flag) =>
        new(
            id, name, rank, total, baseScore, total - baseScore,
            [new LevelAScore("work", "教研工作", 60, baseScore - 5), new LevelAScore("service", "服务满意度", 40, 5)],
            [
                new IndicatorScore("visits", "work", "下校指导", IndicatorSource.Counted, 10, records / 4m, $"{records} / 40 条记录", false),
                new IndicatorScore("lessons", "work", "听课评课", IndicatorSource.Reviewed, 10, lessons, imputed ? "0 位评审" : "3 位评审", imputed),
                new IndicatorScore("survey", "service", "校长满意度", IndicatorSource.Satisfaction, 5, 5, "2 份问卷，平均 5 / 5", false),
            ],
            [],
            flag is null ? [] : [new ResultFlag("bonus-undecided", null, flag)]);
}
