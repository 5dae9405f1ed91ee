using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.DeputyRenewal.Office;

/// <summary>
/// The office's deputy renewal page (master key): <c>office/deputy-renewals/{roundId}</c> shows the round school by
/// school: the stage, each person's proposal, the bureau's review, the public notice and its objections, the result,
/// and the open tasks with who owes them; it links the process's status and report routes;
/// <c>…/{roundId}/report/{xlsx|csv}</c> downloads the round report.
/// </summary>
public sealed class RenewalOfficeApi(IConfiguration configuration, DeputyRenewalStore store, StaffTaskStore tasks, BureauClock clock, TimeProvider time)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>One round, every school in it.</summary>
    [Function("OfficeDeputyRenewals")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/deputy-renewals/{roundId}")] HttpRequest request, string roundId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadRound(roundId) is { } bad)
        {
            return bad;
        }

        var records = await store.OfRoundAsync(roundId, cancellationToken).ConfigureAwait(false);
        var open = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Back from the objection form with an objection it had taken already: said on the page (a school not in the round is not).
        string? repeatedAt = records.FirstOrDefault(r => r.SchoolId == request.Query[RenewalOfficeActs.RepeatSchool].ToString())?.SchoolName;
        int? repeatedNumber = int.TryParse(request.Query[RenewalOfficeActs.RepeatNumber], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;
        // Back from the notice catch-up: how many notices it mailed and how many it did not, as its form counted them.
        int? Counted(string name) => int.TryParse(request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out int count) ? count : null;
        var noticeMails = (Counted(RenewalOfficeActs.NoticesMailed), Counted(RenewalOfficeActs.NoticesMailedBefore), Counted(RenewalOfficeActs.NoticesPending), Counted(RenewalOfficeActs.NoticesRefused))
            is ({ } mailed, { } before, { } pending, { } refused)
            ? new RenewalNoticeMailCount(mailed, before, pending, refused)
            : null;
        return new RenderedPage<RenewalRoundPage>(
            new Dictionary<string, object?>
            {
                [nameof(RenewalRoundPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(RenewalRoundPage.RoundId)] = roundId,
                [nameof(RenewalRoundPage.Repeated)] = repeatedAt is not null && repeatedNumber is { } number ? (repeatedAt, number) : null,
                [nameof(RenewalRoundPage.NoticeMails)] = noticeMails,
                [nameof(RenewalRoundPage.Schools)] = (IReadOnlyList<RenewalRecord>)[.. records.OrderBy(r => r.SchoolId, StringComparer.Ordinal)],
                [nameof(RenewalRoundPage.OpenTasks)] = (IReadOnlyDictionary<string, IReadOnlyList<OpenTaskRow>>)records
                    .ToDictionary(r => r.Id, r => OpenTaskRow.Of(open, RenewalRecord.InstanceIdOf(r.RoundId, r.SchoolId), clock, now), StringComparer.Ordinal),
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The round's report as .xlsx or .csv: a row per person of every school in the round.</summary>
    [Function("OfficeDeputyRenewalReportFile")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/deputy-renewals/{roundId}/report/{format}")] HttpRequest request, string roundId, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (BadRound(roundId) is { } bad)
        {
            return bad;
        }

        var records = await store.OfRoundAsync(roundId, cancellationToken).ConfigureAwait(false);
        var (header, rows) = RenewalReportTable.Of(records.OrderBy(r => r.SchoolId, StringComparer.Ordinal));
        return OfficeExport.File(file, "deputy-renewal-" + roundId, header, rows);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? BadRound(string? roundId) =>
        roundId is not { Length: 4 } || !int.TryParse(roundId, NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year is < 2000 or > 2100
            ? FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "roundId", "轮次应为年份，如 2026。", "The round is a year, e.g. 2026.")
            : null;
}
