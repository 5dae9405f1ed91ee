using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Workbench;

/// <summary>
/// <c>GET /api/office/county[?q=]</c> (master key): the directory as the office browses it: schools with their
/// principal, departments with their head, researchers, training bases and the bureau's leaders, each with the id
/// a process takes for that role, and per process the people to try it with (<see cref="IDemoCountyPart.RolesAsync"/>).
/// The 8,950 staff are not listed; <c>q</c> finds one by id or by exact name.
/// </summary>
public sealed class CountyApi(IConfiguration configuration, DirectoryStore directory, IEnumerable<IDemoCountyPart> parts, BureauClock clock, TimeProvider time)
{
    /// <summary>The most people a search lists.</summary>
    public const int SearchLimit = 50;

    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The county page.</summary>
    [Function("OfficeCounty")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/county")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var schools = directory.Schools.AllAsync(cancellationToken);
        var departments = directory.Departments.AllAsync(cancellationToken);
        var bases = directory.TrainingBases.AllAsync(cancellationToken);
        var researchers = Post("researcher");
        var principals = Post("principal");
        var cadres = Post("bureau-cadre");
        var leaders = Post("bureau-leader");
        string? query = request.Query["q"].ToString().Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, 60)] : null;
        var found = query is null ? Task.FromResult(new List<StaffMember>()) : SearchAsync(query, cancellationToken);
        var roles = Task.WhenAll(parts.Select(p => p.RolesAsync(cancellationToken)));
        await Task.WhenAll(schools, departments, bases, researchers, principals, cadres, leaders, found, roles).ConfigureAwait(false);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in (await principals.ConfigureAwait(false)).Concat(await cadres.ConfigureAwait(false)).Concat(await researchers.ConfigureAwait(false)).Concat(await leaders.ConfigureAwait(false)))
        {
            names[person.Id] = person.Name;
        }

        var county = new CountyDirectory(
            [.. (await schools.ConfigureAwait(false)).OrderBy(s => s.Id, StringComparer.Ordinal)],
            [.. (await departments.ConfigureAwait(false)).OrderBy(d => d.Id, StringComparer.Ordinal)],
            [.. (await researchers.ConfigureAwait(false)).OrderBy(r => r.Section, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)],
            [.. (await bases.ConfigureAwait(false)).OrderBy(b => b.Id, StringComparer.Ordinal)],
            [.. (await leaders.ConfigureAwait(false)).OrderBy(l => l.Id, StringComparer.Ordinal)],
            names,
            query,
            [.. (await found.ConfigureAwait(false)).Select(p => p.WithoutPersonalData())],
            [.. (await roles.ConfigureAwait(false)).SelectMany(r => r)]);
        return new RenderedPage<CountyPage>(
            new Dictionary<string, object?> { [nameof(CountyPage.Links)] = links, [nameof(CountyPage.County)] = county, [nameof(CountyPage.Year)] = clock.DateOf(time.GetUtcNow()).Year },
            StatusCodes.Status200OK);

        Task<List<StaffMember>> Post(string post) => directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = post }, cancellationToken);
    }

    // An id is a point read; a name is an equality filter (the table cannot search inside text): both are cheap.
    private async Task<List<StaffMember>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(query, "^[A-Za-z0-9-]+$") && await directory.Staff.GetAsync(query, cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return [byId];
        }

        var (byName, _) = await directory.Staff.ListAsync(new Dictionary<string, object> { ["name"] = query }, SearchLimit, null, cancellationToken).ConfigureAwait(false);
        return [.. byName];
    }
}
