using EduFlows.Processes.ShadowTraining;

namespace EduFlows.Tests.Processes.ShadowTraining;

public sealed class CompletionRuleTests
{
    private static readonly Dictionary<string, decimal> Good = new() { ["management"] = 90, ["teaching"] = 85, ["culture"] = 80, ["innovation"] = 86 };

    [Fact]
    public void Decide_FourDaysFourJournalsEvaluatedAndSummary_Completes()
    {
        var week = new TraineeWeek(5, 4, 4, Good, Summary: true);

        var decision = CompletionRule.Decide(week, ShadowTrainingOptions.Default);

        Assert.True(decision.Completed);
        Assert.Empty(decision.Missing);
        Assert.Equal(85.3m, week.EvaluationAverage);
    }

    [Fact]
    public void Decide_MissingJournalsAndAttendance_DoesNotComplete_AndSaysWhatIsMissing()
    {
        var decision = CompletionRule.Decide(new TraineeWeek(5, 3, 2, Good, Summary: true), ShadowTrainingOptions.Default);

        Assert.False(decision.Completed);
        Assert.Equal(["attendance 3 of 5 days (at least 4 needed)", "journals 2 of 5 (at least 4 needed)"], decision.Missing);
    }

    [Fact]
    public void Decide_NotCompleted_SaysWhatIsMissingInChinese_ForTheTraineesMail()
    {
        var decision = CompletionRule.Decide(new TraineeWeek(5, 3, 2, null, Summary: false), ShadowTrainingOptions.Default);

        Assert.Equal(["出勤 3/5 天（至少需 4 天）", "培训日志 2/5 篇（至少需 4 篇）", "指导老师未作评价", "未交培训总结"], decision.MissingZh);
    }

    [Fact]
    public void Decide_LowOrMissingEvaluationAndNoSummary_DoesNotComplete()
    {
        var low = new Dictionary<string, decimal> { ["management"] = 60, ["teaching"] = 55, ["culture"] = 59, ["innovation"] = 60 };

        var lowScores = CompletionRule.Decide(new TraineeWeek(5, 5, 5, low, Summary: false), ShadowTrainingOptions.Default);
        var none = CompletionRule.Decide(new TraineeWeek(5, 5, 5, null, Summary: true), ShadowTrainingOptions.Default);

        Assert.Equal(["evaluation average 58.5 (at least 60 needed)", "no summary"], lowScores.Missing);
        Assert.Equal(["no evaluation by the mentor"], none.Missing);
    }

    [Fact]
    public void WeekSchedule_InShanghai_OpensAndClosesTasksAtTheStatedLocalTimes()
    {
        var week = WeekSchedule.For(new DateOnly(2026, 5, 11), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), ShadowTrainingOptions.Default);

        Assert.Equal(new DateTime(2026, 5, 8, 9, 0, 0, DateTimeKind.Utc), week.ConfirmBy);
        Assert.Equal(5, week.Days.Count);
        Assert.Equal(new DaySchedule(
            new DateOnly(2026, 5, 11), "日常管理", "Daily management",
            new DateTime(2026, 5, 11, 0, 30, 0, DateTimeKind.Utc), new DateTime(2026, 5, 11, 12, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 5, 11, 9, 30, 0, DateTimeKind.Utc), new DateTime(2026, 5, 12, 9, 30, 0, DateTimeKind.Utc),
            new DateTime(2026, 5, 12, 0, 0, 0, DateTimeKind.Utc)), week.Days[0]);
        Assert.Equal(new DateOnly(2026, 5, 15), week.Days[4].Date);
        Assert.Equal(new DateTime(2026, 5, 15, 9, 30, 0, DateTimeKind.Utc), week.EvaluationOpens);
        Assert.Equal(new DateTime(2026, 5, 20, 9, 30, 0, DateTimeKind.Utc), week.EvaluationDue);
    }
}
