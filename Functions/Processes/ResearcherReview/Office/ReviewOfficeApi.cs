using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>
/// The office's researcher-review pages (master key): <c>office/researcher-reviews</c> lists every review by
/// section, each section's years linking to their annual results (<see cref="ReviewYearOfficeApi"/>), and the
/// frontline-rotation rounds with decisions; <c>office/researcher-reviews/{reviewId}</c> shows its stage, who has not answered, and the ranked results
/// with each indicator's breakdown (a review just started, not recorded yet, that it is starting); <c>…/results/{xlsx|csv}</c> downloads the results table.
/// </summary>
public sealed class ReviewOfficeApi(IConfiguration configuration, ResearcherReviewStore store, StaffTaskStore tasks, BureauClock clock, TimeProvider time)
{
    private const string Routes = "office/researcher-reviews";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>Every review, newest first, grouped by section.</summary>
    [Function("OfficeResearcherReviews")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes)] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reviews = await store.Reviews.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var rotations = await store.RotationDecisions.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<ReviewListPage>(
            new Dictionary<string, object?>
            {
                [nameof(ReviewListPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(ReviewListPage.Reviews)] = (IReadOnlyList<ReviewRecord>)[.. reviews
                    .OrderBy(r => Array.IndexOf(Sections, r.Section)).ThenByDescending(r => r.Period.Year).ThenByDescending(r => r.Period.Half)],
                [nameof(ReviewListPage.Clock)] = clock,
                [nameof(ReviewListPage.RotationYears)] = (IReadOnlyList<int>)[.. rotations.Select(d => d.Year).Distinct().OrderDescending()],
            },
            StatusCodes.Status200OK);
    }

    /// <summary>One review: stage, open tasks, ranked results.</summary>
    [Function("OfficeResearcherReview")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reviewId}")] HttpRequest request, string reviewId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var review = (await store.Reviews.GetAsync(reviewId, cancellationToken).ConfigureAwait(false))?.Record;
        var instance = await client.GetInstanceAsync(reviewId, getInputsAndOutputs: review is null, cancellationToken).ConfigureAwait(false);
        if (review is null)
        {
            // Just started (from the office's form, say): its first step records the review; until then the page says so.
            return instance is { SerializedInput.Length: > 0 } && instance.ReadInputAs<ReviewRequest>() is { } started
                ? new RenderedPage<ReviewStartingPage>(
                    new Dictionary<string, object?>
                    {
                        [nameof(ReviewStartingPage.Links)] = links,
                        [nameof(ReviewStartingPage.ReviewId)] = reviewId,
                        [nameof(ReviewStartingPage.Request)] = started,
                        [nameof(ReviewStartingPage.State)] = OfficeInstanceState.Describe(instance, links),
                        [nameof(ReviewStartingPage.Stopped)] = instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated,
                    },
                    StatusCodes.Status200OK)
                : FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reviewId", "没有这次考核。", "There is no such review.");
        }

        var open = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = review.PublishedAt is null ? [] : await store.ResultRowsOfAsync(reviewId, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<ReviewOfficePage>(
            new Dictionary<string, object?>
            {
                [nameof(ReviewOfficePage.Links)] = links,
                [nameof(ReviewOfficePage.Review)] = review,
                [nameof(ReviewOfficePage.State)] = OfficeInstanceState.Describe(instance, links),
                [nameof(ReviewOfficePage.Stage)] = ProcessStage.Describe(instance?.SerializedCustomStatus, links.Culture, clock),
                [nameof(ReviewOfficePage.Started)] = clock.Format(review.StartedAt),
                [nameof(ReviewOfficePage.Published)] = review.PublishedAt is { } published ? clock.Format(published) : null,
                [nameof(ReviewOfficePage.Unanswered)] = OpenTaskRow.Of(open, reviewId, clock, time.GetUtcNow()),
                [nameof(ReviewOfficePage.Results)] = (IReadOnlyList<ResearcherResultRecord>)rows,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The ranked results as .xlsx or .csv: a row per researcher, a column per A-level and secondary indicator.</summary>
    [Function("OfficeResearcherReviewResults")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reviewId}/results/{format}")] HttpRequest request, string reviewId, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var review = (await store.Reviews.GetAsync(reviewId, cancellationToken).ConfigureAwait(false))?.Record;
        if (review is not { PublishedAt: not null })
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reviewId", review is null ? "没有这次考核。" : "这次考核的结果尚未发布。", review is null ? "There is no such review." : "The review's results are not published yet.");
        }

        var results = (await store.ResultRowsOfAsync(reviewId, cancellationToken).ConfigureAwait(false)).Select(r => r.Result).ToList();
        var (header, rows) = Table(results);
        return OfficeExport.File(file, reviewId + "-results", header, rows);
    }

    /// <summary>
    /// The results table as exported: fixed columns, then one per A-level indicator and one per secondary indicator, in
    /// scheme order; headers in Chinese only; rank and points are numbers (to two places), except an imputed indicator's
    /// points, which say so in text (7（补）).
    /// </summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Table(IReadOnlyList<ResearcherResult> results)
    {
        var levelA = results.SelectMany(r => r.LevelA).DistinctBy(a => a.Id).ToList();
        var indicators = results.SelectMany(r => r.Indicators).DistinctBy(i => i.Id).ToList();
        List<string> header =
        [
            "名次", "编号", "姓名", "总分", "基础分", "加分",
            .. levelA.Select(a => $"{a.Name}（权重 {ReviewOfficeWords.Points(a.Weight)}）"),
            .. indicators.Select(i => $"{i.Name}（满分 {ReviewOfficeWords.Points(i.MaxPoints)}）"),
            "标注",
        ];
        var rows = results.Select(r => (IReadOnlyList<object?>)
        [
            r.Rank, r.ResearcherId, r.Name, Number(r.Total), Number(r.BaseScore), Number(r.BonusPoints),
            .. levelA.Select(a => r.LevelA.FirstOrDefault(x => x.Id == a.Id) is { } s ? Number(s.Score) : null),
            .. indicators.Select(i => r.Indicators.FirstOrDefault(x => x.Id == i.Id) is { } s ? s.Imputed ? ReviewOfficeWords.Points(s.Points) + "（补）" : Number(s.Points) : null),
            string.Join("；", r.Flags.Select(f => f.Detail)),
        ]).ToList();
        return (header, rows);

        // As the page shows points: to two places.
        static object Number(decimal value) => Math.Round(value, 2);
    }

    private static readonly string[] Sections = ["primary", "junior", "senior"];
}
