using EduFlows.Processes.DepartmentAssessment;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>Scheme validation and the working-day calendar.</summary>
public sealed class AssessmentSchemeTests
{
    [Fact]
    public void Default_IsValid_AndAddsUpTo1000()
    {
        var scheme = AssessmentScheme.DefaultFor(2026);

        Assert.Empty(scheme.Validate());
        Assert.Equal(1000, scheme.BaselinePoints + scheme.InnovationPoints + scheme.SatisfactionPoints);
    }

    [Fact]
    public void Validate_NamesEveryBadField()
    {
        var scheme = AssessmentScheme.DefaultFor(2026) with
        {
            InnovationPoints = 250,
            LateReportDeduction = 12,
            ReportWorkingDays = 0,
            Holidays = [new DateOnly(2027, 1, 1)],
            WorkingWeekendDays = [new DateOnly(2026, 9, 30)],
            DutyReviewDays = ["06-15"],
            ScoringSessionAt = "12-32 14:00",
            DutyPanel = new EduFlows.Scoring.PanelRule { TrimFromJudges = 2 },
        };

        Assert.Equal(
            ["baselinePoints", "dutyPanel.trimFromJudges", "dutyReviewDays", "holidays", "lateReportDeduction", "reportWorkingDays", "scoringSessionAt", "workingWeekendDays"],
            scheme.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DueAfter_CountsWorkingDays_SkippingWeekendsAndHolidays_AndKeepingWorkingWeekends()
    {
        // From Thu 1 Oct: 2, 5-7 Oct are holidays, Sat 10 Oct a working day: Thu 8 (1), Fri 9 (2), Sat 10 (3), Mon 12 (4), Tue 13 (5); due 18:00 Beijing = 10:00 UTC.
        var calendar = WorkingCalendar.For(AssessmentScheme.DefaultFor(2026) with
        {
            Holidays = [new(2026, 10, 1), new(2026, 10, 2), new(2026, 10, 5), new(2026, 10, 6), new(2026, 10, 7)],
            WorkingWeekendDays = [new(2026, 10, 10)],
        });

        var due = calendar.DueAfter(new DateTime(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc), 3);

        Assert.Equal(new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc), due);
        Assert.Equal(new DateTime(2026, 10, 13, 10, 0, 0, DateTimeKind.Utc), calendar.DueAfter(new DateTime(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc), 5));
    }

    [Fact]
    public void Checkpoints_TwelveDispatchesAt0900Beijing_TwoDutyReviews_AndTheYearEnd()
    {
        var calendar = WorkingCalendar.For(AssessmentScheme.DefaultFor(2026));

        var points = calendar.Checkpoints();

        Assert.Equal(15, points.Count);
        Assert.Equal(new AssessmentCheckpoint(CheckpointKind.MonthlyDispatch, new DateTime(2026, 1, 1, 1, 0, 0, DateTimeKind.Utc), 1), points[0]);
        Assert.Equal(new AssessmentCheckpoint(CheckpointKind.DutyReview, new DateTime(2026, 6, 15, 1, 0, 0, DateTimeKind.Utc), 1), points[6]);
        Assert.Equal(new AssessmentCheckpoint(CheckpointKind.MonthlyDispatch, new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), 12), points[12]);
        Assert.Equal(new AssessmentCheckpoint(CheckpointKind.DutyReview, new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), 2), points[13]);
        Assert.Equal(CheckpointKind.YearEnd, points[14].Kind);
        Assert.Equal((new DateTime(2026, 12, 28, 6, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 28, 8, 0, 0, DateTimeKind.Utc)), calendar.Session());
    }
}
