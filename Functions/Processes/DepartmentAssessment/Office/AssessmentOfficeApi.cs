using System.Globalization;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>
/// The office's department-assessment page (master key): <c>office/department-assessment/{year}</c> shows the
/// 1000-point table by month, half-year and year, a chart per department and the two-year window, and whether the
/// assessment runs (with the link to start it when it does not, <see cref="AssessmentOfficeActs"/>);
/// <c>…/{year}/table/{xlsx|csv}</c> downloads the table.
/// </summary>
public sealed class AssessmentOfficeApi(IConfiguration configuration, AssessmentStore store, DirectoryStore directory)
{
    private const string Routes = "office/department-assessment";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The year's page.</summary>
    [Function("OfficeDepartmentAssessment")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{year:int}")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (year is not (>= 2000 and <= 2100))
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", "年份须在 2000 到 2100 之间。", "The year must be 2000 to 2100.");
        }

        return new RenderedPage<AssessmentOfficePage>(
            new Dictionary<string, object?>
            {
                [nameof(AssessmentOfficePage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(AssessmentOfficePage.Board)] = await BoardAsync(year, cancellationToken).ConfigureAwait(false),
                [nameof(AssessmentOfficePage.Running)] = await DepartmentAssessmentYear.ActiveInstancesAsync(client, cancellationToken).ConfigureAwait(false) is [var running, ..] ? running.InstanceId : null,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The table as .xlsx or .csv: a row per department with its months, halves and year.</summary>
    [Function("OfficeDepartmentAssessmentTable")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{year:int}/table/{format}")] HttpRequest request, int year, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (year is not (>= 2000 and <= 2100))
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", "年份须在 2000 到 2100 之间。", "The year must be 2000 to 2100.");
        }

        var (header, rows) = Table(await BoardAsync(year, cancellationToken).ConfigureAwait(false));
        return OfficeExport.File(file, string.Create(CultureInfo.InvariantCulture, $"department-assessment-{year}"), header, rows);
    }

    /// <summary>
    /// The table as exported: every month, both halves, the year's parts, rank and the two-year window; headers in
    /// Chinese only; points (to two places) and rank are numbers, an empty cell where there is none yet.
    /// </summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Table(AssessmentBoard board)
    {
        List<string> header =
        [
            "科室编号", "科室",
            .. Enumerable.Range(1, 12).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m}月")),
            "上半年述职", "下半年述职", "基础分", "扣分", "创新分", "满意度",
            "总分", "名次", "末位", "上年末位", "连续两年末位",
        ];
        var rows = board.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.DepartmentId, r.Name,
            .. r.ByMonth.Select(Number),
            Number(r.DutyH1), Number(r.DutyH2),
            Number(r.Result?.Score.Baseline), Number(r.Result?.Score.Deductions), Number(r.Result?.Score.Innovation), Number(r.Result?.Score.Satisfaction),
            Number(r.Result?.Score.Total), r.Result?.Score.Rank,
            YesNo(r.Result?.Score.Last), YesNo(r.Previous?.Score.Last), r.TwoYearsLast ? "是" : "否",
        ]).ToList();
        return (header, rows);

        static string? YesNo(bool? value) => value is null ? null : value.Value ? "是" : "否";

        // As the page shows points: to two places.
        static object? Number(decimal? value) => value is { } points ? Math.Round(points, 2) : null;
    }

    internal static string? Points(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private async Task<AssessmentBoard> BoardAsync(int year, CancellationToken cancellationToken)
    {
        var scheme = store.CurrentSchemeAsync(year, cancellationToken);
        var departments = directory.Departments.AllAsync(cancellationToken);
        var reports = AssessmentStore.OfYearAsync(store.MonthlyReports, year, cancellationToken);
        var duties = AssessmentStore.OfYearAsync(store.DutyReviews, year, cancellationToken);
        var results = AssessmentStore.OfYearAsync(store.YearResults, year, cancellationToken);
        var previous = AssessmentStore.OfYearAsync(store.YearResults, year - 1, cancellationToken);
        await Task.WhenAll(scheme, departments, reports, duties, results, previous).ConfigureAwait(false);

        // A page only reads: a year without a stored scheme is shown with the defaults, which are not stored here.
        return AssessmentBoard.Build(
            year,
            await scheme.ConfigureAwait(false) ?? AssessmentScheme.DefaultFor(year),
            await departments.ConfigureAwait(false),
            await reports.ConfigureAwait(false),
            await duties.ConfigureAwait(false),
            await results.ConfigureAwait(false),
            await previous.ConfigureAwait(false));
    }
}
