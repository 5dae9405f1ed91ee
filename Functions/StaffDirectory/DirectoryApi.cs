using EduFlows.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.StaffDirectory;

/// <summary>
/// <c>/api/directory</c>: schools, departments, staff and training bases. Reading needs a function key; writing,
/// importing and reloading need the master key; personal data (e-mail, mobile, birth date) only reaches master-key callers.
/// </summary>
public static class DirectoryApi
{
    private const int DefaultPageSize = 100;

    /// <summary>Maps the routes under the function route group.</summary>
    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var directory = functions.MapGroup("/directory").RequireKey(AuthorizationLevel.Function).WithTags("Directory");

        MapRecords(directory, "schools", s => s.Schools, DirectoryValidation.Validate, (School s) => s.Id, ["section", "town", "rural"], "schoolId");
        MapRecords(directory, "departments", s => s.Departments, DirectoryValidation.Validate, (Department d) => d.Id, ["teachingResearchOffice"], "departmentId");
        MapRecords(directory, "training-bases", s => s.TrainingBases, DirectoryValidation.Validate, (TrainingBase b) => b.Id, ["schoolId"], null);

        var staff = directory.MapGroup("/staff");
        staff.MapGet("/", ListStaffAsync);
        staff.MapGet("/export", ExportAsync);
        staff.MapGet("/{id}", GetStaffAsync);
        staff.MapPut("/{id}", PutStaffAsync).RequireKey(AuthorizationLevel.Admin);
        staff.MapDelete("/{id}", async (string id, DirectoryStore store, CancellationToken ct) => await store.Staff.DeleteAsync(id, ct).ConfigureAwait(false)
            ? Results.NoContent()
            : NotFound(id)).RequireKey(AuthorizationLevel.Admin);
        staff.MapPost("/import", ImportAsync).RequireKey(AuthorizationLevel.Admin).DisableAntiforgery();
        directory.MapPost("/demo/reload", async (DemoCountyLoader loader, CancellationToken ct) => TypedResults.Ok(await loader.ReloadAsync(ct).ConfigureAwait(false)))
            .RequireKey(AuthorizationLevel.Admin);
        return directory;
    }

    private static void MapRecords<T>(
        RouteGroupBuilder directory, string route, Func<DirectoryStore, DirectoryTable<T>> table, Func<T, List<FieldError>> validate, Func<T, string> idOf, string[] filters, string? staffReference)
        where T : class
    {
        var endpoints = new RecordEndpoints<T>(table, validate, idOf, filters, staffReference);
        var group = directory.MapGroup("/" + route);
        group.MapGet("/", endpoints.ListAsync);
        group.MapGet("/{id}", endpoints.GetAsync);
        group.MapPut("/{id}", endpoints.PutAsync).RequireKey(AuthorizationLevel.Admin);
        group.MapDelete("/{id}", endpoints.DeleteAsync).RequireKey(AuthorizationLevel.Admin);
    }

    /// <summary>The four operations on one kind of record.</summary>
    private sealed class RecordEndpoints<T>(
        Func<DirectoryStore, DirectoryTable<T>> table, Func<T, List<FieldError>> validate, Func<T, string> idOf, string[] filters, string? staffReference)
        where T : class
    {
        public async Task<IResult> ListAsync(HttpRequest request, DirectoryStore store, CancellationToken ct)
        {
            if (!TryPage(request, out int pageSize, out var problem))
            {
                return problem!;
            }

            var equals = filters.Where(f => request.Query.ContainsKey(f)).ToDictionary(f => f, f => FilterValue(request.Query[f].ToString()));
            var (items, next) = await table(store).ListAsync(equals, pageSize, request.Query["continuationToken"].FirstOrDefault(), ct).ConfigureAwait(false);
            return Results.Ok(new Page<T>(items, next));
        }

        public async Task<IResult> GetAsync(string id, DirectoryStore store, CancellationToken ct) =>
            await table(store).GetAsync(id, ct).ConfigureAwait(false) is { } record ? Results.Ok(record) : NotFound(id);

        public async Task<IResult> PutAsync(string id, HttpRequest request, DirectoryStore store, CancellationToken ct)
        {
            if (!request.HasJsonContentType())
            {
                return FieldProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Content-Type", "Send the record as application/json.");
            }

            T? record;
            try
            {
                record = await request.ReadFromJsonAsync<T>(EduFlows.Storage.RecordJson.Options, ct).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException ex)
            {
                return FieldProblem.Of(StatusCodes.Status400BadRequest, string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.'), ex.Message);
            }

            if (record is null)
            {
                return FieldProblem.Of(StatusCodes.Status400BadRequest, "body", "A record is required.");
            }

            if (idOf(record) != id)
            {
                return Invalid([new FieldError("id", $"the body's id '{idOf(record)}' is not the id in the URL '{id}'.")]);
            }

            var errors = validate(record);
            return errors.Count > 0 ? Invalid(errors) : await table(store).UpsertAsync(record, ct).ConfigureAwait(false) ? Results.Created(id, record) : Results.Ok(record);
        }

        public async Task<IResult> DeleteAsync(string id, DirectoryStore store, CancellationToken ct)
        {
            if (staffReference is not null)
            {
                // A school or department that people still belong to stays: move them first.
                var (members, _) = await store.Staff.ListAsync(new Dictionary<string, object> { [staffReference] = id }, 1, null, ct).ConfigureAwait(false);
                if (members.Count > 0)
                {
                    return FieldProblem.Of(StatusCodes.Status409Conflict, "id", $"'{id}' still has staff (for example {members[0].Id}); move them before deleting it.");
                }
            }

            return await table(store).DeleteAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(id);
        }
    }

    private static async Task<IResult> ListStaffAsync(HttpRequest request, DirectoryStore store, FunctionKeys keys, CancellationToken ct)
    {
        if (!TryPage(request, out int pageSize, out var problem))
        {
            return problem!;
        }

        string[] filters = ["schoolId", "departmentId", "post", "section", "subject", "reservePrincipal", "reserveResearcher"];
        var equals = filters.Where(f => request.Query.ContainsKey(f)).ToDictionary(f => f, f => FilterValue(request.Query[f].ToString()));
        var (items, next) = await store.Staff.ListAsync(equals, pageSize, request.Query["continuationToken"].FirstOrDefault(), ct).ConfigureAwait(false);
        bool personal = IsAdmin(request, keys);
        return Results.Ok(new Page<StaffMember>([.. items.Select(s => personal ? s : s.WithoutPersonalData())], next));
    }

    private static async Task<IResult> GetStaffAsync(string id, HttpRequest request, DirectoryStore store, FunctionKeys keys, CancellationToken ct) =>
        await store.Staff.GetAsync(id, ct).ConfigureAwait(false) is { } staff
            ? Results.Ok(IsAdmin(request, keys) ? staff : staff.WithoutPersonalData())
            : NotFound(id);

    private static async Task<IResult> PutStaffAsync(string id, StaffMember staff, DirectoryStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = staff.Id == id ? DirectoryValidation.Validate(staff, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) : [new FieldError("id", $"the body's id '{staff.Id}' is not the id in the URL '{id}'.")];
        if (staff.SchoolId is { } school && await store.Schools.GetAsync(school, ct).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("schoolId", $"no school with id '{school}' is in the directory."));
        }

        if (staff.DepartmentId is { } department && await store.Departments.GetAsync(department, ct).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("departmentId", $"no department with id '{department}' is in the directory."));
        }

        return errors.Count > 0 ? Invalid(errors) : await store.Staff.UpsertAsync(staff, ct).ConfigureAwait(false) ? Results.Created(id, staff) : Results.Ok(staff);
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, DirectoryStore store, TimeProvider time, CancellationToken ct)
    {
        Stream content;
        string? name = request.Query["format"].FirstOrDefault();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            if (form.Files.Count != 1)
            {
                return FieldProblem.Of(StatusCodes.Status400BadRequest, "file", "Send exactly one roster file.");
            }

            name ??= Path.GetExtension(form.Files[0].FileName).TrimStart('.');
            content = form.Files[0].OpenReadStream();
        }
        else
        {
            name ??= request.ContentType?.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase) == true ? "xlsx" : "csv";
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
            buffer.Position = 0;
            content = buffer;
        }

        if (!TryFormat(name, out var format))
        {
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "format", $"'{name}' is not a roster format (csv or xlsx).");
        }

        await using (content.ConfigureAwait(false))
        {
            (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) file;
            try
            {
                file = RosterFile.Read(content, format);
            }
            catch (InvalidDataException ex)
            {
                return FieldProblem.Of(StatusCodes.Status400BadRequest, "file", ex.Message);
            }

            var schools = (await store.Schools.AllAsync(ct).ConfigureAwait(false)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var departments = (await store.Departments.AllAsync(ct).ConfigureAwait(false)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var (staff, errors) = StaffRoster.Parse(file.Header, file.Rows, schools, departments, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            if (errors.Count > 0)
            {
                // The file is checked as a whole: one bad cell and nothing is imported.
                return TypedResults.Problem(
                    title: "The roster has errors; nothing was imported.",
                    detail: $"{errors.Count} error(s) in {errors.Select(e => e.Row).Distinct().Count()} row(s).",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    extensions: new Dictionary<string, object?> { ["field"] = "file", ["errors"] = errors });
            }

            return Results.Ok(await store.Staff.ApplyAsync(staff, ct).ConfigureAwait(false));
        }
    }

    private static async Task<IResult> ExportAsync(HttpRequest request, DirectoryStore store, FunctionKeys keys, CancellationToken ct)
    {
        string name = request.Query["format"].FirstOrDefault() ?? "csv";
        if (!TryFormat(name, out var format))
        {
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "format", $"'{name}' is not a roster format (csv or xlsx).");
        }

        bool personal = IsAdmin(request, keys);
        var staff = await store.Staff.AllAsync(ct).ConfigureAwait(false);
        var output = new MemoryStream();
        RosterFile.Write(output, format, StaffRoster.Columns, staff.Select(s => StaffRoster.ToRow(s, personal)));
        output.Position = 0;
        return format == RosterFile.Format.Csv
            ? Results.File(output, "text/csv; charset=utf-8", "staff.csv")
            : Results.File(output, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "staff.xlsx");
    }

    private static bool TryFormat(string? name, out RosterFile.Format format)
    {
        format = name?.ToUpperInvariant() == "XLSX" ? RosterFile.Format.Xlsx : RosterFile.Format.Csv;
        return name?.ToUpperInvariant() is "CSV" or "XLSX";
    }

    private static bool TryPage(HttpRequest request, out int pageSize, out IResult? problem)
    {
        pageSize = DefaultPageSize;
        problem = null;
        if (request.Query.TryGetValue("pageSize", out var text) && (!int.TryParse(text, out pageSize) || pageSize is < 1 or > 1000))
        {
            problem = FieldProblem.Of(StatusCodes.Status400BadRequest, "pageSize", "must be a whole number from 1 to 1000.");
            return false;
        }

        return true;
    }

    private static object FilterValue(string text) => bool.TryParse(text, out bool flag) ? flag : text;

    private static bool IsAdmin(HttpRequest request, FunctionKeys keys) => keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request));

    private static ProblemHttpResult NotFound(string id) => FieldProblem.Of(StatusCodes.Status404NotFound, "id", $"Nothing with id '{id}' is in the directory.");

    private static ProblemHttpResult Invalid(List<FieldError> errors) => FieldProblem.Invalid(errors, "The record is not valid; nothing was stored.");
}

/// <summary>One page of records; pass <see cref="ContinuationToken"/> back for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
