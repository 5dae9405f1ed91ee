using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.StaffDirectory.Office;

/// <summary>
/// The office's edits of the directory from the county page, by the directory's own rules (not repeated here):
/// <c>office/county/{schools|departments|training-bases|staff}/{id}</c> shows a record's form filled with what is stored
/// and saves it over the version it was read at (<see cref="DirectoryTable{T}.TryReplaceAsync"/>), so an edit made
/// meanwhile is not overwritten but named; a staff member is judged as the PUT route judges one
/// (<see cref="DirectoryApi.StaffErrorsAsync"/>), the others by <see cref="DirectoryValidation"/>.
/// <c>office/county/{kind}/{id}/delete</c> shows what deleting the record does and deletes the version it showed,
/// refused as the DELETE route refuses (a school or department that people still belong to, a school a training base is at).
/// <c>office/county/roster</c> takes a roster file (.xlsx or .csv) as the import route does
/// (<see cref="DirectoryApi.TakeRosterAsync"/>): whole, or not at all with every bad row named in Chinese;
/// <c>office/county/roster/template/{xlsx|csv}</c> is the blank roster under the Chinese headers.
/// </summary>
public sealed class DirectoryOfficeActs(IConfiguration configuration, DirectoryStore store, TimeProvider time, BureauClock clock, OfficeActLog acts)
{
    /// <summary>The largest roster file the form takes.</summary>
    public const long MaxRosterBytes = 10 * 1024 * 1024;

    private const string County = "office/county";
    private const string RosterPath = County + "/roster";

    // The edit routes' version segment: anything but "delete", so that "…/{id}/delete" is never read as an edit's
    // version whichever route the host tries first (a version the store never wrote is refused as changed, 409).
    private const string EditVersion = "{version:regex(^(?!delete$))?}";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: a staff member's form as stored; POST: saves it over the version the form was read at.</summary>
    [Function("OfficeDirectoryStaffEdit")]
    public Task<IResult> EditStaffAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/staff/{id}/" + EditVersion)] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var yesNo = YesNo(links);
        string none = links.Say("（无）", "(none)");
        var act = new OfficeFormAct(
            links.Say("修改教职工信息", "Edit a staff member"),
            links.Say("修改后立即生效，之后启动的流程按新的单位、岗位和邮箱办理；已在办理中的任务不受影响。若他人在您打开本页后修改了同一人员，本次修改不会保存，请重新打开后再改。", "Takes effect at once for processes started afterwards; tasks already sent are unchanged. If someone else changed this person since you opened the page, nothing is saved: open it again."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("name", links.Say("姓名（必填）", "Name (required)")),
                new OfficeFormField("gender", links.Say("性别", "Gender"), Choices: Named(DirectoryVocabulary.GenderNames, links)),
                new OfficeFormField("post", links.Say("岗位", "Post"), Choices: Named(DirectoryVocabulary.PostNames, links)),
                new OfficeFormField("schoolId", links.Say("所在学校编号", "School id"), Hint: links.Say("学校教职工填写，如 sch-0001；局机关人员不填。", "For school staff, e.g. sch-0001.")),
                new OfficeFormField("departmentId", links.Say("所在科室编号", "Department id"), Hint: links.Say("局机关人员和教研员填写，如 dep-01。", "For bureau staff and researchers, e.g. dep-01.")),
                new OfficeFormField("section", links.Say("学段", "Section"), Choices: [(string.Empty, none), .. Named(DirectoryVocabulary.SectionNames, links)]),
                new OfficeFormField("subject", links.Say("学科", "Subject"), Choices: [(string.Empty, none), .. Named(DirectoryVocabulary.SubjectNames, links)]),
                new OfficeFormField("title", links.Say("职称", "Title"), Choices: [(string.Empty, none), .. Named(DirectoryVocabulary.TitleNames, links)]),
                new OfficeFormField("email", links.Say("电子邮箱", "E-mail"), Hint: links.Say("待办任务发到这个邮箱。", "Tasks are mailed here.")),
                new OfficeFormField("mobile", links.Say("手机号码", "Mobile")),
                new OfficeFormField("birthDate", links.Say("出生日期", "Born"), OfficeFieldKind.Date),
                new OfficeFormField("hireDate", links.Say("参加工作日期", "Hired"), OfficeFieldKind.Date),
                new OfficeFormField("postSince", links.Say("任现岗位日期", "In post since"), OfficeFieldKind.Date),
                new OfficeFormField("reservePrincipal", links.Say("后备校长", "Reserve principal"), OfficeFieldKind.YesNo, Choices: yesNo),
                new OfficeFormField("reserveResearcher", links.Say("后备教研员", "Reserve researcher"), OfficeFieldKind.YesNo, Choices: yesNo),
            ]);
        return EditAsync(request, links, "staff", id, version, store.Staff, act, (s, ct) => DirectoryApi.StaffErrorsAsync(store, s, id, Today(), ct), cancellationToken);
    }

    /// <summary>GET: a school's form as stored; POST: saves it over the version the form was read at.</summary>
    [Function("OfficeDirectorySchoolEdit")]
    public Task<IResult> EditSchoolAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/schools/{id}/" + EditVersion)] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("修改学校信息", "Edit a school"),
            links.Say("修改后立即生效。若他人在您打开本页后修改了这所学校，本次修改不会保存，请重新打开后再改。", "Takes effect at once. If someone else changed the school since you opened the page, nothing is saved: open it again."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("name", links.Say("学校名称（必填）", "Name (required)")),
                new OfficeFormField("section", links.Say("学段", "Section"), Choices: Named(DirectoryVocabulary.SectionNames.Where(s => DirectoryVocabulary.SchoolSections.Contains(s.Key)), links)),
                new OfficeFormField("town", links.Say("所在乡镇（必填）", "Town (required)")),
                new OfficeFormField("rural", links.Say("农村学校", "Rural"), OfficeFieldKind.YesNo, Choices: YesNo(links)),
                new OfficeFormField("principalId", links.Say("校长编号", "Principal's staff id"), Hint: links.Say("如 stf-00001；不填为未任命。", "E.g. stf-00001; blank: none appointed.")),
            ]);
        return EditAsync(request, links, "schools", id, version, store.Schools, act, (s, _) => Task.FromResult(DirectoryValidation.Validate(s)), cancellationToken);
    }

    /// <summary>GET: a department's form as stored; POST: saves it over the version the form was read at.</summary>
    [Function("OfficeDirectoryDepartmentEdit")]
    public Task<IResult> EditDepartmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/departments/{id}/" + EditVersion)] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("修改科室信息", "Edit a department"),
            links.Say("修改后立即生效，之后的科室考核任务发给新的负责人。若他人在您打开本页后修改了这个科室，本次修改不会保存，请重新打开后再改。", "Takes effect at once; later assessment tasks go to the new head. If someone else changed the department since you opened the page, nothing is saved: open it again."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("name", links.Say("科室名称（必填）", "Name (required)")),
                new OfficeFormField("headId", links.Say("负责人编号", "Head's staff id"), Hint: links.Say("如 stf-00001。", "E.g. stf-00001.")),
                new OfficeFormField("teachingResearchOffice", links.Say("教研室", "Teaching-research office"), OfficeFieldKind.YesNo, Choices: YesNo(links)),
                new OfficeFormField("bureauOffice", links.Say("局办公室", "Bureau office"), OfficeFieldKind.YesNo, Choices: YesNo(links), Hint: links.Say("局办公室人员登录后可使用办公室页面。", "Its staff may use the office's pages when signed in.")),
            ]);
        return EditAsync(request, links, "departments", id, version, store.Departments, act, (d, _) => Task.FromResult(DirectoryValidation.Validate(d)), cancellationToken);
    }

    /// <summary>GET: a training base's form as stored; POST: saves it over the version the form was read at.</summary>
    [Function("OfficeDirectoryTrainingBaseEdit")]
    public Task<IResult> EditTrainingBaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/training-bases/{id}/" + EditVersion)] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("修改培训基地信息", "Edit a training base"),
            links.Say("修改后立即生效，之后的跟岗培训按新的名额安排。若他人在您打开本页后修改了这个基地，本次修改不会保存，请重新打开后再改。", "Takes effect at once for later placements. If someone else changed the base since you opened the page, nothing is saved: open it again."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("name", links.Say("基地名称（必填）", "Name (required)")),
                new OfficeFormField("schoolId", links.Say("所在学校编号（必填）", "School id (required)")),
                new OfficeFormField("capacity", links.Say("每周名额（必填）", "Places a week (required)"), OfficeFieldKind.WholeNumber),
            ]);
        return EditAsync(request, links, "training-bases", id, version, store.TrainingBases, act, (b, _) => Task.FromResult(DirectoryValidation.Validate(b)), cancellationToken);
    }

    /// <summary>GET: what deleting a staff member does, and the button; POST: deletes them if still at the version the page was read at.</summary>
    [Function("OfficeDirectoryStaffDelete")]
    public Task<IResult> DeleteStaffAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/staff/{id}/delete/{version?}")] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        return DeleteAsync(
            request, links, "staff", id, version, store.Staff, null,
            links.Say("删除教职工", "Delete a staff member"),
            s => links.Say(
                $"将从名录中删除{s.Name}（{s.Id}）。删除后之后启动的流程不再向其派发任务，已在办理中的任务不受影响；删除不能撤销，如需恢复请重新录入。",
                $"{s.Name} ({s.Id}) is removed from the directory: processes started afterwards no longer give them tasks; tasks already sent are unchanged. This cannot be undone."),
            cancellationToken);
    }

    /// <summary>GET: what deleting a school does, and the button; POST: deletes it if still at the version read, nobody belongs to it and no training base is at it.</summary>
    [Function("OfficeDirectorySchoolDelete")]
    public Task<IResult> DeleteSchoolAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/schools/{id}/delete/{version?}")] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        return DeleteAsync(
            request, links, "schools", id, version, store.Schools, DirectoryApi.SchoolStillInUseAsync,
            links.Say("删除学校", "Delete a school"),
            s => links.Say(
                $"将从名录中删除{s.Name}（{s.Id}）。仍有教职工在这所学校、或仍有培训基地设在这所学校的，不能删除，请先将教职工调出、删除或改设培训基地；删除不能撤销。",
                $"{s.Name} ({s.Id}) is removed from the directory. A school that still has staff or hosts a training base is not deleted: move the staff and delete or move the base first. This cannot be undone."),
            cancellationToken);
    }

    /// <summary>GET: what deleting a department does, and the button; POST: deletes it if still at the version read and nobody belongs to it.</summary>
    [Function("OfficeDirectoryDepartmentDelete")]
    public Task<IResult> DeleteDepartmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/departments/{id}/delete/{version?}")] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        return DeleteAsync(
            request, links, "departments", id, version, store.Departments, DirectoryApi.DepartmentStillInUseAsync,
            links.Say("删除科室", "Delete a department"),
            d => links.Say(
                $"将从名录中删除{d.Name}（{d.Id}）。仍有人员在这个科室的，不能删除，请先将他们调出；删除不能撤销。",
                $"{d.Name} ({d.Id}) is removed from the directory. A department that still has staff is not deleted: move them first. This cannot be undone."),
            cancellationToken);
    }

    /// <summary>GET: what deleting a training base does, and the button; POST: deletes it if still at the version the page was read at.</summary>
    [Function("OfficeDirectoryTrainingBaseDelete")]
    public Task<IResult> DeleteTrainingBaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = County + "/training-bases/{id}/delete/{version?}")] HttpRequest request, string id, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        return DeleteAsync(
            request, links, "training-bases", id, version, store.TrainingBases, null,
            links.Say("删除培训基地", "Delete a training base"),
            b => links.Say(
                $"将从名录中删除{b.Name}（{b.Id}）。之后的跟岗培训不再安排到这个基地，已安排的不受影响；删除不能撤销。",
                $"{b.Name} ({b.Id}) is removed from the directory: later placements no longer go there; those made are unchanged. This cannot be undone."),
            cancellationToken);
    }

    /// <summary>
    /// GET: the form with a file field for a staff roster (.xlsx or .csv); POST (multipart): takes it whole and comes back
    /// with what changed, or shows every bad row and column in Chinese with nothing taken.
    /// </summary>
    [Function("OfficeDirectoryRosterImport")]
    public async Task<IResult> ImportRosterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = RosterPath)] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        if (!HttpMethods.IsPost(request.Method))
        {
            return Roster(links, null, null, [], Counted(request), StatusCodes.Status200OK);
        }

        var (upload, refused) = await OfficeUpload.ReadAsync(request, links, "名册", "roster", MaxRosterBytes, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return Roster(links, refused!.Field, refused.Reason, [], null, refused.Status);
        }

        var content = upload.Content;
        var answer = await ActivatorUtilities.CreateInstance<DirectoryApi>(request.HttpContext.RequestServices).TakeRosterAsync(content, upload.Format, cancellationToken).ConfigureAwait(false);
        if (answer is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
        {
            var rows = problem.ProblemDetails.Extensions.TryGetValue("errors", out object? errors) && errors is IEnumerable<RowError> list ? list.ToList() : [];
            string reason = rows.Count > 0
                ? links.Say($"名册有 {rows.Count} 处错误，未导入任何人员；请按下表改正后重新上传。", $"The roster has {rows.Count} errors; nothing was imported. Correct them as listed and upload again.")
                : OfficeForms.BodyReason(problem, links);
            return Roster(links, "file", reason, rows, null, problem.StatusCode);
        }

        if (answer is not Microsoft.AspNetCore.Http.HttpResults.Ok<ApplyResult> { Value: { } applied })
        {
            return answer;
        }

        await acts.RecordAsync(
            request.HttpContext,
            links.Say("导入教职工名册", "Import the staff roster"),
            RosterPath["office/".Length..],
            [
                new("file", links.Say("名册文件", "Roster"), upload.FileName),
                new("created", links.Say("新增", "New"), applied.Created.ToString(CultureInfo.InvariantCulture)),
                new("updated", links.Say("更新", "Updated"), applied.Updated.ToString(CultureInfo.InvariantCulture)),
            ],
            null,
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Redirect(
            links.To(RosterPath, ("created", Text(applied.Created)), ("updated", Text(applied.Updated)), ("unchanged", Text(applied.Unchanged))) + "#done",
            permanent: false);
    }

    /// <summary>
    /// GET: the blank roster to fill in, .xlsx or .csv: the Chinese headers the upload above reads
    /// (<see cref="StaffRoster.ChineseColumns"/>) and no rows.
    /// </summary>
    [Function("OfficeDirectoryRosterTemplate")]
    public static IResult RosterTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RosterPath + "/template/{format}")] HttpRequest request, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OfficeExport.FormatOf(format) is { } file
            ? OfficeExport.File(file, "staff-roster-template", StaffRoster.ChineseColumns, [])
            : OfficeExport.UnknownFormat();
    }

    // GET shows the record as stored, read at a version the form posts back to; POST saves over that version only.
    private static async Task<IResult> EditAsync<T>(
        HttpRequest request,
        OfficeLinks links,
        string kind,
        string id,
        string? version,
        DirectoryTable<T> table,
        OfficeFormAct act,
        Func<T, CancellationToken, Task<List<FieldError>>> validate,
        CancellationToken cancellationToken)
        where T : class
    {
        string back = $"{County}/{kind}/{Uri.EscapeDataString(id)}";
        var read = TableKey.Error("id", id) is null ? await table.GetVersionedAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (read is not { } stored)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中没有编号为“{id}”的记录。", $"Nothing with id '{id}' is in the directory.");
        }

        // A GET shows the version stored now and posts to it; a POST keeps the version its form was read at, so a save
        // made meanwhile is refused (409) rather than overwritten, and opening the page again starts from the new one.
        // A POST whose address carries no version is refused too: it cannot tell what it was read at.
        string? token = OfficeVersions.Posted(request, version, OfficeVersions.Token(stored.Version));
        if (!HttpMethods.IsPost(request.Method))
        {
            var shown = JsonSerializer.SerializeToNode(stored.Record, RecordJson.Options)!.AsObject();
            OfficePrefill.Fill(request, act.Fields.ToDictionary(field => field.Name, field => Shown(shown[field.Name]), StringComparer.Ordinal));
        }

        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action(back, token),
            back,
            act,
            async _ =>
            {
                var typed = await OfficeFormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                if (await table.GetVersionedAsync(id, cancellationToken).ConfigureAwait(false) is not { } current)
                {
                    return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中已没有编号为“{id}”的记录，可能已被删除；未保存。", $"'{id}' is no longer in the directory; nothing was saved.");
                }

                if (OfficeVersions.Refusal(token, OfficeVersions.Token(current.Version), $"“{id}”", $"'{id}'") is { } stale)
                {
                    return stale;
                }

                // What the form does not show (a person's declared relatives) stays as stored; a field left blank is cleared.
                var record = JsonSerializer.SerializeToNode(current.Record, RecordJson.Options)!.AsObject();
                foreach (var field in act.Fields)
                {
                    // A yes/no left unset is no, as an unticked box is.
                    record[field.Name] = typed[field.Name]?.DeepClone() ?? (field.Kind == OfficeFieldKind.YesNo ? JsonValue.Create(false) : null);
                }

                T edited;
                try
                {
                    edited = record.Deserialize<T>(RecordJson.Options)!;
                }
                catch (JsonException ex)
                {
                    // A blank the record cannot hold (a number, a required name): named by its field when the reader says which.
                    string name = ex.Path is { Length: > 2 } at && at.StartsWith("$.", StringComparison.Ordinal) ? at[2..] : "body";
                    string? label = act.Fields.FirstOrDefault(f => f.Name == name)?.Label;
                    return label is null
                        ? FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "body", "有必填项未填写，未保存。", "A required field is blank; nothing was saved.")
                        : FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, name, $"请填写“{label.Split('（', '(')[0].Trim()}”，未保存。", $"\"{label}\" is required; nothing was saved.");
                }

                if (await validate(edited, cancellationToken).ConfigureAwait(false) is { Count: > 0 } errors)
                {
                    return FieldProblem.InvalidForStaff(errors, "记录有误，未保存。", "The record is not valid; nothing was stored.");
                }

                return await table.TryReplaceAsync(edited, current.Version, cancellationToken).ConfigureAwait(false)
                    ? TypedResults.Ok(edited)
                    : Changed(id);
            },
            cancellationToken).ConfigureAwait(false);
    }

    // GET shows what will be deleted, read at a version the form posts back to; POST deletes that version only, and
    // refuses as the DELETE route does (a school or department people still belong to, a school hosting a base), changing nothing.
    private static async Task<IResult> DeleteAsync<T>(
        HttpRequest request,
        OfficeLinks links,
        string kind,
        string id,
        string? version,
        DirectoryTable<T> table,
        Func<DirectoryStore, string, CancellationToken, Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?>>? stillInUse,
        string heading,
        Func<T, string> willHappen,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = TableKey.Error("id", id) is null ? await table.GetVersionedAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (read is not { } stored)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中没有编号为“{id}”的记录。", $"Nothing with id '{id}' is in the directory.");
        }

        string? token = OfficeVersions.Posted(request, version, OfficeVersions.Token(stored.Version));
        var act = new OfficeFormAct(heading, willHappen(stored.Record), links.Say("确认删除", "Delete"), []);
        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action($"{County}/{kind}/{Uri.EscapeDataString(id)}/delete", token),
            County,
            act,
            async _ =>
            {
                if (await table.GetVersionedAsync(id, cancellationToken).ConfigureAwait(false) is not { } current)
                {
                    return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中已没有编号为“{id}”的记录，可能已被删除。", $"'{id}' is no longer in the directory.");
                }

                if (OfficeVersions.Refusal(token, OfficeVersions.Token(current.Version), $"“{id}”", $"'{id}'", deleting: true) is { } stale)
                {
                    return stale;
                }

                if (stillInUse is not null && await stillInUse(request.HttpContext.RequestServices.GetRequiredService<DirectoryStore>(), id, cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                return await table.TryDeleteAsync(id, current.Version, cancellationToken).ConfigureAwait(false)
                    ? TypedResults.NoContent()
                    : Changed(id, deleting: true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Changed(string id, bool deleting = false) =>
        OfficeVersions.Changed($"“{id}”", $"'{id}'", deleting);
    // A stored value as the form's field holds it: text as is, a date as yyyy-MM-dd, a yes/no as true or false.
    private static string? Shown(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    private static IReadOnlyList<(string Value, string Label)> YesNo(OfficeLinks links) => [("false", links.Say("否", "No")), ("true", links.Say("是", "Yes"))];

    private static IReadOnlyList<(string Value, string Label)> Named(IEnumerable<KeyValuePair<string, string>> names, OfficeLinks links) =>
        [.. names.Select(n => (n.Key, links.English ? n.Key : n.Value))];

    private static ApplyResult? Counted(HttpRequest request) =>
        int.TryParse(request.Query["created"], NumberStyles.None, CultureInfo.InvariantCulture, out int created)
        && int.TryParse(request.Query["updated"], NumberStyles.None, CultureInfo.InvariantCulture, out int updated)
        && int.TryParse(request.Query["unchanged"], NumberStyles.None, CultureInfo.InvariantCulture, out int unchanged)
            ? new ApplyResult(created, updated, unchanged)
            : null;

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    // The bureau's date (ages and terms turn at Beijing midnight), as the directory's own routes reckon it.
    private DateOnly Today() => clock.DateOf(time.GetUtcNow());

    private static RenderedPage<RosterImportPage> Roster(OfficeLinks links, string? errorField, string? error, List<RowError> rows, ApplyResult? done, int status) =>
        new(
            new Dictionary<string, object?>
            {
                [nameof(RosterImportPage.Links)] = links,
                [nameof(RosterImportPage.Path)] = RosterPath,
                [nameof(RosterImportPage.Error)] = error,
                [nameof(RosterImportPage.Rows)] = rows,
                [nameof(RosterImportPage.Done)] = done,
            },
            status,
            OfficeRefusal.Of(errorField, error, rows));
}
