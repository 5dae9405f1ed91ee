using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The office's acts on a reallocation's points sheet, by the JSON routes' own work (<see cref="PointsSheetApi"/>, not
/// repeated): <c>office/staff-reallocation/{id}/points-sheet</c> shows the sheet's state and takes a sheet as a file of
/// the form, .xlsx or .csv (<see cref="PointsSheetApi.TakeAsync"/>, as <c>POST staff-reallocation/{id}/points-sheet</c>),
/// every bad row named in Chinese and nothing taken on any; <c>…/points-sheet/correct</c> corrects one person's values
/// (<see cref="PointsSheetApi.CorrectAsync"/>, as <c>PATCH …/points-sheet/{staffId}</c>). Both go back to the sheet's page.
/// A correction form opened for a person (<c>?staffId=</c>) saves only over their entry as it showed it (the person and
/// the entry's version in its address, <c>…/correct/{version}</c>): an entry changed meanwhile is refused (409), not overwritten.
/// </summary>
public sealed class PointsSheetOfficeActs(IConfiguration configuration, PointsSheetStore sheets, OfficeActLog acts, TimeProvider time)
{
    private const string Routes = "office/staff-reallocation";

    // The sheet's page lists the latest changes, not all 8,950 people: the full sheet is the route's Excel.
    private const int ShownChanges = 20;

    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>
    /// GET: the sheet's state and the upload form; POST (multipart): takes the file whole and comes back to the page,
    /// or shows every bad row and column in Chinese with nothing taken.
    /// </summary>
    [Function("OfficeStaffReallocationPointsSheet")]
    public async Task<IResult> UploadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{reallocationId}/points-sheet")] HttpRequest request,
        string reallocationId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        if (TableKey.Problem(reallocationId) is not null)
        {
            return await PageAsync(links, reallocationId, null, "reallocationId", links.Say("县管校聘编号有误。", "The reallocation id is not right."), [], StatusCodes.Status404NotFound, cancellationToken).ConfigureAwait(false);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await PageAsync(links, reallocationId, null, null, null, [], StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        }

        var (upload, refused) = await OfficeUpload.ReadAsync(request, links, "积分表", "points sheet", null, cancellationToken).ConfigureAwait(false);
        string? reason = (upload?.Form ?? refused?.Form)?["reason"].ToString().Trim() is { Length: > 0 } typed ? typed : null;
        if (upload is null)
        {
            return await PageAsync(links, reallocationId, reason, refused!.Field, refused.Reason, [], refused.Status, cancellationToken).ConfigureAwait(false);
        }

        using var content = upload.Content;
        var answer = await Api(request).TakeAsync(reallocationId, content, upload.Format, reason, Mover(request), cancellationToken).ConfigureAwait(false);
        if (answer is ProblemHttpResult problem)
        {
            var rows = problem.ProblemDetails.Extensions.TryGetValue("errors", out object? listed) && listed is IReadOnlyList<RowError> errors ? errors : [];
            string field = problem.ProblemDetails.Extensions.TryGetValue("field", out object? named) && named?.ToString() is { Length: > 0 } f ? f : "file";
            string said = rows.Count > 0
                ? links.Say($"积分表有 {rows.Count} 处错误，未导入任何数据；请按下表改正后重新上传。", $"The sheet has {rows.Count} errors; nothing was imported. Correct them as listed and upload again.")
                : problem.ProblemDetails.Detail ?? FieldProblem.TitleZh(problem.StatusCode);
            return await PageAsync(links, reallocationId, reason, field, said, rows, problem.StatusCode, cancellationToken).ConfigureAwait(false);
        }

        if (answer is not Ok<PointsSheetImported> { Value: { } taken })
        {
            return answer;
        }

        // Done: recorded under whoever the office guard let in, as every office act is.
        await acts.RecordAsync(
            request.HttpContext,
            links.Say("导入积分表", "Import the points sheet"),
            $"staff-reallocation/{reallocationId}/points-sheet",
            [
                new("file", links.Say("积分表", "Points sheet"), upload.FileName),
                new("reason", links.Say("更正理由", "Reason for corrections"), reason ?? string.Empty),
                new("taken", links.Say("导入结果", "Taken"), Taken(links, taken)),
            ],
            null,
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Redirect(links.To(SheetPath(reallocationId)) + "#done", permanent: false);
    }

    /// <summary>
    /// GET: the blank points sheet to fill in, .xlsx or .csv: the Chinese headers the upload above reads
    /// (<see cref="PointsSheetFile.Header"/>) and no rows.
    /// </summary>
    [Function("OfficeStaffReallocationPointsSheetTemplate")]
    public static IResult Template(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reallocationId}/points-sheet/template/{format}")] HttpRequest request,
        string reallocationId,
        string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TableKey.Problem(reallocationId) is not null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reallocationId", "县管校聘编号有误。", "The reallocation id is not right.");
        }

        return OfficeExport.FormatOf(format) is { } file
            ? OfficeExport.File(file, "points-sheet-template", PointsSheetFile.Header, [])
            : OfficeExport.UnknownFormat();
    }

    /// <summary>
    /// GET: one person's correction form, their values in force filled in; POST: corrects them over the entry the form
    /// showed, back to the sheet's page.
    /// </summary>
    [Function("OfficeStaffReallocationPointsCorrect")]
    public async Task<IResult> CorrectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{reallocationId}/points-sheet/correct/{version?}")] HttpRequest request,
        string reallocationId,
        string? version,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string words = string.Join("、", AssessmentWords.All.Select(w => w.Zh));
        var act = new OfficeFormAct(
            links.Say("更正一人的积分项", "Correct one person's points items"),
            links.Say(
                "以本表的值替换此人在积分表中的全部积分项（未填的年限和家庭情况按 0 计）；原来的值连同更正人、时间和理由留在记录中。县管校聘启动时按积分表计算积分。",
                "Replaces every points item of this person on the sheet (a blank number counts as 0); the values replaced stay in the record with who, when and why. The reallocation reckons points from the sheet when it starts."),
            links.Say("保存更正", "Save the correction"),
            [
                new OfficeFormField("staffId", links.Say("工号（必填）", "Staff id (required)"), InRoute: true, Hint: links.Say("名录中的人员编号，如 stf-31。", "A staff id of the directory, e.g. stf-31.")),
                new OfficeFormField("assessments", links.Say("近两年考核", "Last two assessments"), OfficeFieldKind.List, Hint: links.Say($"最近一年在前，可填 {words}。", $"Most recent first, in Chinese: {words}.")),
                new OfficeFormField("supportTeachingYears", links.Say("支教年限", "Support-teaching years"), OfficeFieldKind.WholeNumber, Hint: links.Say($"0 至 {PointsSheetFile.MaxYears}。", $"0 to {PointsSheetFile.MaxYears}.")),
                new OfficeFormField("hardshipYears", links.Say("艰苦边远年限", "Hardship years"), OfficeFieldKind.WholeNumber, Hint: links.Say($"0 至 {PointsSheetFile.MaxYears}。", $"0 to {PointsSheetFile.MaxYears}.")),
                new OfficeFormField("familyCases", links.Say("家庭情况", "Family cases"), OfficeFieldKind.WholeNumber, Hint: links.Say($"经核实的家庭困难情形数，0 至 {PointsSheetFile.MaxFamilyCases}。", $"Approved family cases, 0 to {PointsSheetFile.MaxFamilyCases}.")),
                new OfficeFormField("reason", links.Say("更正理由（必填）", "Reason (required)"), OfficeFieldKind.LongText, Hint: links.Say("留在记录中，不超过 1000 字。", "Kept in the record, at most 1000 characters.")),
            ]);
        // Opened for a person: the form posts back the person and their entry's version (none yet) it was read at.
        // Opened for nobody (the 工号 to be typed): it was read at no entry for anyone (OfficeVersions.Absent), so it may
        // only add a person the sheet does not have yet; one it has is corrected from their own form, as the sheet's
        // 更正 links open it. A POST whose address carries neither is refused: it cannot tell what it was read at.
        string? token = HttpMethods.IsPost(request.Method) ? version is { Length: > 0 } ? version : null : OfficeVersions.Absent;
        if (!HttpMethods.IsPost(request.Method) && request.Query["staffId"].ToString().Trim() is { Length: > 0 } staffId
            && TableKey.Problem(reallocationId) is null && TableKey.Fits(staffId))
        {
            var read = await sheets.Entries.GetAsync(PointsSheetEntry.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false);
            token = VersionToken(staffId, read?.ETag);
            if (read?.Record is { } entry)
            {
                // The correction replaces every value: the form starts from those in force, so a blank never zeroes one unseen.
                OfficePrefill.Fill(request, new Dictionary<string, string?>
                {
                    ["assessments"] = string.Join(" ", entry.Values.Assessments.Select(AssessmentWords.Zh)),
                    ["supportTeachingYears"] = entry.Values.SupportTeachingYears.ToString(CultureInfo.InvariantCulture),
                    ["hardshipYears"] = entry.Values.HardshipYears.ToString(CultureInfo.InvariantCulture),
                    ["familyCases"] = entry.Values.FamilyCases.ToString(CultureInfo.InvariantCulture),
                });
            }
        }

        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action(SheetPath(reallocationId) + "/correct", token),
            SheetPath(reallocationId),
            act,
            async route =>
            {
                string staffId = route["staffId"];
                if (Mover(request) is { } by)
                {
                    await OfficeFormBody.AddAsync(request, "by", by, cancellationToken).ConfigureAwait(false);
                }

                if (token is null)
                {
                    return OfficeVersions.Missing($"工号 {staffId} 的积分项", $"The points items of '{staffId}'");
                }

                if (token != OfficeVersions.Absent && (StaffIdOf(token) is not { } openedFor || openedFor != staffId))
                {
                    return FieldProblem.ForStaff(
                        StatusCodes.Status422UnprocessableEntity,
                        "staffId",
                        $"本页是为工号 {StaffIdOf(token) ?? "（不明）"} 打开的，未保存；要更正其他人员，请从积分表页面重新打开更正表。",
                        $"This page was opened for '{StaffIdOf(token)}'; nothing was saved. Open the correction form again for another person.");
                }

                var current = TableKey.Problem(reallocationId) is null && TableKey.Fits(staffId)
                    ? await sheets.Entries.GetAsync(PointsSheetEntry.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false)
                    : null;
                if (token == OfficeVersions.Absent && current is not null)
                {
                    return OnSheet(staffId);
                }

                if (token != OfficeVersions.Absent && VersionToken(staffId, current?.ETag) != token)
                {
                    return Changed(staffId);
                }

                var (correction, refused) = await Api(request).ReadCorrectionAsync(request, reallocationId, staffId, cancellationToken).ConfigureAwait(false);
                if (correction is not { } c)
                {
                    return refused!;
                }

                return await sheets.TryReviseAsync(reallocationId, staffId, c.Values, c.By, time.GetUtcNow(), c.Why, current?.ETag, cancellationToken).ConfigureAwait(false) is { } revised
                    ? TypedResults.Ok(revised)
                    : token == OfficeVersions.Absent ? OnSheet(staffId) : Changed(staffId);
            },
            cancellationToken).ConfigureAwait(false);
    }

    // The person a correction form was opened for and their entry's version then (empty: no entry), as its address carries them.
    private static string VersionToken(string staffId, ETag? version) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(staffId + "\n" + (version?.ToString() ?? string.Empty)));

    private static string? StaffIdOf(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            int cut = text.IndexOf('\n', StringComparison.Ordinal);
            return cut > 0 ? text[..cut] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // A person on the sheet corrected from the form opened for nobody: it did not show their values in force.
    private static ProblemHttpResult OnSheet(string staffId) =>
        FieldProblem.ForStaff(
            StatusCodes.Status409Conflict,
            "staffId",
            $"工号 {staffId} 已在积分表中，本次更正未保存；请在积分表页面该人员一行点“更正”，在其现有的值上更正。",
            $"'{staffId}' is on the sheet already; nothing was saved. Correct them from their row's link on the sheet's page, over the values in force.");

    private static ProblemHttpResult Changed(string staffId) =>
        OfficeVersions.Changed($"工号 {staffId} 的积分项", $"The points items of '{staffId}'");

    // Who imports or corrects: the signed-in person; the master key is the route's "administrator".
    private static string? Mover(HttpRequest request) =>
        OfficeVisitor.Of(request.HttpContext) is { By: OfficeAdmission.StaffSession, StaffId: { } staffId } ? staffId : null;

    private static string Taken(OfficeLinks links, PointsSheetImported taken) => links.Say(
        $"共 {taken.Rows} 行：新增 {taken.Added} 人，更正 {taken.Corrected} 人，未变 {taken.Unchanged} 人。",
        $"{taken.Rows} rows: {taken.Added} added, {taken.Corrected} corrected, {taken.Unchanged} unchanged.");

    private static string SheetPath(string reallocationId) => Routes + "/" + Uri.EscapeDataString(reallocationId) + "/points-sheet";

    private static PointsSheetApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<PointsSheetApi>(request.HttpContext.RequestServices);

    private async Task<RenderedPage<PointsSheetPage>> PageAsync(
        OfficeLinks links, string reallocationId, string? reason, string? errorField, string? error, IReadOnlyList<RowError> rows, int status, CancellationToken cancellationToken)
    {
        var entries = TableKey.Problem(reallocationId) is null
            ? (await sheets.SheetOfAsync(reallocationId, cancellationToken).ConfigureAwait(false)).Values.ToList()
            : [];
        return new(
            new Dictionary<string, object?>
            {
                [nameof(PointsSheetPage.Links)] = links,
                [nameof(PointsSheetPage.ReallocationId)] = reallocationId,
                [nameof(PointsSheetPage.People)] = entries.Count,
                [nameof(PointsSheetPage.Latest)] = (IReadOnlyList<PointsSheetEntry>)[.. entries.OrderByDescending(e => e.At).ThenBy(e => e.StaffId, StringComparer.Ordinal).Take(ShownChanges)],
                [nameof(PointsSheetPage.Reason)] = reason,
                [nameof(PointsSheetPage.ErrorField)] = errorField,
                [nameof(PointsSheetPage.Error)] = error,
                [nameof(PointsSheetPage.Rows)] = rows,
            },
            status,
            OfficeRefusal.Of(errorField, error, rows));
    }
}
