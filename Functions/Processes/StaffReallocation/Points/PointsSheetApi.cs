using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// <c>/api/staff-reallocation/{id}/points-sheet</c> (master key): the points sheet of a reallocation — import from
/// Excel (checked whole: 422 naming each row and column at fault, nothing stored), correct one entry, read or export
/// it. A correction keeps the values it replaces, with who, when and why.
/// </summary>
public sealed class PointsSheetApi(PointsSheetStore sheets, DirectoryStore directory, TimeProvider time)
{
    /// <summary>Who made a change with the master key when no staff member is named.</summary>
    public const string ByAdministrator = "administrator (master key)";

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// POST <c>staff-reallocation/{reallocationId}/points-sheet[?reason=…&amp;by=…]</c>: an .xlsx body (or a form with one
    /// file and the fields <c>reason</c>, <c>by</c>). 200 with the counts; 400 unreadable; 422 naming rows and columns,
    /// or <c>reason</c> when the file changes entries already stored and gives no reason.
    /// </summary>
    [Function("StaffReallocationPointsSheetImport")]
    public async Task<IResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "staff-reallocation/{reallocationId}/points-sheet")] HttpRequest request,
        string reallocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TableKey.Refusal("reallocationId", reallocationId) is { } badId)
        {
            return badId;
        }

        string? reason = request.Query["reason"].FirstOrDefault(), by = request.Query["by"].FirstOrDefault();
        var content = new MemoryStream();
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return unreadable;
            }

            if (form!.Files.Count != 1)
            {
                return ReallocationProblem.InChinese(StatusCodes.Status400BadRequest, "file", "请上传一个积分表文件（.xlsx）。");
            }

            reason ??= form["reason"].FirstOrDefault();
            by ??= form["by"].FirstOrDefault();
            await using var upload = form.Files[0].OpenReadStream();
            await upload.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await request.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }

        content.Position = 0;
        return await TakeAsync(reallocationId, content, RosterFile.Format.Xlsx, reason, by, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a points sheet read from a file (the import route's and the office form's one way in): checked whole, then
    /// every new or changed row stored with who, when and why. 200 with the counts (<see cref="PointsSheetImported"/>);
    /// 400 unreadable; 422 naming rows and columns (<c>errors</c>: <see cref="RowError"/>s), or <c>reason</c> when the
    /// file changes entries already stored and gives no reason, or <c>by</c> for someone not in the directory.
    /// </summary>
    /// <param name="reallocationId">The reallocation (a table key, already checked).</param>
    /// <param name="content">The file.</param>
    /// <param name="format">.xlsx or .csv.</param>
    /// <param name="reason">Why entries already stored change.</param>
    /// <param name="by">The staff member importing; blank for the administrator.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IResult> TakeAsync(string reallocationId, Stream content, RosterFile.Format format, string? reason, string? by, CancellationToken cancellationToken)
    {
        if (await WhoAsync(by, cancellationToken).ConfigureAwait(false) is not { } who)
        {
            return ReallocationProblem.InChinese(StatusCodes.Status422UnprocessableEntity, "by", "应为教职工名册中的工号。");
        }

        (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) file;
        try
        {
            file = RosterFile.Read(content, format);
        }
        catch (InvalidDataException)
        {
            return ReallocationProblem.InChinese(StatusCodes.Status400BadRequest, "file", format == RosterFile.Format.Csv ? "无法读取该文件：请上传 UTF-8 编码的 CSV 积分表，首行为列名。" : "无法读取该文件：请上传 Excel（.xlsx）积分表。");
        }
        catch (RosterTooLargeException ex)
        {
            return Rows(ex.Status, [new RowError(ex.Row, ex.Column, ex.Message)]);
        }

        var known = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var (rows, errors) = PointsSheetFile.Parse(file.Header, file.Rows, known);
        if (errors.Count > 0)
        {
            return Rows(StatusCodes.Status422UnprocessableEntity, errors);
        }

        var sheet = await sheets.SheetOfAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        bool corrects = rows.Any(r => sheet.TryGetValue(r.StaffId, out var old) && !old.Values.SameAs(r.Values));
        if (corrects && string.IsNullOrWhiteSpace(reason))
        {
            return ReallocationProblem.InChinese(StatusCodes.Status422UnprocessableEntity, "reason", "该文件更正了已导入的积分项，请填写更正理由。");
        }

        var at = time.GetUtcNow();
        int added = 0, corrected = 0;
        foreach (var (staffId, name, values) in rows)
        {
            bool existed = sheet.TryGetValue(staffId, out var old);
            if (existed && old!.Values.SameAs(values))
            {
                continue;
            }

            await sheets.ReviseAsync(reallocationId, staffId, name, values, who, at, existed ? reason!.Trim() : "导入", cancellationToken).ConfigureAwait(false);
            _ = existed ? corrected++ : added++;
        }

        return TypedResults.Ok(new PointsSheetImported(reallocationId, rows.Count, added, corrected, rows.Count - added - corrected));
    }

    /// <summary>
    /// PATCH <c>staff-reallocation/{reallocationId}/points-sheet/{staffId}</c> with a <see cref="PointsSheetCorrection"/>:
    /// replaces the person's values (the old ones stay in the history); 200 with the entry; 422 naming the field.
    /// </summary>
    [Function("StaffReallocationPointsSheetCorrect")]
    public async Task<IResult> CorrectAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "patch", Route = "staff-reallocation/{reallocationId}/points-sheet/{staffId}")] HttpRequest request,
        string reallocationId, string staffId, CancellationToken cancellationToken)
    {
        var (correction, refused) = await ReadCorrectionAsync(request, reallocationId, staffId, cancellationToken).ConfigureAwait(false);
        if (correction is not { } c)
        {
            return refused!;
        }

        var entry = await sheets.ReviseAsync(reallocationId, staffId, null, c.Values, c.By, time.GetUtcNow(), c.Why, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(entry);
    }

    /// <summary>
    /// The body as a correction of one person's values, checked (404 naming the person not in the directory, 422 naming
    /// each field); stores nothing: the PATCH route and the office's form each save it their way.
    /// </summary>
    internal async Task<((PointsSheetValues Values, string By, string Why)? Correction, IResult? Refused)> ReadCorrectionAsync(
        HttpRequest request, string reallocationId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TableKey.Refusal("reallocationId", reallocationId) is { } badId)
        {
            return (null, badId);
        }

        if (!TableKey.Fits(staffId) || await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, ReallocationProblem.InChinese(StatusCodes.Status404NotFound, "staffId", $"工号 {staffId} 不在教职工名册中。"));
        }

        var body = await request.ReadJsonAsync<PointsSheetCorrection>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return (null, body.Problem);
        }

        var c = body.Value;
        var errors = new List<FieldError>();
        var words = c.Assessments ?? [];
        if (words.Count > 2)
        {
            errors.Add(new("assessments", "近两年考核最多两个结果（最近一年在前）。"));
        }

        errors.AddRange(words.Select((w, i) => (w, i)).Where(x => AssessmentWords.CodeOf(x.w) is null)
            .Select(x => new FieldError($"assessments[{x.i}]", $"“{x.w}”不是考核结果：应为 优秀、合格、基本合格 或 不合格。")));
        foreach (var (field, value, max) in new (string, int?, int)[]
        {
            ("supportTeachingYears", c.SupportTeachingYears, PointsSheetFile.MaxYears), ("hardshipYears", c.HardshipYears, PointsSheetFile.MaxYears), ("familyCases", c.FamilyCases, PointsSheetFile.MaxFamilyCases),
        })
        {
            if (value is < 0 || value > max)
            {
                errors.Add(new(field, $"应在 0 到 {max} 之间。"));
            }
        }

        if (string.IsNullOrWhiteSpace(c.Reason) || c.Reason.Length > 1000)
        {
            errors.Add(new("reason", "请填写更正理由，不超过1000字。"));
        }

        string? who = await WhoAsync(c.By, cancellationToken).ConfigureAwait(false);
        if (who is null)
        {
            errors.Add(new("by", "应为教职工名册中的工号。"));
        }

        if (errors.Count > 0)
        {
            return (null, FieldProblem.Invalid(errors, "更正未保存"));
        }

        var values = new PointsSheetValues([.. words.Select(w => AssessmentWords.CodeOf(w)!)], c.SupportTeachingYears ?? 0, c.HardshipYears ?? 0, c.FamilyCases ?? 0);
        return ((values, who!, c.Reason!.Trim()), null);
    }

    /// <summary>GET <c>staff-reallocation/{reallocationId}/points-sheet[?format=xlsx]</c>: every entry with its history (JSON), or the sheet as .xlsx.</summary>
    [Function("StaffReallocationPointsSheet")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "staff-reallocation/{reallocationId}/points-sheet")] HttpRequest request,
        string reallocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TableKey.Refusal("reallocationId", reallocationId) is { } badId)
        {
            return badId;
        }

        var entries = (await sheets.SheetOfAsync(reallocationId, cancellationToken).ConfigureAwait(false)).Values.OrderBy(e => e.StaffId, StringComparer.Ordinal).ToList();
        if (!string.Equals(request.Query["format"], "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(entries);
        }

        using var file = new MemoryStream();
        PointsSheetFile.Write(file, entries);
        return TypedResults.File(file.ToArray(), Xlsx, $"{reallocationId}-points-sheet.xlsx");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Rows(int status, IReadOnlyList<RowError> errors) => TypedResults.Problem(
        title: "积分表有误，未导入任何数据。",
        detail: string.Join(" ", errors.Select(e => $"第{e.Row}行“{e.Column}”：{e.Reason}")),
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["field"] = "file", ["errors"] = errors });

    // The staff member named, if in the directory; the administrator when none is named; null for an unknown one.
    private async Task<string?> WhoAsync(string? by, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(by) ? ByAdministrator
        : TableKey.Fits(by) && await directory.Staff.GetAsync(by.Trim(), cancellationToken).ConfigureAwait(false) is not null ? by.Trim() : null;
}

/// <summary>What an import of the points sheet took.</summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="Rows">The file's rows.</param>
/// <param name="Added">People new to the sheet.</param>
/// <param name="Corrected">People whose values changed (the old ones kept in their history).</param>
/// <param name="Unchanged">Rows the sheet already had as they are.</param>
public sealed record PointsSheetImported(string ReallocationId, int Rows, int Added, int Corrected, int Unchanged);
