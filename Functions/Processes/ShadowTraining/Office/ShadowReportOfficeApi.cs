using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>
/// The office's shadow-training year report (master key or an office session): <c>office/shadow-training/reports/{year}</c>
/// shows the year's figures in total, per batch and per base (the JSON route's <see cref="ShadowTrainingReport.ForYear"/>);
/// <c>…/reports/{year}/{xlsx|csv}</c> downloads the same as one table.
/// </summary>
public sealed class ShadowReportOfficeApi(IConfiguration configuration, ShadowTrainingStore store)
{
    private const string Route = "office/shadow-training/reports/{year:int}";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The year report page.</summary>
    [Function("OfficeShadowTrainingYearReport")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RefuseYear(year) is { } refused)
        {
            return refused;
        }

        var records = await store.TraineesOfYearAsync(year, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<ShadowYearReportPage>(
            new Dictionary<string, object?>
            {
                [nameof(ShadowYearReportPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(ShadowYearReportPage.Report)] = ShadowTrainingReport.ForYear(year, records),
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The year report as .xlsx or .csv: the year's totals, then a row per batch, then a row per base.</summary>
    [Function("OfficeShadowTrainingYearReportFile")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{format}")] HttpRequest request, int year, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (RefuseYear(year) is { } refused)
        {
            return refused;
        }

        var records = await store.TraineesOfYearAsync(year, cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年还没有跟岗培训结果。", $"No shadow-training results for {year} yet.");
        }

        var (header, rows) = Table(ShadowTrainingReport.ForYear(year, records));
        return OfficeExport.File(file, string.Create(CultureInfo.InvariantCulture, $"shadow-training-report-{year}"), header, rows);
    }

    /// <summary>
    /// The year report as exported: 范围 (全年, 批次, 基地), 名称, then the figures (counts and percentages as numbers,
    /// empty where there is nothing to divide by), then the mean per evaluated area, headers in Chinese.
    /// </summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Table(YearReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<string> header = ["范围", "名称", .. FigureHeaders, .. ShadowTrainingTasks.EvaluationAreas.Select(a => a.Label.Zh + "均分")];
        var rows = new List<IReadOnlyList<object?>> { Row("全年", $"{report.Year}年", report.Totals) };
        rows.AddRange(report.ByBatch.Select(b => Row("批次", $"{b.BatchId}（{b.WeekStart:yyyy-MM-dd} 起）", b.Totals)));
        rows.AddRange(report.ByBase.Select(b => Row("基地", b.Name, b.Figures)));
        return (header, rows);

        static IReadOnlyList<object?> Row(string scope, string name, TrainingFigures f) =>
        [
            scope, name, f.Trainees, f.People, f.Completed, f.NotCompleted, f.Deferred, f.CompletionRate, f.AttendanceRate, f.JournalRate, f.EvaluationAverage,
            .. ShadowTrainingTasks.EvaluationAreas.Select(a => f.AreaAverages.TryGetValue(a.Name, out var v) ? (object?)v : null),
        ];
    }

    /// <summary>The figures' column headers, in the order of <see cref="Table"/>.</summary>
    internal static readonly string[] FigureHeaders = ["参训人次", "人数", "结业", "未结业", "延期", "结业率（%）", "出勤率（%）", "日志提交率（%）", "导师评价均分"];

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? RefuseYear(int year) => year is < 2000 or > 2100
        ? FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", $"年份须在 2000 至 2100 之间（现为“{year}”）。", "The year must be between 2000 and 2100.")
        : null;
}
