using System.Globalization;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>
/// The office's year pages of the researcher review (master key or an office session): <c>office/researcher-reviews/annual/{year}/{section}</c>
/// shows a section's annual results (both halves combined, ranked) and <c>office/researcher-reviews/frontline-rotation/{year}</c>
/// the round's rotation decisions; each has its table as <c>…/{xlsx|csv}</c>. The same figures as the JSON routes
/// (<see cref="ResearcherReviewApi.GetAnnualAsync"/>, <see cref="ResearcherReviewApi.GetRotationAsync"/>), as pages.
/// </summary>
public sealed class ReviewYearOfficeApi(IConfiguration configuration, ResearcherReviewStore store, BureauClock clock)
{
    private const string Routes = "office/researcher-reviews";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>A section's annual results: the two halves and the annual total of each researcher, ranked.</summary>
    [Function("OfficeResearcherAnnualResults")]
    public async Task<IResult> AnnualAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/annual/{year:int}/{section}")] HttpRequest request, int year, string section, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RefuseYearOrSection(year, section) is { } refused)
        {
            return refused;
        }

        return new RenderedPage<AnnualResultsPage>(
            new Dictionary<string, object?>
            {
                [nameof(AnnualResultsPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(AnnualResultsPage.Year)] = year,
                [nameof(AnnualResultsPage.Section)] = section,
                [nameof(AnnualResultsPage.Results)] = (IReadOnlyList<AnnualResult>)await AnnualOfAsync(year, section, cancellationToken).ConfigureAwait(false),
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The annual results as .xlsx or .csv.</summary>
    [Function("OfficeResearcherAnnualResultsFile")]
    public async Task<IResult> AnnualFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/annual/{year:int}/{section}/{format}")] HttpRequest request, int year, string section, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (RefuseYearOrSection(year, section) is { } refused)
        {
            return refused;
        }

        var annual = await AnnualOfAsync(year, section, cancellationToken).ConfigureAwait(false);
        if (annual.Count == 0)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年{ResearcherReviewActivities.SectionName(section)}教研员考核还没有发布的结果。", $"No published results for {year} in that section.");
        }

        var (header, rows) = AnnualTable(annual);
        return OfficeExport.File(file, string.Create(CultureInfo.InvariantCulture, $"researcher-annual-{year}-{section}"), header, rows);
    }

    /// <summary>The frontline-rotation round of a year: the rule, its state and the decision on each candidate.</summary>
    [Function("OfficeResearcherRotation")]
    public async Task<IResult> RotationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/frontline-rotation/{year:int}")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var instance = await client.GetInstanceAsync(RoundId(year), cancellation: cancellationToken).ConfigureAwait(false);
        var decisions = await DecisionsOfAsync(year, cancellationToken).ConfigureAwait(false);
        if (instance is null && decisions.Count == 0)
        {
            return NoRound(year);
        }

        return new RenderedPage<RotationDecisionsPage>(
            new Dictionary<string, object?>
            {
                [nameof(RotationDecisionsPage.Links)] = links,
                [nameof(RotationDecisionsPage.Year)] = year,
                [nameof(RotationDecisionsPage.State)] = OfficeInstanceState.Describe(instance, links),
                [nameof(RotationDecisionsPage.Decisions)] = (IReadOnlyList<RotationDecision>)decisions,
                [nameof(RotationDecisionsPage.Clock)] = clock,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The round's decisions as .xlsx or .csv.</summary>
    [Function("OfficeResearcherRotationFile")]
    public async Task<IResult> RotationFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/frontline-rotation/{year:int}/{format}")] HttpRequest request, int year, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var decisions = await DecisionsOfAsync(year, cancellationToken).ConfigureAwait(false);
        if (decisions.Count == 0)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年的一线轮岗还没有记录决定。", $"No frontline-rotation decision is recorded for {year}.");
        }

        var (header, rows) = RotationTable(decisions, clock);
        return OfficeExport.File(file, RoundId(year), header, rows);
    }

    /// <summary>The annual results as exported: rank, id, name, each half's total (empty when not reviewed), the annual total, the note.</summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) AnnualTable(IReadOnlyList<AnnualResult> annual)
    {
        ArgumentNullException.ThrowIfNull(annual);
        string[] header = ["名次", "编号", "姓名", "上半年总分", "下半年总分", "年度得分", "说明"];
        var rows = annual.Select(a => (IReadOnlyList<object?>)
        [
            a.Rank, a.ResearcherId, a.Name, a.FirstHalf is { } h1 ? Math.Round(h1, 2) : null, a.SecondHalf is { } h2 ? Math.Round(h2, 2) : null, Math.Round(a.Annual, 2), a.Flag,
        ]).ToList();
        return (header, rows);
    }

    /// <summary>The rotation decisions as exported: the candidate, age and years in post (numbers), the decision in words, the reason, who and when (bureau time).</summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) RotationTable(IReadOnlyList<RotationDecision> decisions, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(clock);
        string[] header = ["编号", "姓名", "年龄", "任职年数", "决定", "理由", "决定人", "决定时间"];
        var rows = decisions.Select(d => (IReadOnlyList<object?>)
        [
            d.ResearcherId, d.Name, d.Age, d.YearsInPost, ReviewOfficeWords.Rotation(d.Decision), d.Reason, d.DecidedBy, d.DecidedAt is { } at ? clock.Format(at) : null,
        ]).ToList();
        return (header, rows);
    }

    internal static string RoundId(int year) => string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{year}");

    private async Task<List<AnnualResult>> AnnualOfAsync(int year, string section, CancellationToken cancellationToken) =>
        AnnualScoring.Combine(
            await store.ResultsOfAsync(new ReviewPeriod(year, 1).InstanceId(section), cancellationToken).ConfigureAwait(false),
            await store.ResultsOfAsync(new ReviewPeriod(year, 2).InstanceId(section), cancellationToken).ConfigureAwait(false));

    private async Task<List<RotationDecision>> DecisionsOfAsync(int year, CancellationToken cancellationToken) =>
        [.. (await store.RotationDecisions.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken).ConfigureAwait(false))
            .OrderBy(d => d.ResearcherId, StringComparer.Ordinal)];

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? RefuseYearOrSection(int year, string section)
    {
        if (year is < 2000 or > 2100)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", "年份须在 2000 至 2100 之间。", "The year must be between 2000 and 2100.");
        }

        return DirectoryVocabulary.ResearchSections.Contains(section)
            ? null
            : FieldProblem.ForStaff(StatusCodes.Status404NotFound, "section", "学段只能是小学、初中或高中。", "Sections are primary, junior and senior.");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoRound(int year) =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年没有启动一线轮岗。", $"No frontline-rotation round was started for {year}.");
}
