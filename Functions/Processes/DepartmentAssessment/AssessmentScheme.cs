using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Scoring;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// One year's rules of the 1000-point department assessment (千分考核): the split into baseline, innovation and
/// satisfaction, every deduction, the deadlines and the calendar. The seed gives no numbers; the defaults below are
/// ours and are stated in the README. Stored per year with a version that grows with every change.
/// </summary>
public sealed record AssessmentScheme
{
    /// <summary>The year the scheme applies to.</summary>
    public int Year { get; init; }

    /// <summary>The version (1 for the first stored one); set by the store.</summary>
    public int Version { get; init; }

    /// <summary>Points for routine duties before deductions (底线). Default 500.</summary>
    public decimal BaselinePoints { get; init; } = 500;

    /// <summary>The most points confirmed innovation can earn (创新). Default 200.</summary>
    public decimal InnovationPoints { get; init; } = 200;

    /// <summary>Points for the principals' year-end scores (满意度). Default 300.</summary>
    public decimal SatisfactionPoints { get; init; } = 300;

    /// <summary>Deducted for a monthly report handed in after its due time, in the grace period. Default 5.</summary>
    public decimal LateReportDeduction { get; init; } = 5;

    /// <summary>Deducted for a monthly report not handed in at all. Default 10.</summary>
    public decimal MissingReportDeduction { get; init; } = 10;

    /// <summary>Deducted each time the office sends a monthly report back for rework. Default 2.</summary>
    public decimal ReworkDeduction { get; init; } = 2;

    /// <summary>Deducted for a half-year duty report not handed in. Default 20.</summary>
    public decimal MissingDutyReportDeduction { get; init; } = 20;

    /// <summary>Working days from the 1st until a monthly report is due. Default 5.</summary>
    public int ReportWorkingDays { get; init; } = 5;

    /// <summary>Working days after the due time in which a report is still taken, as late. Default 3.</summary>
    public int LateGraceWorkingDays { get; init; } = 3;

    /// <summary>Working days the office has to review a report. Default 2.</summary>
    public int ReviewWorkingDays { get; init; } = 2;

    /// <summary>Working days a head has to rework a report sent back. Default 2.</summary>
    public int ReworkWorkingDays { get; init; } = 2;

    /// <summary>
    /// The bureau's own days off in the year, on top of the shared calendar's public holidays
    /// (<see cref="EduFlows.Calendar.WorkingDays"/>, edited at /api/calendar/{year}); usually empty.
    /// </summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>The bureau's own working weekend days in the year, on top of the shared calendar's 调休 days; usually empty.</summary>
    public IReadOnlyList<DateOnly> WorkingWeekendDays { get; init; } = [];

    /// <summary>Days ("MM-dd") on which a duty review opens, at 09:00. Default 15 June and 1 December.</summary>
    public IReadOnlyList<string> DutyReviewDays { get; init; } = ["06-15", "12-01"];

    /// <summary>Working days heads have to hand in a duty report. Default 5.</summary>
    public int DutyReportWorkingDays { get; init; } = 5;

    /// <summary>Working days leaders have to score the duty reports. Default 5.</summary>
    public int DutyJudgingWorkingDays { get; init; } = 5;

    /// <summary>The top duty-review score a leader can give. Default 100.</summary>
    public decimal DutyMaxScore { get; init; } = 100;

    /// <summary>A head whose combined duty-review score for a half is below this mark loses <see cref="DutyFailDeduction"/>. Default 60 (of 100).</summary>
    public decimal DutyPassMark { get; init; } = 60;

    /// <summary>Deducted from the baseline for each half whose combined duty-review score is below <see cref="DutyPassMark"/>. Default 10.</summary>
    public decimal DutyFailDeduction { get; init; } = 10;

    /// <summary>How leaders' duty-review scores combine. Default: drop the highest and lowest from five judges.</summary>
    public PanelRule DutyPanel { get; init; } = new();

    /// <summary>The day ("MM-dd") heads are asked for their presentation and innovation claims, at 09:00. Default 10 December.</summary>
    public string YearEndOpensOn { get; init; } = "12-10";

    /// <summary>Working days heads have for the presentation and claims. Default 5.</summary>
    public int PresentationWorkingDays { get; init; } = 5;

    /// <summary>Working days the office has to confirm innovation claims. Default 3.</summary>
    public int InnovationReviewWorkingDays { get; init; } = 3;

    /// <summary>When the principals' scoring session opens ("MM-dd HH:mm", bureau time). Default 28 December 14:00.</summary>
    public string ScoringSessionAt { get; init; } = "12-28 14:00";

    /// <summary>How long the scoring session stays open. Default 120 minutes.</summary>
    public int ScoringSessionMinutes { get; init; } = 120;

    /// <summary>The top score a principal can give a department. Default 100.</summary>
    public decimal PrincipalMaxScore { get; init; } = 100;

    /// <summary>How principals' scores combine. Default: drop the highest and lowest from five principals.</summary>
    public PanelRule SatisfactionPanel { get; init; } = new();

    /// <summary>
    /// A head is held to a year's result only when they were the department's head (the head asked for its monthly
    /// report, <see cref="MonthlyReport.HeadId"/>) in at least this many of the year's months. Default 6 (half the year).
    /// </summary>
    public int HeadAccountableMonths { get; init; } = 6;

    /// <summary>Working days the director has to decide a reassignment. Default 10.</summary>
    public int DecisionWorkingDays { get; init; } = 10;

    /// <summary>The bureau office (reviews monthly reports, confirms innovation). Default "dep-01" (办公室).</summary>
    public string OfficeDepartmentId { get; init; } = "dep-01";

    /// <summary>The organisation office told of a reassignment. Default "dep-02" (组织人事科).</summary>
    public string OrganisationDepartmentId { get; init; } = "dep-02";

    /// <summary>The default scheme for a year.</summary>
    public static AssessmentScheme DefaultFor(int year) => new() { Year = year };

    /// <summary>Every problem, named by field; empty when the scheme can be used.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        // A JSON body may set any of these to null; the checks below read them, so they are refused first.
        var missing = new (string Field, object? Value)[]
        {
            ("holidays", Holidays), ("workingWeekendDays", WorkingWeekendDays), ("dutyReviewDays", DutyReviewDays), ("dutyPanel", DutyPanel),
            ("satisfactionPanel", SatisfactionPanel), ("yearEndOpensOn", YearEndOpensOn), ("scoringSessionAt", ScoringSessionAt),
            ("officeDepartmentId", OfficeDepartmentId), ("organisationDepartmentId", OrganisationDepartmentId),
        }.Where(p => p.Value is null).Select(p => new FieldError(p.Field, "is required (null given).") { ReasonZh = "必须填写（不能为 null）。" });
        if (missing.ToList() is { Count: > 0 } nulls)
        {
            return nulls;
        }

        if (DutyReviewDays.Any(d => d is null))
        {
            return [new("dutyReviewDays", "must not contain null.") { ReasonZh = "述职评议日期中不能有空值。" }];
        }

        var errors = new List<FieldError>();
        if (Year is < 2000 or > 2100)
        {
            errors.Add(new("year", "must be between 2000 and 2100.") { ReasonZh = "年度须在 2000 至 2100 之间。" });
        }

        foreach (var (name, value) in new[] { ("baselinePoints", BaselinePoints), ("innovationPoints", InnovationPoints), ("satisfactionPoints", SatisfactionPoints) })
        {
            if (value < 0)
            {
                errors.Add(new(name, "must not be negative.") { ReasonZh = "分值不能为负数。" });
            }
        }

        if (BaselinePoints + InnovationPoints + SatisfactionPoints != 1000)
        {
            errors.Add(new("baselinePoints", $"baseline, innovation and satisfaction must add up to 1000 (they add up to {BaselinePoints + InnovationPoints + SatisfactionPoints}).") { ReasonZh = $"基础分、创新分与满意度分之和须为 1000 分（现为 {BaselinePoints + InnovationPoints + SatisfactionPoints} 分）。" });
        }

        foreach (var (name, value) in new[]
                 {
                     ("lateReportDeduction", LateReportDeduction), ("missingReportDeduction", MissingReportDeduction),
                     ("reworkDeduction", ReworkDeduction), ("missingDutyReportDeduction", MissingDutyReportDeduction), ("dutyFailDeduction", DutyFailDeduction),
                 })
        {
            if (value < 0 || value > BaselinePoints)
            {
                errors.Add(new(name, "must be between 0 and the baseline points.") { ReasonZh = "扣分须在 0 至基础分之间。" });
            }
        }

        if (LateReportDeduction > MissingReportDeduction)
        {
            errors.Add(new("lateReportDeduction", "must not exceed the deduction for a missing report.") { ReasonZh = "迟报扣分不能高于漏报扣分。" });
        }

        foreach (var (name, value) in new[]
                 {
                     ("reportWorkingDays", ReportWorkingDays), ("lateGraceWorkingDays", LateGraceWorkingDays), ("reviewWorkingDays", ReviewWorkingDays),
                     ("reworkWorkingDays", ReworkWorkingDays), ("dutyReportWorkingDays", DutyReportWorkingDays), ("dutyJudgingWorkingDays", DutyJudgingWorkingDays),
                     ("presentationWorkingDays", PresentationWorkingDays), ("innovationReviewWorkingDays", InnovationReviewWorkingDays), ("decisionWorkingDays", DecisionWorkingDays),
                 })
        {
            if (value is < 1 or > 30)
            {
                errors.Add(new(name, "must be between 1 and 30 working days.") { ReasonZh = "须在 1 至 30 个工作日之间。" });
            }
        }

        if (Holidays.Any(d => d.Year != Year) || WorkingWeekendDays.Any(d => d.Year != Year))
        {
            errors.Add(new(Holidays.Any(d => d.Year != Year) ? "holidays" : "workingWeekendDays", "must all be days of the scheme's year.") { ReasonZh = "日期须都在方案所属年度内。" });
        }

        if (WorkingWeekendDays.Any(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
        {
            errors.Add(new("workingWeekendDays", "must all be Saturdays or Sundays.") { ReasonZh = "调休上班日须都是星期六或星期日。" });
        }

        var dutyDays = DutyReviewDays.Select(d => MonthDay(d)).ToList();
        if (dutyDays.Count != 2 || dutyDays.Any(d => d is null) || dutyDays[0]!.Value.Month > 6 || dutyDays[1]!.Value.Month < 7)
        {
            errors.Add(new("dutyReviewDays", "must be two days (\"MM-dd\"), one in each half of the year.") { ReasonZh = "须为两个日期（月-日，如 06-15），上、下半年各一个。" });
        }

        var yearEnd = MonthDay(YearEndOpensOn);
        var session = SessionStart();
        if (yearEnd is null)
        {
            errors.Add(new("yearEndOpensOn", "must be a day as \"MM-dd\".") { ReasonZh = "须为日期，格式为月-日（如 12-01）。" });
        }

        if (session is null)
        {
            errors.Add(new("scoringSessionAt", "must be a day and time as \"MM-dd HH:mm\".") { ReasonZh = "须为日期和时间，格式为月-日 时:分（如 12-20 09:00）。" });
        }
        else if (yearEnd is { } opens && DateOnly.FromDateTime(session.Value) <= opens.AddDays(7 * (PresentationWorkingDays + InnovationReviewWorkingDays) / 5))
        {
            errors.Add(new("scoringSessionAt", "must leave time after the year-end opening for the presentations and the innovation review.") { ReasonZh = "现场打分须留出年终考核开启后展示材料提交和创新项目审核的时间。" });
        }

        if (ScoringSessionMinutes is < 10 or > 24 * 60)
        {
            errors.Add(new("scoringSessionMinutes", "must be between 10 minutes and a day.") { ReasonZh = "现场打分时长须在 10 分钟至一天之间。" });
        }

        if (DutyMaxScore <= 0 || PrincipalMaxScore <= 0)
        {
            errors.Add(new(DutyMaxScore <= 0 ? "dutyMaxScore" : "principalMaxScore", "must be positive.") { ReasonZh = "满分须大于 0。" });
        }

        if (DutyPassMark < 0 || DutyPassMark > DutyMaxScore)
        {
            errors.Add(new("dutyPassMark", "must be between 0 and the duty-review maximum score.") { ReasonZh = "及格分须在 0 至述职评议满分之间。" });
        }

        if (HeadAccountableMonths is < 1 or > 12)
        {
            errors.Add(new("headAccountableMonths", "must be between 1 and 12 months.") { ReasonZh = "须在 1 至 12 个月之间。" });
        }

        if (string.IsNullOrWhiteSpace(OfficeDepartmentId) || string.IsNullOrWhiteSpace(OrganisationDepartmentId))
        {
            errors.Add(new(string.IsNullOrWhiteSpace(OfficeDepartmentId) ? "officeDepartmentId" : "organisationDepartmentId", "is required.") { ReasonZh = "必须填写科室编号。" });
        }

        // Both name directory departments, looked up by key when the year runs: an id no table can key ("a/b", 100 KiB)
        // would fail the year's instance there, so it is refused here.
        foreach (var (field, id) in new[] { ("officeDepartmentId", OfficeDepartmentId), ("organisationDepartmentId", OrganisationDepartmentId) })
        {
            if (EduFlows.Storage.TableKey.Problem(id) is { } unkeyable)
            {
                errors.Add(new(field, unkeyable) { ReasonZh = "科室编号无效：不能含有 / \\ # ? 等字符，也不能过长。" });
            }
        }

        errors.AddRange(DutyPanel.Validate("dutyPanel."));
        errors.AddRange(SatisfactionPanel.Validate("satisfactionPanel."));
        return errors;
    }

    /// <summary>A "MM-dd" day of the scheme's year; null when ill-formed.</summary>
    public DateOnly? MonthDay(string? monthDay) =>
        DateOnly.TryParseExact($"{Year:D4}-{monthDay}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>When the scoring session opens, in bureau time; null when ill-formed.</summary>
    public DateTime? SessionStart() =>
        DateTime.TryParseExact($"{Year:D4}-{ScoringSessionAt}", "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}
