using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ReservePool.Office;

/// <summary>
/// The office's reserve-pool page (master key): <c>office/reserve-pool</c> shows the pool filtered by pool, section,
/// age and readiness, with the Excel/CSV export of the same filter (the process's export at its office/ route), each person's
/// file, and where this year's review stands.
/// </summary>
public sealed class PoolOfficeApi(IConfiguration configuration, ReservePoolDesk desk, DirectoryStore directory)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The pool page; a bad filter is a 422 naming the field.</summary>
    [Function("OfficeReservePool")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/reserve-pool")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (filter, errors) = PoolFilter.Read(request.Query);
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "查询条件有误。", "Bad filter.");
        }

        var today = desk.Today;
        var everyone = await desk.QueryAsync(new PoolQuery(null, null, null, null, null, IncludeExited: true), cancellationToken).ConfigureAwait(false);
        var shown = everyone.Where(m => filter.Query.Matches(m, today))
            .OrderBy(m => m.Pool, StringComparer.Ordinal).ThenBy(m => m.Section, StringComparer.Ordinal).ThenBy(m => m.StaffId, StringComparer.Ordinal).ToList();
        var schools = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);

        // The review of this year, else of last year: the yearly review starts on 1 December.
        ReviewProgress? review = null;
        string? reviewState = null;
        foreach (int year in new[] { today.Year, today.Year - 1 })
        {
            var instance = await client.GetInstanceAsync(ReservePoolReview.InstanceIdOf(year), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is not null)
            {
                review = instance.ReadCustomStatusAs<ReviewProgress>() ?? new ReviewProgress(year, "reviewing", 0, 0, 0);
                reviewState = instance.InstanceId;
                break;
            }
        }

        return new RenderedPage<PoolOfficePage>(
            new Dictionary<string, object?>
            {
                [nameof(PoolOfficePage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(PoolOfficePage.Filter)] = filter,
                [nameof(PoolOfficePage.Today)] = today,
                [nameof(PoolOfficePage.Everyone)] = (IReadOnlyList<PoolMember>)everyone,
                [nameof(PoolOfficePage.Shown)] = (IReadOnlyList<PoolMember>)shown,
                [nameof(PoolOfficePage.Schools)] = (IReadOnlyDictionary<string, string>)schools,
                [nameof(PoolOfficePage.Review)] = review,
                [nameof(PoolOfficePage.ReviewInstance)] = reviewState,
            },
            StatusCodes.Status200OK);
    }
}
