using EduFlows.Processes.ResearcherReview;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
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
        await app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(
            new StaffTask
            {
                Id = ReviewId + ".score.stf-r3.stf-r1", Kind = "researcher-review-scoring", AssigneeId = "stf-r3", AssigneeName = "李教研",
                InstanceId = ReviewId, EventName = "scored", Subject = "为郑教研评分", Culture = "zh-CN", CreatedAt = now.AddDays(-5), DueAt = now.AddHours(-2),
            },
            CancellationToken.None);

        ResearcherResultRecord Row(ResearcherResult result) => new(ReviewId, "primary", period, result);
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
