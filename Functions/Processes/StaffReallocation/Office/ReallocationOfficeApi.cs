using Azure.Data.Tables;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The office's reallocation pages (master key): <c>office/staff-reallocation</c> lists every reallocation with its
/// stage; <c>office/staff-reallocation/{reallocationId}</c> shows its rounds, each school's posts, fill and ranking,
/// the appeals and points objections with their outcome, the unplaced cases and the open tasks it waits on;
/// <c>…/schools/{xlsx|csv}</c> and <c>…/people/{xlsx|csv}</c> download the per-school results and the people table.
/// </summary>
public sealed class ReallocationOfficeApi(IConfiguration configuration, StaffReallocationStore store, DirectoryStore directory, StaffTaskStore tasks, BureauClock clock, TimeProvider time)
{
    private const string Routes = "office/staff-reallocation";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>Every reallocation, newest first (ids end with the year), with its stage and its instance's state.</summary>
    [Function("OfficeStaffReallocations")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var records = (await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(r => r.Id, StringComparer.Ordinal).ToList();
        // Only the owners are named here: a few reads, not the county's whole directory.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string ownerId in records.Select(r => r.OwnerId).Distinct(StringComparer.Ordinal))
        {
            if (TableKey.Problem(ownerId) is null && await directory.Staff.GetAsync(ownerId, cancellationToken).ConfigureAwait(false) is { } owner)
            {
                names[ownerId] = owner.Name;
            }
        }

        var rows = new List<ReallocationListRow>();
        foreach (var record in records)
        {
            var instance = await client.GetInstanceAsync(record.Id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            rows.Add(new ReallocationListRow(
                record.Id,
                ReallocationNames.Title(record, records).For(links.Culture),
                ReallocationOfficeWords.Stage(record.Stage, links),
                OfficeInstanceState.Describe(instance, links),
                record.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                names.GetValueOrDefault(record.OwnerId, record.OwnerId)));
        }

        return new RenderedPage<ReallocationListPage>(
            new Dictionary<string, object?> { [nameof(ReallocationListPage.Links)] = links, [nameof(ReallocationListPage.Reallocations)] = (IReadOnlyList<ReallocationListRow>)rows },
            StatusCodes.Status200OK);
    }

    /// <summary>One reallocation; 404 in Chinese when there is none.</summary>
    [Function("OfficeStaffReallocation")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reallocationId}")] HttpRequest request, string reallocationId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (TableKey.Refusal("reallocationId", reallocationId) is not null)
        {
            return NoReallocation(reallocationId);
        }

        // Just started from the office's form, its first activity has not yet written the record: the instance's input
        // stands for it, so the form's redirect lands on the reallocation rather than on "no such reallocation".
        var instance = await client.GetInstanceAsync(reallocationId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var starting = instance?.SerializedInput is { Length: > 0 } ? instance.ReadInputAs<ReallocationStart>() : null;
        if (await ReadAsync(reallocationId, cancellationToken, starting).ConfigureAwait(false) is not { } read)
        {
            return NoReallocation(reallocationId);
        }

        var links = OfficeLinks.From(request, _routePrefix);
        var appeals = await AppealsAsync(store, client, instance, reallocationId, cancellationToken).ConfigureAwait(false);
        var allOpen = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var open = OpenTaskRow.Of(allOpen, reallocationId, clock, now);
        var reviewIds = appeals.Select(a => a.ReviewTaskId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var reviews = allOpen.Where(t => reviewIds.Contains(t.Id)).ToDictionary(t => t.Id, t => OpenTaskRow.Of([t], t.InstanceId, clock, now)[0], StringComparer.Ordinal);
        // Named as /api/me names it to the people in it: a second one in a year says so.
        var all = await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        string name = ReallocationNames.Title(read.Record, all).For(links.Culture);
        var view = ReallocationOfficeView.Of(
            read.Record, read.State, read.People, read.Rankings, read.Schools, read.Names, OfficeInstanceState.Describe(instance, links), appeals, reviews, open, links, clock);
        return new RenderedPage<ReallocationOfficePage>(
            new Dictionary<string, object?> { [nameof(ReallocationOfficePage.Links)] = links, [nameof(ReallocationOfficePage.View)] = view, [nameof(ReallocationOfficePage.Name)] = name },
            StatusCodes.Status200OK);
    }

    /// <summary>The per-school results, one row per post, as .xlsx or .csv.</summary>
    [Function("OfficeStaffReallocationSchools")]
    public Task<IResult> SchoolsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reallocationId}/schools/{format}")] HttpRequest request, string reallocationId, string format, CancellationToken cancellationToken) =>
        DownloadAsync(reallocationId, format, "schools", read => (ReallocationOfficeTables.SchoolsHeader, ReallocationOfficeTables.Schools(read.State, read.Rankings, read.Schools, read.Names)), cancellationToken);

    /// <summary>The people table, one row per person, as .xlsx or .csv.</summary>
    [Function("OfficeStaffReallocationPeople")]
    public Task<IResult> PeopleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reallocationId}/people/{format}")] HttpRequest request, string reallocationId, string format, CancellationToken cancellationToken) =>
        DownloadAsync(reallocationId, format, "people", read => (ReallocationOfficeTables.PeopleHeader, ReallocationOfficeTables.People(read.People, read.Schools, read.Names)), cancellationToken);

    private async Task<IResult> DownloadAsync(
        string reallocationId, string format, string table, Func<Stored, (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows)> tableOf, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (await ReadAsync(reallocationId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return NoReallocation(reallocationId);
        }

        var (header, rows) = tableOf(read);
        return OfficeExport.File(file, $"{reallocationId}-{table}", header, rows);
    }

    private sealed record Stored(
        ReallocationRecord Record, CountyState State, List<PersonRecord> People, List<SchoolRankingRecord> Rankings, IReadOnlyDictionary<string, School> Schools, IReadOnlyDictionary<string, string> Names);

    // Null for an id the storage could not hold as a key, or no such reallocation. One with people but no record (written
    // before the record was kept, or by hand) is shown as the report route shows it: its people, no stage; one whose
    // instance has started (starting: its input) but not yet written anything, by that input.
    private async Task<Stored?> ReadAsync(string reallocationId, CancellationToken cancellationToken, ReallocationStart? starting = null)
    {
        if (TableKey.Refusal("reallocationId", reallocationId) is not null)
        {
            return null;
        }

        var record = (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record;
        var (state, people) = await store.StateAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        if (record is null && people.Count == 0)
        {
            if (starting is null)
            {
                return null;
            }

            record = new ReallocationRecord { Id = reallocationId, OwnerId = starting.OwnerId, AsOf = starting.AsOf, StartedAt = starting.StartedAt, Stage = string.Empty };
        }

        var rankings = await store.Rankings.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId}"), cancellationToken).ConfigureAwait(false);
        var schools = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        return new Stored(
            record ?? new ReallocationRecord { Id = reallocationId, OwnerId = "—", AsOf = default, Stage = string.Empty },
            state,
            people,
            rankings,
            schools,
            await NamesAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The appeals and points objections the page lists: their records; for an instance started before they were put on
    /// record as they came (its <see cref="ReallocationStart.AppealsOnRecord"/> false), with those its history took in
    /// and decided (<see cref="AppealHistory"/>), which it has no record of unless decided since.
    /// </summary>
    internal static async Task<List<AppealRecord>> AppealsAsync(
        StaffReallocationStore store, DurableTaskClient client, OrchestrationMetadata? instance, string reallocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        var stored = await store.AppealsOfAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        if (instance?.SerializedInput is not { Length: > 0 } || instance.ReadInputAs<ReallocationStart>() is not { AppealsOnRecord: false })
        {
            return stored;
        }

        var history = await client.GetOrchestrationHistoryAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        return AppealHistory.Merge(stored, AppealHistory.Read(reallocationId, history));
    }

    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoReallocation(string reallocationId) =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reallocationId", $"没有县管校聘“{reallocationId}”。", $"{reallocationId} does not exist.");
}
