using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// <c>/api/open-selections</c>: the office (master key) publishes a selection and follows it; signed-in staff apply
/// and edit until the deadline; anyone may object during the public notice. Every step taken goes to the selection's
/// audit stream; a refused one changes nothing and answers the rules' status with the reason in Chinese.
/// </summary>
public sealed class OpenSelectionApi(OpenSelectionDesk desk, OpenSelectionStore store, AuditLogStore audit, DirectoryStore directory, StaffNotices notices, MailSender sender, MailSettings mail, BureauClock clock, TimeProvider time)
{
    private const string Routes = "open-selections";

    /// <summary>POST <c>open-selections</c>: publishes an announcement (201), 422 naming the first bad field, 409 when the id is taken.</summary>
    [Function("OpenSelectionPublish")]
    public async Task<IResult> PublishAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes)] HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<SelectionPublication>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var now = time.GetUtcNow();
        var errors = new List<FieldError>();
        if (!OpenSelectionStore.IsValidId(body.Value.Id))
        {
            errors.Add(new("id", "must be 1 to 64 lower-case letters, digits and hyphens.") { ReasonZh = "选拔编号须为 1 至 64 个小写字母、数字或连字符" });
        }

        var announcement = body.Value.ToAnnouncement();
        errors.AddRange(announcement.Validate(clock.DateOf(now)));
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "公告未发布", "The announcement was not published.");
        }

        if (RecordSize.Check(announcement) is { } tooLarge)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, tooLarge.Field, "公告内容过长", "The announcement is too long.");
        }

        return await store.PublishAsync(body.Value.Id!, announcement, now, ct).ConfigureAwait(false)
            ? TypedResults.Created($"/api/{Routes}/{body.Value.Id}", Status((await store.GetAsync(body.Value.Id!, ct).ConfigureAwait(false))!))
            : FieldProblem.ForStaff(StatusCodes.Status409Conflict, "id", $"选拔编号“{body.Value.Id}”已被使用", "A selection with this id exists.");
    }

    /// <summary>GET <c>open-selections/{id}</c>: where the selection stands (figures, panel, ranking, notice, objections, appointments).</summary>
    [Function("OpenSelectionStatus")]
    public async Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        await store.GetAsync(id, ct).ConfigureAwait(false) is { } selection ? TypedResults.Ok(Status(selection)) : NoSelection();

    /// <summary>
    /// GET <c>open-selections/{id}/report</c>: every candidate's scores, rank and result with the figures and the age
    /// structure of the mid-level leaders before and after; <c>?format=xlsx</c> for the Excel workbook.
    /// </summary>
    [Function("OpenSelectionReport")]
    public async Task<IResult> GetReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/{id}/report")] HttpRequest request, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await store.GetAsync(id, ct).ConfigureAwait(false) is not { } selection)
        {
            return NoSelection();
        }

        var people = await directory.Staff.AllAsync(ct).ConfigureAwait(false);
        var report = SelectionReport.Of(
            selection,
            people.ToDictionary(p => p.Id, StringComparer.Ordinal),
            [.. people.Where(p => p.Post == "mid-level-leader")],
            clock.DateOf(time.GetUtcNow()));
        if (!string.Equals(request.Query["format"], "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(report);
        }

        using var file = new MemoryStream();
        report.Export(file, RosterFile.Format.Xlsx);
        return TypedResults.File(file.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{id}-report.xlsx");
    }

    /// <summary>PUT <c>open-selections/{id}/application</c>: the signed-in staff member applies, or edits their application until the deadline; a confirmation mail follows.</summary>
    [Function("OpenSelectionApply")]
    public async Task<IResult> ApplyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes + "/{id}/application")] HttpRequest request, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) is not { } me)
        {
            return FieldProblem.ForStaff(StatusCodes.Status401Unauthorized, "session", "请先登录：向 /api/me/sign-in 提交您的工作邮箱。", "Sign in first: POST your e-mail address to /api/me/sign-in.");
        }

        var body = await request.ReadJsonAsync<ApplicationForm>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (await directory.Staff.GetAsync(me, ct).ConfigureAwait(false) is not { } applicant)
        {
            return FieldProblem.ForStaff(StatusCodes.Status403Forbidden, "staffId", "人员库中没有您的记录，请联系组织科", "You are not in the staff directory.");
        }

        var now = time.GetUtcNow();
        var change = await store.ChangeAsync(id, s => s.Apply(applicant, body.Value.PostId, body.Value.Statement, now), ct).ConfigureAwait(false);
        if (change.Refusal is { } refused)
        {
            return Refuse(refused);
        }

        var selection = change.Selection!;
        await AppendAsync(selection, change.FirstNewSeq, ct).ConfigureAwait(false);
        var application = selection.Applications[me];
        if (applicant.Email is { Length: > 0 })
        {
            var message = await notices.WriteToAsync($"{id}.application.{me}.{change.FirstNewSeq}", "open-selection", applicant, Confirmation(selection, application, applicant), null, ct).ConfigureAwait(false);
            try
            {
                await sender.SendAsync(message.Id, ct).ConfigureAwait(false);
            }
            catch (MailNotSentYetException)
            {
                // Stored in the outbox: the sweeper sends it later; the application itself stands.
            }
        }

        return TypedResults.Ok(application);
    }

    /// <summary>POST <c>open-selections/{id}/objections</c>: an objection during the notice, named or anonymous; answers the objection's id to follow it by.</summary>
    [Function("OpenSelectionObject")]
    public async Task<IResult> ObjectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/{id}/objections")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<ObjectionForm>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (body.Value.SenderName is { Length: > 50 })
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "senderName", "署名不能超过 50 字", "The name may have at most 50 characters.");
        }

        // The desk stores it, audits it and tells the running process, which gives the office its task at once.
        var (raised, refused) = await desk.ObjectAsync(client, id, body.Value, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return Refuse(refused);
        }

        string objectionId = raised!.Id;
        return TypedResults.Created($"/api/{Routes}/{id}/objections/{objectionId}", new { id = objectionId, raised!.AgainstStaffId, anonymous = raised.SenderName is null, receivedAt = raised.At });
    }

    /// <summary>The selection as the office follows it.</summary>
    internal static object Status(SelectionCase selection) => new
    {
        id = selection.Id,
        title = selection.Announcement.Title,
        timetable = selection.Announcement.Timetable,
        applicants = selection.Applications.Count,
        eligible = selection.Eligible.Count(),
        interviewees = selection.Interviewees.Count,
        panel = selection.Panel?.Judges,
        noticeEnds = selection.NoticeEnds,
        objections = selection.Objections,
        ranking = selection.WrittenScores.Count > 0 ? selection.Ranking() : [],
        appointed = selection.Appointed,
        steps = selection.Trail.Count,
    };

    private async Task AppendAsync(SelectionCase selection, int fromSeq, CancellationToken ct)
    {
        // The entry id is the step's number, so appending again (a retried request) stores nothing new.
        foreach (var append in SelectionAudit.Appends(selection, fromSeq))
        {
            await audit.AppendAsync(append, ct).ConfigureAwait(false);
        }
    }

    private MailContent Confirmation(SelectionCase selection, Application application, StaffMember to) => OpenSelectionMails.Received(
        mail.DefaultCulture,
        selection.Announcement.Title,
        selection.Announcement.Posts.Single(p => p.Id == application.PostId).Name,
        selection.Announcement.Timetable.ApplicationsClose,
        clock.Format(application.UpdatedAt),
        to.Name);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(SelectionRefusal refusal) => FieldProblem.ForStaff(refusal.Status, refusal.Field, refusal.ReasonZh, refusal.ReasonEn);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSelection() => FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", "没有这次选拔", "No such selection.");
}
