using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>
/// The office's act on the department assessment from its year page: <c>office/department-assessment/start</c> starts
/// the annual instance for a year through <see cref="DepartmentAssessmentApi.StartAsync"/> (the JSON route's own rules:
/// this year or the next, and only while none runs), then goes to that year's page.
/// </summary>
public sealed class AssessmentOfficeActs(IConfiguration configuration, BureauClock clock, TimeProvider time)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form (<c>?year=</c> fills it in); POST: starts the year, once.</summary>
    [Function("OfficeDepartmentAssessmentStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/department-assessment/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("启动科室年度考核", "Start the department assessment year"),
            links.Say(
                "启动一年的科室千分考核：每月调度收月报，半年述职评议，年终总考核并发布结果；一年结束后自动进入下一年，无需再次启动。只能启动今年或明年，已在运行时不能再启动；年内启动时，已过的时间节点不再补办。",
                "Starts a year of the 1000-point department assessment: monthly dispatches for the reports, the half-year duty reviews and the year-end assessment with its results; it continues into each next year by itself. Only this year or the next can be started, and not while one runs; started mid-year, checkpoints already past are skipped."),
            links.Say("启动考核", "Start the assessment"),
            [
                new OfficeFormField("year", links.Say("考核年度（必填）", "Year (required)"), OfficeFieldKind.WholeNumber, InRoute: true),
            ]);
        int today = clock.DateOf(time.GetUtcNow()).Year;
        string back = YearPage(int.TryParse(request.Query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out int asked) && asked is >= 2000 and <= 2100 ? asked : today);
        int? started = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            "office/department-assessment/start",
            back,
            act,
            async route =>
            {
                if (!int.TryParse(route["year"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int year))
                {
                    return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", "年度须填写整数，如 2027。", "The year must be a whole number such as 2027.");
                }

                var answer = (await ActivatorUtilities.CreateInstance<DepartmentAssessmentApi>(request.HttpContext.RequestServices)
                    .StartAsync(request, year, client, cancellationToken).ConfigureAwait(false)).Result;
                if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted })
                {
                    started = year;
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Started: on to the started year's page, which shows the running instance.
        return started is { } y && result is Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult
            ? TypedResults.Redirect(links.To(YearPage(y)) + "#done")
            : result;
    }

    private static string YearPage(int year) => "office/department-assessment/" + year.ToString(CultureInfo.InvariantCulture);
}
