using EduFlows.Hosting;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.StaffDirectory;

/// <summary>
/// <c>/api/directory</c>: schools, departments, staff and training bases. Reading needs a function key; writing,
/// importing and reloading need the master key; personal data (e-mail, mobile, birth date) only reaches master-key callers.
/// </summary>
public sealed class DirectoryApi(DirectoryStore store, FunctionKeys keys, TimeProvider time, BureauClock clock, DemoCountyLoader demo)
{
    private const int DefaultPageSize = 100;

    private static readonly RecordEndpoints<School> Schools = new(s => s.Schools, DirectoryValidation.Validate, s => s.Id, ["section", "town", "rural"], SchoolStillInUseAsync);
    private static readonly RecordEndpoints<Department> Departments = new(s => s.Departments, DirectoryValidation.Validate, d => d.Id, ["teachingResearchOffice"], DepartmentStillInUseAsync);
    private static readonly RecordEndpoints<TrainingBase> TrainingBases = new(s => s.TrainingBases, DirectoryValidation.Validate, b => b.Id, ["schoolId"], null);

    /// <summary><c>GET /api/directory/schools[?section=&amp;town=&amp;rural=&amp;pageSize=&amp;continuationToken=]</c>.</summary>
    [Function("DirectoryListSchools")]
    public Task<IResult> ListSchoolsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/schools")] HttpRequest request, CancellationToken cancellationToken) =>
        Schools.ListAsync(request, store, cancellationToken);

    /// <summary><c>GET /api/directory/schools/{id}</c>.</summary>
    [Function("DirectoryGetSchool")]
    public Task<IResult> GetSchoolAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/schools/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Schools.GetAsync(id, store, cancellationToken);

    /// <summary><c>PUT /api/directory/schools/{id}</c> (master key): 201 created, 200 replaced, 422 invalid.</summary>
    [Function("DirectoryPutSchool")]
    public Task<IResult> PutSchoolAsync([HttpTrigger(AuthorizationLevel.Admin, "put", Route = "directory/schools/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Schools.PutAsync(id, request, store, cancellationToken);

    /// <summary><c>DELETE /api/directory/schools/{id}</c> (master key): 409 while staff belong to it or a training base is at it.</summary>
    [Function("DirectoryDeleteSchool")]
    public Task<IResult> DeleteSchoolAsync([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "directory/schools/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Schools.DeleteAsync(id, store, cancellationToken);

    /// <summary><c>GET /api/directory/departments[?teachingResearchOffice=&amp;pageSize=&amp;continuationToken=]</c>.</summary>
    [Function("DirectoryListDepartments")]
    public Task<IResult> ListDepartmentsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/departments")] HttpRequest request, CancellationToken cancellationToken) =>
        Departments.ListAsync(request, store, cancellationToken);

    /// <summary><c>GET /api/directory/departments/{id}</c>.</summary>
    [Function("DirectoryGetDepartment")]
    public Task<IResult> GetDepartmentAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/departments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Departments.GetAsync(id, store, cancellationToken);

    /// <summary><c>PUT /api/directory/departments/{id}</c> (master key): 201 created, 200 replaced, 422 invalid.</summary>
    [Function("DirectoryPutDepartment")]
    public Task<IResult> PutDepartmentAsync([HttpTrigger(AuthorizationLevel.Admin, "put", Route = "directory/departments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Departments.PutAsync(id, request, store, cancellationToken);

    /// <summary><c>DELETE /api/directory/departments/{id}</c> (master key): 409 while staff belong to it.</summary>
    [Function("DirectoryDeleteDepartment")]
    public Task<IResult> DeleteDepartmentAsync([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "directory/departments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        Departments.DeleteAsync(id, store, cancellationToken);

    /// <summary><c>GET /api/directory/training-bases[?schoolId=&amp;pageSize=&amp;continuationToken=]</c>.</summary>
    [Function("DirectoryListTrainingBases")]
    public Task<IResult> ListTrainingBasesAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/training-bases")] HttpRequest request, CancellationToken cancellationToken) =>
        TrainingBases.ListAsync(request, store, cancellationToken);

    /// <summary><c>GET /api/directory/training-bases/{id}</c>.</summary>
    [Function("DirectoryGetTrainingBase")]
    public Task<IResult> GetTrainingBaseAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/training-bases/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        TrainingBases.GetAsync(id, store, cancellationToken);

    /// <summary><c>PUT /api/directory/training-bases/{id}</c> (master key): 201 created, 200 replaced, 422 invalid.</summary>
    [Function("DirectoryPutTrainingBase")]
    public Task<IResult> PutTrainingBaseAsync([HttpTrigger(AuthorizationLevel.Admin, "put", Route = "directory/training-bases/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        TrainingBases.PutAsync(id, request, store, cancellationToken);

    /// <summary><c>DELETE /api/directory/training-bases/{id}</c> (master key).</summary>
    [Function("DirectoryDeleteTrainingBase")]
    public Task<IResult> DeleteTrainingBaseAsync([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "directory/training-bases/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        TrainingBases.DeleteAsync(id, store, cancellationToken);

    /// <summary><c>GET /api/directory/staff[?schoolId=&amp;departmentId=&amp;post=&amp;section=&amp;subject=&amp;reservePrincipal=&amp;reserveResearcher=&amp;pageSize=&amp;continuationToken=]</c>; personal data for the master key only.</summary>
    [Function("DirectoryListStaff")]
    public async Task<IResult> ListStaffAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/staff")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryPage(request, out int pageSize, out var problem))
        {
            return problem!;
        }

        string[] filters = ["schoolId", "departmentId", "post", "section", "subject", "reservePrincipal", "reserveResearcher"];
        var equals = filters.Where(f => request.Query.ContainsKey(f)).ToDictionary(f => f, f => FilterValue(request.Query[f].ToString()));
        var (items, next) = await store.Staff.ListAsync(equals, pageSize, request.Query["continuationToken"].FirstOrDefault(), cancellationToken).ConfigureAwait(false);
        bool personal = IsAdmin(request);
        return Results.Ok(new Page<StaffMember>([.. items.Select(s => personal ? s : s.WithoutPersonalData())], next));
    }

    /// <summary><c>GET /api/directory/staff/{id}</c>; personal data for the master key only.</summary>
    [Function("DirectoryGetStaff")]
    public async Task<IResult> GetStaffAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/staff/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await store.Staff.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } staff
            ? Results.Ok(IsAdmin(request) ? staff : staff.WithoutPersonalData())
            : NotFound(id);

    /// <summary><c>PUT /api/directory/staff/{id}</c> (master key): 201 created, 200 replaced, 422 naming each invalid field.</summary>
    [Function("DirectoryPutStaff")]
    public async Task<IResult> PutStaffAsync([HttpTrigger(AuthorizationLevel.Admin, "put", Route = "directory/staff/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<StaffMember>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var staff = body.Value;
        var errors = await StaffErrorsAsync(store, staff, id, clock.DateOf(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return errors.Count > 0 ? Invalid(errors) : await store.Staff.UpsertAsync(staff, cancellationToken).ConfigureAwait(false) ? Results.Created(id, staff) : Results.Ok(staff);
    }

    /// <summary><c>DELETE /api/directory/staff/{id}</c> (master key).</summary>
    [Function("DirectoryDeleteStaff")]
    public async Task<IResult> DeleteStaffAsync([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "directory/staff/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await store.Staff.DeleteAsync(id, cancellationToken).ConfigureAwait(false) ? Results.NoContent() : NotFound(id);

    /// <summary>
    /// <c>POST /api/directory/staff/import[?format=csv|xlsx]</c> (master key): a roster as the body or as the one file of
    /// a form. Checked as a whole (422 listing every row and column at fault) and applied only when all of it is valid.
    /// </summary>
    [Function("DirectoryImportStaff")]
    public async Task<IResult> ImportAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "directory/staff/import")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Stream content;
        string? name = request.Query["format"].FirstOrDefault();
        if (request.HasFormContentType)
        {
            // A multipart body without a boundary or with a broken part is the sender's mistake (400), not a 500.
            var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return unreadable;
            }

            if (form!.Files.Count != 1)
            {
                return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "file", "请只上传一个名册文件。", "Send exactly one roster file.");
            }

            name ??= Path.GetExtension(form.Files[0].FileName).TrimStart('.');
            content = form.Files[0].OpenReadStream();
        }
        else
        {
            name ??= request.ContentType?.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase) == true ? "xlsx" : "csv";
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            content = buffer;
        }

        if (!TryFormat(name, out var format))
        {
            return NotAFormat(name);
        }

        return await TakeRosterAsync(content, format, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a roster file and applies it only when every row is valid: 200 with what changed, or a problem listing
    /// every row and column at fault (nothing imported). The import route and the office's upload form both take it so.
    /// </summary>
    internal async Task<IResult> TakeRosterAsync(Stream content, RosterFile.Format format, CancellationToken cancellationToken)
    {
        await using (content.ConfigureAwait(false))
        {
            (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) file;
            try
            {
                file = RosterFile.Read(content, format);
            }
            catch (InvalidDataException ex)
            {
                return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "file", $"名册文件无法读取，请确认是 {(format == RosterFile.Format.Csv ? "CSV" : "Excel（xlsx）")} 文件。", ex.Message);
            }
            catch (RosterTooLargeException ex)
            {
                string tooLarge = ex.Status == StatusCodes.Status413PayloadTooLarge
                    ? $"名册第 {ex.Row} 行过长（每行最多 {RosterFile.MaxRowChars} 个字符），未导入任何数据。"
                    : $"名册第 {ex.Row} 行列数过多（最多 {RosterFile.MaxColumns} 列），未导入任何数据。";
                // Refused before parsing: the row and column at fault, in the shape of the roster's other errors.
                return TypedResults.Problem(
                    title: "名册被拒收，未导入任何数据。 The roster is refused; nothing was imported.",
                    detail: $"{tooLarge} {ex.Message}",
                    statusCode: ex.Status,
                    extensions: new Dictionary<string, object?> { ["field"] = "file", ["errors"] = new[] { new RowError(ex.Row, ex.Column, tooLarge) { ReasonEn = ex.Message } } });
            }

            var schools = (await store.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var departments = (await store.Departments.AllAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var known = (await store.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var (staff, errors) = StaffRoster.Parse(file.Header, file.Rows, schools, departments, clock.DateOf(time.GetUtcNow()), known);
            if (errors.Count > 0)
            {
                // The file is checked as a whole: one bad cell and nothing is imported.
                return TypedResults.Problem(
                    title: "名册有误，未导入任何数据。 The roster has errors; nothing was imported.",
                    detail: $"名册中 {errors.Select(e => e.Row).Distinct().Count()} 行共有 {errors.Count} 处错误。 {errors.Count} error(s) in {errors.Select(e => e.Row).Distinct().Count()} row(s).",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    extensions: new Dictionary<string, object?> { ["field"] = "file", ["errors"] = errors });
            }

            return Results.Ok(await store.Staff.ApplyAsync(staff, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary><c>GET /api/directory/staff/export[?format=csv|xlsx]</c>: the whole roster as a file; personal data for the master key only.</summary>
    [Function("DirectoryExportStaff")]
    public async Task<IResult> ExportAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/staff/export")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string name = request.Query["format"].FirstOrDefault() ?? "csv";
        if (!TryFormat(name, out var format))
        {
            return NotAFormat(name);
        }

        bool personal = IsAdmin(request);
        var staff = await store.Staff.AllAsync(cancellationToken).ConfigureAwait(false);
        var output = new MemoryStream();
        RosterFile.Write(output, format, StaffRoster.Columns, staff.Select(s => StaffRoster.ToRow(s, personal)));
        output.Position = 0;
        return format == RosterFile.Format.Csv
            ? Results.File(output, "text/csv; charset=utf-8", "staff.csv")
            : Results.File(output, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "staff.xlsx");
    }

    /// <summary><c>POST /api/directory/demo/reload</c> (master key): loads the demo county's seeds again; returns the counts.</summary>
    [Function("DirectoryReloadDemo")]
    public async Task<IResult> ReloadDemoAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "directory/demo/reload")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await demo.ReloadAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The four operations on one kind of record.</summary>
    private sealed class RecordEndpoints<T>(
        Func<DirectoryStore, DirectoryTable<T>> table,
        Func<T, List<FieldError>> validate,
        Func<T, string> idOf,
        string[] filters,
        Func<DirectoryStore, string, CancellationToken, Task<ProblemHttpResult?>>? stillInUse)
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
            // Refused before the shared reader would (naming the body): this API has always named the header.
            if (!request.HasJsonContentType())
            {
                return HttpBody.NotJson(request, "Content-Type");
            }

            var read = await request.ReadRecordAsync<T>(EduFlows.Storage.RecordJson.Options, ct).ConfigureAwait(false);
            if (read.Failed)
            {
                return read.Problem;
            }

            var record = read.Value;
            if (idOf(record) != id)
            {
                return Invalid([IdMismatch(idOf(record), id)]);
            }

            var errors = validate(record);
            return errors.Count > 0 ? Invalid(errors) : await table(store).UpsertAsync(record, ct).ConfigureAwait(false) ? Results.Created(id, record) : Results.Ok(record);
        }

        public async Task<IResult> DeleteAsync(string id, DirectoryStore store, CancellationToken ct)
        {
            if (stillInUse is not null && await stillInUse(store, id, ct).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            return await table(store).DeleteAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(id);
        }
    }

    /// <summary>
    /// The refusal (409 at <c>id</c>) of deleting a school that people still belong to or that a training base is at
    /// (naming one of them); null when neither. The DELETE route and the office's delete form both refuse by it.
    /// </summary>
    internal static async Task<ProblemHttpResult?> SchoolStillInUseAsync(DirectoryStore store, string id, CancellationToken cancellationToken)
    {
        if (await StillHasStaffAsync(store, "schoolId", id, cancellationToken).ConfigureAwait(false) is { } staff)
        {
            return staff;
        }

        // A base names its school (TrainingBase.SchoolId): deleting the school would leave placements going nowhere.
        var (bases, _) = await store.TrainingBases.ListAsync(new Dictionary<string, object> { ["schoolId"] = id }, 1, null, cancellationToken).ConfigureAwait(false);
        return bases.Count > 0
            ? FieldProblem.ForStaff(
                StatusCodes.Status409Conflict,
                "id",
                $"“{id}”还设有培训基地（如 {bases[0].Name}，{bases[0].Id}），请先删除该基地或将其改到其他学校再删除。",
                $"'{id}' still hosts a training base (for example {bases[0].Id}); delete the base or move it to another school before deleting it.")
            : null;
    }

    /// <summary>The refusal (409 at <c>id</c>) of deleting a department that people still belong to; null when nobody does.</summary>
    internal static Task<ProblemHttpResult?> DepartmentStillInUseAsync(DirectoryStore store, string id, CancellationToken cancellationToken) =>
        StillHasStaffAsync(store, "departmentId", id, cancellationToken);

    /// <summary>
    /// The refusal (409 at <c>id</c>) of deleting a school or department that people still belong to, naming one of
    /// them; null when nobody does. <paramref name="staffReference"/> is the staff column holding it (<c>schoolId</c>,
    /// <c>departmentId</c>).
    /// </summary>
    internal static async Task<ProblemHttpResult?> StillHasStaffAsync(DirectoryStore store, string staffReference, string id, CancellationToken cancellationToken)
    {
        // A school or department that people still belong to stays: move them first.
        var (members, _) = await store.Staff.ListAsync(new Dictionary<string, object> { [staffReference] = id }, 1, null, cancellationToken).ConfigureAwait(false);
        return members.Count > 0
            ? FieldProblem.ForStaff(StatusCodes.Status409Conflict, "id", $"“{id}”下还有人员（如 {members[0].Id}），请先将他们调出再删除。", $"'{id}' still has staff (for example {members[0].Id}); move them before deleting it.")
            : null;
    }

    /// <summary>
    /// Every error of a staff record stored under <paramref name="id"/>: its own rules, then its school, department and
    /// declared relatives looked up in the directory. The PUT route and the office's edit form both judge by it.
    /// </summary>
    internal static async Task<List<FieldError>> StaffErrorsAsync(DirectoryStore store, StaffMember staff, string id, DateOnly today, CancellationToken cancellationToken)
    {
        var errors = staff.Id == id ? DirectoryValidation.Validate(staff, today) : [IdMismatch(staff.Id, id)];

        // A reference no table can key (/ \ # ?, control characters, 100 KiB) is named, not looked up: storage would fail with a 500.
        foreach (var (field, reference) in new[] { ("schoolId", staff.SchoolId), ("departmentId", staff.DepartmentId) })
        {
            if (TableKey.Error(field, reference) is { } unkeyable)
            {
                return [unkeyable];
            }
        }

        if (staff.SchoolId is { } school && await store.Schools.GetAsync(school, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("schoolId", $"no school with id '{school}' is in the directory.") { ReasonZh = $"名录中没有编号为“{school}”的学校。" });
        }

        if (staff.DepartmentId is { } department && await store.Departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("departmentId", $"no department with id '{department}' is in the directory.") { ReasonZh = $"名录中没有编号为“{department}”的科室。" });
        }

        // Only ids that passed the id check are looked up: any other could not key a row.
        foreach (var (relative, i) in (staff.Relatives ?? []).Select((r, i) => (r, i)))
        {
            string field = $"relatives[{i}].staffId";
            if (relative is not null && !errors.Exists(e => e.Field == field || e.Field == $"relatives[{i}]")
                && await store.Staff.GetAsync(relative.StaffId, cancellationToken).ConfigureAwait(false) is null)
            {
                errors.Add(new FieldError(field, $"no staff member with id '{relative.StaffId}' is in the directory.") { ReasonZh = $"申报亲属第 {i + 1} 项：名录中没有编号为“{relative.StaffId}”的人员。" });
            }
        }

        return errors;
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
            problem = FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "pageSize", "每页条数须为 1 到 1000 之间的整数。", "pageSize must be a whole number from 1 to 1000.");
            return false;
        }

        return true;
    }

    private static object FilterValue(string text) => bool.TryParse(text, out bool flag) ? flag : text;

    private bool IsAdmin(HttpRequest request) => keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request));

    private static ProblemHttpResult NotFound(string id) => FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中没有编号为“{id}”的记录。", $"Nothing with id '{id}' is in the directory.");

    private static ProblemHttpResult Invalid(List<FieldError> errors) => FieldProblem.InvalidForStaff(errors, "记录有误，未保存。", "The record is not valid; nothing was stored.");

    private static ProblemHttpResult NotAFormat(string? name) =>
        FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "format", $"“{name}”不是名册格式：只能是 CSV 或 xlsx。", $"'{name}' is not a roster format (csv or xlsx).");

    private static FieldError IdMismatch(string? inBody, string inUrl) =>
        new("id", $"the body's id '{inBody}' is not the id in the URL '{inUrl}'.") { ReasonZh = $"内容中的编号“{inBody}”与地址中的编号“{inUrl}”不一致。" };
}

/// <summary>One page of records; pass <see cref="ContinuationToken"/> back for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
