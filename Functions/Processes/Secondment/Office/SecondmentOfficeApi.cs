using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.Secondment.Office;

/// <summary>
/// The office's exchange and secondment page (master key): <c>office/secondments</c> lists every assignment with its
/// stage, month, and the next step (the open tasks of its instance, who owes them and by when), each linking to the
/// process's own report; <c>office/secondments/table/{xlsx|csv}</c> downloads the list.
/// </summary>
public sealed class SecondmentOfficeApi(IConfiguration configuration, SecondmentStore store, SecondmentEnds ends, StaffTaskStore tasks, BureauClock clock, TimeProvider time)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>
    /// Every assignment: running ones first, then by start. An instance that was terminated or failed is settled
    /// first (已终止/出错中止 with its line), so the office never sees such an assignment as still running.
    /// </summary>
    [Function("OfficeSecondments")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/secondments")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (records, nextSteps) = await AssignmentsAsync(client, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<SecondmentListPage>(
            new Dictionary<string, object?>
            {
                [nameof(SecondmentListPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(SecondmentListPage.Today)] = clock.DateOf(time.GetUtcNow()),
                [nameof(SecondmentListPage.Assignments)] = records,
                [nameof(SecondmentListPage.NextSteps)] = nextSteps,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The same list as .xlsx or .csv, settled the same way first: a row per assignment.</summary>
    [Function("OfficeSecondmentsFile")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/secondments/table/{format}")] HttpRequest request,
        string format,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var (records, nextSteps) = await AssignmentsAsync(client, cancellationToken).ConfigureAwait(false);
        var (header, rows) = SecondmentListTable.Of(records, nextSteps);
        return OfficeExport.File(file, "secondments", header, rows);
    }

    /// <summary>Whether an assignment has ended, by its course or stopped (listed after the running ones).</summary>
    internal static bool Ended(string stage) => SecondmentStages.IsEnded(stage);

    // Every assignment, settled, running ones first then by start, with its instance's open tasks.
    private async Task<(IReadOnlyList<SecondmentRecord> Records, IReadOnlyDictionary<string, IReadOnlyList<OpenTaskRow>> NextSteps)> AssignmentsAsync(
        DurableTaskClient client, CancellationToken cancellationToken)
    {
        var records = await ends.SettleAllAsync(client, await store.Assignments.QueryAsync(null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var open = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return (
            [.. records.OrderBy(r => Ended(r.State.Stage)).ThenBy(r => r.Plan.Start).ThenBy(r => r.Id, StringComparer.Ordinal)],
            records.ToDictionary(r => r.Id, r => OpenTaskRow.Of(open, r.Plan.InstanceId, clock, now), StringComparer.Ordinal));
    }
}
