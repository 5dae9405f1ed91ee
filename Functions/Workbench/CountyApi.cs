using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Workbench;

/// <summary>
/// <c>GET /api/office/county[?q=]</c> (master key): the directory as the office browses it: schools with their
/// principal, departments with their head, researchers, training bases and the bureau's leaders, each with the id
/// a process takes for that role, and per process the people to try it with (<see cref="IDemoCountyPart.RolesAsync"/>).
/// The 8,950 staff are not listed here; <c>q</c> finds one by id or by exact name, and each school's and department's
/// row links its staff, a page at a time.
/// </summary>
public sealed class CountyApi(IConfiguration configuration, DirectoryStore directory, IEnumerable<IDemoCountyPart> parts, BureauClock clock, TimeProvider time)
{
    /// <summary>The most people a search lists.</summary>
    public const int SearchLimit = 50;

    /// <summary>How many people a page of a school's or department's staff lists.</summary>
    public const int StaffPageSize = 50;

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

    /// <summary>
    /// <c>GET /api/office/county/school-staff/{id}[?after=]</c>: one school's staff, <see cref="StaffPageSize"/> a page in
    /// id order, each with the links to edit and delete them; <c>after</c> is the last id of the page before (the
    /// table's own continuation, so no page reads more than it shows). 404 in Chinese for a school not in the directory.
    /// </summary>
    [Function("OfficeCountySchoolStaff")]
    public async Task<IResult> SchoolStaffAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/county/school-staff/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var school = TableKey.Fits(id) ? await directory.Schools.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return await UnitStaffAsync(
            request, links, "school-staff", "schoolId", id, school?.Name, links.Say("学校", "school"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/office/county/department-staff/{id}[?after=]</c>: one bureau department's people, paged as a school's
    /// staff are. 404 in Chinese for a department not in the directory.
    /// </summary>
    [Function("OfficeCountyDepartmentStaff")]
    public async Task<IResult> DepartmentStaffAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/county/department-staff/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var department = TableKey.Fits(id) ? await directory.Departments.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return await UnitStaffAsync(
            request, links, "department-staff", "departmentId", id, department?.Name, links.Say("科室", "department"), cancellationToken).ConfigureAwait(false);
    }

    // One page of a unit's staff by the staff column naming it; the unit's name is null when it is not in the directory.
    private async Task<IResult> UnitStaffAsync(
        HttpRequest request, OfficeLinks links, string kind, string column, string id, string? unitName, string unitWord, CancellationToken cancellationToken)
    {
        string path = $"office/county/{kind}/{Uri.EscapeDataString(id)}";
        var shown = new UnitStaff(path, column == "schoolId", id, unitName ?? string.Empty, [], null, null, null, null);
        if (unitName is null)
        {
            return Render(
                links,
                shown with { ErrorField = "id", Error = links.Say($"名录中没有编号为“{id}”的{unitWord}。", $"There is no {unitWord} with id '{id}' in the directory.") },
                StatusCodes.Status404NotFound);
        }

        string? after = request.Query["after"].ToString() is { Length: > 0 } a ? a : null;
        shown = shown with { After = after };
        if (!TableKey.Fits(after))
        {
            return Render(
                links,
                shown with { ErrorField = "after", Error = links.Say("翻页参数无效，请从第一页重新查看。", "The page link is not valid; start again from the first page.") },
                StatusCodes.Status400BadRequest);
        }

        var (staff, next) = await directory.Staff.ListAsync(new Dictionary<string, object> { [column] = id }, StaffPageSize, after, cancellationToken).ConfigureAwait(false);
        return Render(links, shown with { Rows = [.. staff.Select(s => s.WithoutPersonalData())], Next = next }, StatusCodes.Status200OK);
    }

    private static RenderedPage<UnitStaffPage> Render(OfficeLinks links, UnitStaff staff, int status) =>
        new(
            new Dictionary<string, object?> { [nameof(UnitStaffPage.Links)] = links, [nameof(UnitStaffPage.Staff)] = staff },
            status,
            staff.ErrorField is { } field && staff.Error is { } error ? (field, error) : null);

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
