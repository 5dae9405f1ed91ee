using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace EduFlows.Processes.Training;

/// <summary>
/// <c>/api/training</c>: the office (master key) defines courses and lectures, invites people, shows the venue's QR
/// code and reads the reports; a person registers, checks in and gives feedback through the link in their invitation
/// (or signed in). Pages for browsers, problem+json naming the field otherwise.
/// </summary>
public sealed class TrainingApi(TrainingDesk desk, TrainingStore store, TrainingLinks links, DirectoryStore directory, ReservePool.ReservePoolStore pool, BureauClock clock, TimeProvider time, HtmlRendering html)
{
    private const string Routes = "training";

    /// <summary>PUT <c>training/lectures/{lectureId}</c>: defines a course or lecture (redefines it while nobody has registered).</summary>
    [Function("TrainingDefineLecture")]
    public async Task<IResult> DefineAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = Routes + "/lectures/{lectureId}")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<LectureDefinition>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (body.Value.Problems() is { Count: > 0 } problems)
        {
            return FieldProblem.InvalidForStaff(problems, "课程信息有误，未保存。", "The lecture was not saved.");
        }

        var (lecture, created, refusal) = await desk.DefineAsync(lectureId, body.Value, cancellationToken).ConfigureAwait(false);
        return refusal is not null ? Refuse(refusal) : created ? TypedResults.Created(lectureId, lecture) : TypedResults.Ok(lecture);
    }

    /// <summary>GET <c>training/lectures/{lectureId}</c>: the lecture with its seats and waiting list.</summary>
    [Function("TrainingGetLecture")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/lectures/{lectureId}")] HttpRequest request, string lectureId, CancellationToken cancellationToken) =>
        BadId(lectureId) is { } bad ? bad
            : await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is { } read ? TypedResults.Ok(read.Record) : NoLecture(lectureId);

    /// <summary>POST <c>training/lectures/{lectureId}/invitations</c> <c>{"staffIds":[…]}</c>: mails each person their registration link.</summary>
    [Function("TrainingInvite")]
    public async Task<IResult> InviteAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/lectures/{lectureId}/invitations")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<Invitations>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var ids = body.Value.StaffIds ?? [];
        var errors = new List<FieldError>();
        if (ids.Count is 0 or > 2000)
        {
            errors.Add(new FieldError("staffIds", "must list 1 to 2000 staff ids.") { ReasonZh = "请列出1至2000个人员编号。" });
        }

        for (int i = 0; i < ids.Count && errors.Count < 20; i++)
        {
            if (string.IsNullOrEmpty(ids[i]) || TableKey.Problem(ids[i]) is not null || await directory.Staff.GetAsync(ids[i], cancellationToken).ConfigureAwait(false) is null)
            {
                errors.Add(new FieldError($"staffIds[{i}]", "is not a staff id in the directory.") { ReasonZh = $"人员库中没有“{ids[i]}”。" });
            }
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "邀请名单有误，未发送任何邮件。", "No invitation was sent.");
        }

        if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return NoLecture(lectureId);
        }

        // Its links would answer 410 (registration closed): no mail invites to it.
        if (read.Record.Closed is not null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "lectureId", "该课程已关闭，不再邀请。", "The lecture is closed; no invitation was sent.");
        }

        var mails = await desk.InviteAsync(read.Record, ids, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted(string.Empty, new { lectureId, invited = ids.Count, mailed = mails.Count });
    }

    /// <summary>GET <c>training/lectures/{lectureId}/registration</c>: the person's page: the lecture, their registration, and feedback once checked in.</summary>
    [Function("TrainingRegistrationPage")]
    public async Task<IResult> RegistrationPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/lectures/{lectureId}/registration")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (staffId, refused) = await HolderAsync(request, lectureId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "lectureId", $"没有编号为“{lectureId}”的课程。", "No such lecture.");
        }

        var lecture = read.Record;
        // A check-in the office removed counts as none.
        var attended = (await store.Attendance.GetAsync(TrainingAttendance.IdOf(lectureId, staffId!), cancellationToken).ConfigureAwait(false))?.Record is { Withdrawn: null } row ? row : null;
        string status = attended is not null ? "已签到" : lecture.Seats.Any(s => s.StaffId == staffId) ? "已报名" : lecture.Waiting.Any(s => s.StaffId == staffId) ? "候补中" : "未报名";
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { lecture.Id, lecture.Title, lecture.Date, status, seatsLeft = Math.Max(0, lecture.Capacity - lecture.Seats.Count), waiting = lecture.Waiting.Count, closed = lecture.Closed is not null, attended });
        }

        string self = Self(request);
        var today = clock.DateOf(time.GetUtcNow());
        string day = lecture.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string cancel = TrainingPages.Form(SelfAt(request, "registration/cancel"), "取消报名");
        string body = TrainingPages.Facts(lecture, clock) + TrainingPages.Fact("我的状态", status);
        body += status switch
        {
            "未报名" or "已报名" or "候补中" when lecture.Closed is not null => TrainingPages.P("该课程已关闭，不再报名、取消或签到。", note: true),
            "未报名" when today > lecture.Date => TrainingPages.P("该课程已结束，报名已关闭。", note: true),
            "已报名" when today > lecture.Date => TrainingPages.P("该课程已结束，您没有签到记录；如确实到场，请联系教育局补记。", note: true),
            "候补中" when today > lecture.Date => TrainingPages.P("该课程已结束，您未由候补转为正式名额。", note: true),
            "未报名" => TrainingPages.Form(self, "报名"),
            // Check-in proves presence: only with the code shown at the venue, never from this page (which opens anywhere).
            "已报名" when today == lecture.Date => TrainingPages.P("请在会场用手机扫描二维码签到。", note: true) + cancel,
            "已报名" => TrainingPages.P($"课程当天（{day}）请在会场用手机扫描二维码签到。", note: true) + cancel,
            "候补中" => TrainingPages.P("有人取消时将按顺序递补，并邮件通知您。", note: true) + cancel,
            "已签到" when attended!.Rating is null => TrainingPages.FeedbackForm(SelfAt(request, "feedback")),
            _ => TrainingPages.P($"感谢您的反馈（{attended!.Rating}分）。"),
        };
        return TrainingPages.Page($"{lecture.SeriesZh} · 报名", body);
    }

    /// <summary>POST <c>training/lectures/{lectureId}/registration</c>: registers the link's holder (seat, waiting list or refusal when full).</summary>
    [Function("TrainingRegister")]
    public async Task<IResult> RegisterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/lectures/{lectureId}/registration")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (staffId, refused) = await HolderAsync(request, lectureId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (outcome, lecture, refusal) = await desk.RegisterAsync(lectureId, staffId!, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Refuse(request, refusal);
        }

        int status = outcome switch
        {
            RegistrationOutcome.Registered => StatusCodes.Status201Created,
            RegistrationOutcome.Refused => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        if (StaffPages.WantsPage(request))
        {
            return TrainingPages.Page($"{lecture!.SeriesZh} · 报名", TrainingPages.P(TrainingPages.Outcome(outcome)) + TrainingPages.Facts(lecture, clock), status);
        }

        object answer = new { lectureId, staffId, outcome, position = outcome == RegistrationOutcome.Waiting ? lecture!.Waiting.Count : (int?)null, message = TrainingPages.Outcome(outcome) };
        return outcome == RegistrationOutcome.Refused
            ? FieldProblem.ForStaff(StatusCodes.Status409Conflict, "capacity", TrainingPages.Outcome(outcome), "The lecture and its waiting list are full.", [new("outcome", outcome)])
            : TypedResults.Json(answer, statusCode: status);
    }

    /// <summary>POST <c>training/lectures/{lectureId}/registration/cancel</c>: gives the seat back; the first person waiting moves up.</summary>
    [Function("TrainingCancelRegistration")]
    public async Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/lectures/{lectureId}/registration/cancel")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (staffId, refused) = await HolderAsync(request, lectureId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (lecture, refusal) = await desk.CancelAsync(lectureId, staffId!, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Refuse(request, refusal);
        }

        return StaffPages.WantsPage(request)
            ? TrainingPages.Page($"{lecture!.SeriesZh} · 取消报名", TrainingPages.P("已取消报名。") + TrainingPages.Facts(lecture, clock))
            : TypedResults.Ok(new { lectureId, staffId, cancelled = true });
    }

    /// <summary>GET <c>training/lectures/{lectureId}/qr</c>: the venue's page with the QR code of the day's check-in link.</summary>
    [Function("TrainingCheckInQr")]
    public async Task<IResult> QrAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/lectures/{lectureId}/qr")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (BadId(lectureId) is { } bad)
        {
            return bad;
        }

        if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return NoLecture(lectureId);
        }

        string target = links.CheckIn(read.Record).ToString();
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target, QRCodeGenerator.ECCLevel.Q);
        string svg = new SvgQRCode(data).GetGraphic(6);
        string body = TrainingPages.Facts(read.Record, clock)
            + $"<div class=\"qr\">{svg}</div>"
            + TrainingPages.P($"请已报名的学员用手机扫码签到（仅限 {read.Record.Date:yyyy-MM-dd} 当天有效），签到后计入 {read.Record.Hours.ToString("0.#", CultureInfo.InvariantCulture)} 学时。")
            + $"<p class=\"note\"><a href=\"{TrainingPages.E(target)}\">{TrainingPages.E(target)}</a></p>";
        return TrainingPages.Page($"{read.Record.SeriesZh} · 扫码签到", body);
    }

    /// <summary>GET <c>office/training/lectures/{lectureId}/qr</c>: <see cref="QrAsync"/> for the office's lecture page, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeTrainingCheckInQr")]
    public Task<IResult> OfficeQrAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/" + Routes + "/lectures/{lectureId}/qr")] HttpRequest request, string lectureId, CancellationToken cancellationToken) =>
        QrAsync(request, lectureId, cancellationToken);

    /// <summary>
    /// GET <c>training/lectures/{lectureId}/check-in?code=…</c>: the page the QR code opens, with the check-in button;
    /// signed out, a sign-in that comes back to this page with its code. Without a code, 422 naming <c>code</c>.
    /// </summary>
    [Function("TrainingCheckInPage")]
    public async Task<IResult> CheckInPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/lectures/{lectureId}/check-in")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "lectureId", $"没有编号为“{lectureId}”的课程。", "No such lecture.");
        }

        if (NoCode(request) is { } noCode)
        {
            return noCode;
        }

        string? staffId = await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false);
        // Signed out: the sign-in of /api/me, coming back here with the code once the mailed link is used.
        string signIn = MePath(request) + "?" + StaffPortal.ReturnPath.Name + "=" + Uri.EscapeDataString(request.PathBase + Self(request));
        string body = TrainingPages.Facts(read.Record, clock) + (staffId is null
            ? $"<p class=\"note\">请先<a href=\"{TrainingPages.E(signIn)}\">登录</a>（用本人工作邮箱获取登录链接，登录后回到本页）再签到。</p>"
            : TrainingPages.Form(Self(request), "签到"));
        return TrainingPages.Page($"{read.Record.SeriesZh} · 签到", body);
    }

    /// <summary>POST <c>training/lectures/{lectureId}/check-in?code=…</c>: checks the signed-in person (or the holder of <c>token</c>) in, on the day only, and credits the hours.</summary>
    [Function("TrainingCheckIn")]
    public async Task<IResult> CheckInAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/lectures/{lectureId}/check-in")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (staffId, refused) = await HolderAsync(request, lectureId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (NoCode(request) is { } noCode)
        {
            return noCode;
        }

        var (attendance, refusal) = await desk.CheckInAsync(lectureId, request.Query["code"], staffId!, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Refuse(request, refusal);
        }

        string message = $"签到成功，已计入{attendance!.Hours.ToString("0.#", CultureInfo.InvariantCulture)}学时。";
        return StaffPages.WantsPage(request)
            ? TrainingPages.Page("签到成功", TrainingPages.P(message) + TrainingPages.P("课后请通过报名邮件中的链接填写反馈。", note: true))
            : TypedResults.Json(new { attendance, message }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>POST <c>training/lectures/{lectureId}/feedback</c> (<c>rating</c> 1–5, <c>comment</c>): the attendee's feedback, once.</summary>
    [Function("TrainingFeedback")]
    public async Task<IResult> FeedbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/lectures/{lectureId}/feedback")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (staffId, refused) = await HolderAsync(request, lectureId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        string? ratingText;
        string? comment;
        if (request.HasJsonContentType())
        {
            var body = await request.ReadJsonAsync<FeedbackBody>(cancellationToken).ConfigureAwait(false);
            if (body.Failed)
            {
                return body.Problem;
            }

            (ratingText, comment) = (body.Value.Rating?.ToString(CultureInfo.InvariantCulture), body.Value.Comment);
        }
        else
        {
            var (form, problem) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            (ratingText, comment) = (form!["rating"], form["comment"]);
        }

        // A browser counts a line break as one character against maxlength but sends it as \r\n: counted (and kept) as one.
        comment = comment?.ReplaceLineEndings("\n");
        var errors = new List<FieldError>();
        if (!int.TryParse(ratingText, NumberStyles.None, CultureInfo.InvariantCulture, out int rating) || rating is < 1 or > 5)
        {
            errors.Add(new FieldError("rating", "must be a whole number from 1 to 5.") { ReasonZh = "总体评价应为1至5分。" });
        }

        if (comment is { Length: > TrainingPages.FeedbackCommentLimit })
        {
            errors.Add(new FieldError("comment", "must be at most 500 characters.") { ReasonZh = "意见建议不超过500字。" });
        }

        if (errors.Count > 0)
        {
            // The form again, as entered, with each reason at its field.
            string? ReasonAt(string field) => errors.FirstOrDefault(e => e.Field == field)?.ReasonZh;
            return StaffPages.WantsPage(request)
                ? TrainingPages.Page("反馈未提交", TrainingPages.P("反馈有误，未保存；请修改后再提交。") + TrainingPages.FeedbackForm(Self(request), ratingText, comment, ReasonAt("rating"), ReasonAt("comment")), StatusCodes.Status422UnprocessableEntity)
                : FieldProblem.InvalidForStaff(errors, "反馈有误，未保存。", "The feedback was not saved.");
        }

        var (attendance, refusal) = await desk.FeedbackAsync(lectureId, staffId!, rating, comment, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Refuse(request, refusal);
        }

        return StaffPages.WantsPage(request) ? TrainingPages.Page("感谢反馈", TrainingPages.P("您的反馈已提交。")) : TypedResults.Ok(attendance);
    }

    /// <summary>GET <c>training/reports/{year}</c>: the year's totals, per school and per person (a page for a browser).</summary>
    [Function("TrainingYearReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/reports/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadYear(year, out int y) is { } bad)
        {
            return bad;
        }

        var report = TrainingReport.For(y, await store.AttendanceOfYearAsync(y, cancellationToken).ConfigureAwait(false));
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(report);
        }

        var t = report.Totals;
        string body = TrainingPages.Fact("课程讲座", $"{t.Lectures}期") + TrainingPages.Fact("培训人次", t.PersonTimes.ToString(CultureInfo.InvariantCulture))
            + TrainingPages.Fact("校长参训", $"{t.PrincipalAttendances}人次") + TrainingPages.Fact("参训人数", t.People.ToString(CultureInfo.InvariantCulture))
            + TrainingPages.Fact("总学时", t.Hours.ToString("0.#", CultureInfo.InvariantCulture))
            + "<h2>按学校</h2><table><tr><th>学校</th><th>人次</th><th>学时</th></tr>"
            + string.Concat(report.Schools.Select(s => $"<tr><td>{TrainingPages.E(s.Name)}</td><td>{s.Attendances}</td><td>{s.Hours:0.#}</td></tr>")) + "</table>"
            + $"<p><a href=\"{TrainingPages.E(EduFlows.Workbench.OfficeLinks.From(request, string.Empty).ToHost($"{request.PathBase}{request.Path}/export/xlsx"))}\">下载按人汇总（Excel）</a></p>";
        return TrainingPages.Page($"{y}年度培训统计", body);
    }

    /// <summary>GET <c>office/training/reports/{year}</c>: <see cref="ReportAsync"/> for the office's year page; its Excel link follows it to the office's export (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeTrainingYearReport")]
    public Task<IResult> OfficeReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/" + Routes + "/reports/{year}")] HttpRequest request, string year, CancellationToken cancellationToken) =>
        ReportAsync(request, year, cancellationToken);

    /// <summary>GET <c>training/reports/{year}/export/{format}</c>: every person's training of the year, xlsx or csv.</summary>
    [Function("TrainingYearExport")]
    public async Task<IResult> ExportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/reports/{year}/export/{format}")] HttpRequest request, string year, string format, CancellationToken cancellationToken)
    {
        if (BadYear(year, out int y) is { } bad)
        {
            return bad;
        }

        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var report = TrainingReport.For(y, await store.AttendanceOfYearAsync(y, cancellationToken).ConfigureAwait(false));
        return OfficeExport.File(
            file,
            $"training-{y}",
            ["人员编号", "姓名", "学校", "参训人次", "学时"],
            // Counts and hours as number cells, so the office can sum them in Excel.
            report.People.Select(p => (IReadOnlyList<object?>)[p.Id, p.Name, p.School, p.Attendances, p.Hours]));
    }

    /// <summary>GET <c>office/training/reports/{year}/export/{format}</c>: <see cref="ExportAsync"/> for the office's pages (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeTrainingYearExport")]
    public Task<IResult> OfficeExportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/" + Routes + "/reports/{year}/export/{format}")] HttpRequest request, string year, string format, CancellationToken cancellationToken) =>
        ExportAsync(request, year, format, cancellationToken);

    /// <summary>GET <c>training/people/{staffId}</c>: one person's training, every year.</summary>
    [Function("TrainingPersonRecord")]
    public async Task<IResult> PersonAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/people/{staffId}")] HttpRequest request, string staffId, CancellationToken cancellationToken)
    {
        if (TableKey.Problem(staffId) is not null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "staffId", "人员编号格式有误。", "Not a staff id.");
        }

        var rows = (await store.AttendanceOfAsync(staffId, cancellationToken).ConfigureAwait(false)).OrderBy(a => a.Date).ToList();
        return TypedResults.Ok(new { staffId, hours = rows.Sum(a => a.Hours), attendances = rows.Count, byYear = rows.GroupBy(a => a.Date.Year).Select(g => new { year = g.Key, attendances = g.Count(), hours = g.Sum(a => a.Hours) }), rows });
    }

    /// <summary>
    /// POST <c>training/demo/{year}</c>: writes <see cref="TrainingDemo"/>'s year for the demo county (the directory must
    /// hold it) through <see cref="TrainingYearDemo"/>: its lectures, check-ins and the reserve-pool file entries of pool members. Writing it twice changes nothing.
    /// </summary>
    [Function("TrainingDemoYear")]
    public async Task<IResult> DemoAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/demo/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        if (BadYear(year, out int y) is { } bad)
        {
            return bad;
        }

        var county = DemoCounty.Generate();
        await TrainingYearDemo.WriteAsync(store, pool, county, y, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(TrainingReport.For(y, TrainingDemo.AttendanceOf(county, y)).Totals);
    }

    // A check-in proves presence by the code the venue shows: none is bad input (422 naming code), refused before anything is read or written.
    private static IResult? NoCode(HttpRequest request) => string.IsNullOrEmpty(request.Query["code"])
        ? StaffPages.Refusal(request, StatusCodes.Status422UnprocessableEntity, "code", "缺少签到码：请在会场用手机扫描二维码签到。", "The check-in code is missing; scan the QR code at the venue.")
        : null;

    // The link's holder, or the signed-in staff member; a refusal (401/403/410) otherwise.
    private async Task<(string? StaffId, IResult? Refused)> HolderAsync(HttpRequest request, string lectureId)
    {
        // The session cookie rides along with any site's form: a post from another origin is not the person's own.
        if (CrossSitePosts.IsCrossSite(request))
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "Origin", CrossSitePosts.RefusalZh, CrossSitePosts.RefusalEn));
        }

        string? token = request.Query["token"];
        if (string.IsNullOrEmpty(token) && await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) is { } signedIn)
        {
            return (signedIn, null);
        }

        return links.Person(token, lectureId, out string? staffId) switch
        {
            TaskTokenCheck.Valid => (staffId, null),
            TaskTokenCheck.Expired => (null, StaffPages.Refusal(request, StatusCodes.Status410Gone, "token", "该链接已过期。", "The link has expired.")),
            TaskTokenCheck.OtherTask => (null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "该链接属于另一期课程。", "The link is for another lecture.")),
            // A browser gets /api/me's sign-in form (401) saying what to do; a script the problem naming the token.
            _ => (null, StaffPages.WantsPage(request)
                ? await MeApi.SignInPageAsync(html, MePath(request), "请通过邀请邮件中的链接打开本页；或在此输入您的工作邮箱，打开邮件中的登录链接后，再回到本页。", returnTo: HttpMethods.IsGet(request.Method) ? request.PathBase + Self(request) : null).ConfigureAwait(false)
                : FieldProblem.ForStaff(StatusCodes.Status401Unauthorized, "token", "请通过邀请邮件中的链接打开，或先登录（/api/me/sign-in）。", "Open the link in your invitation, or sign in at /api/me.")),
        };
    }

    // "/api/me" from "/api/training/…", whatever the route prefix.
    private static string MePath(HttpRequest request)
    {
        string path = request.Path.Value ?? string.Empty;
        int at = path.IndexOf("/" + Routes + "/", StringComparison.Ordinal);
        return request.PathBase + (at < 0 ? "/" : path[..(at + 1)]) + "me";
    }

    private static string Self(HttpRequest request) => request.Path + request.QueryString;

    private static string SelfAt(HttpRequest request, string tail)
    {
        string path = request.Path.Value ?? string.Empty;
        int cut = path.LastIndexOf("/registration", StringComparison.Ordinal);
        return (cut < 0 ? path : path[..cut]) + "/" + tail + request.QueryString;
    }

    private static ProblemHttpResult Refuse(TrainingRefusal refusal) => FieldProblem.ForStaff(refusal.Status, refusal.Field, refusal.Zh, refusal.En);

    private static IResult Refuse(HttpRequest request, TrainingRefusal refusal) => StaffPages.Refusal(request, refusal.Status, refusal.Field, refusal.Zh, refusal.En);

    /// <summary>422 naming <c>lectureId</c> when it cannot be a lecture's id; null when it can.</summary>
    internal static ProblemHttpResult? BadId(string id) => TableKey.Problem(id) is null && id.Length > 0
        ? null
        : FieldProblem.InvalidForStaff([new FieldError("lectureId", "must be an id without / \\ # ? or control characters.") { ReasonZh = "课程编号格式有误。" }], "课程编号有误。", "Bad lecture id.");

    private static ProblemHttpResult? BadYear(string year, out int y) =>
        int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) && y is >= 2000 and <= 2100
            ? null
            : FieldProblem.InvalidForStaff([new FieldError("year", "must be a year between 2000 and 2100.") { ReasonZh = "年份应在2000至2100之间。" }], "年份有误。", "Bad year.");

    private static ProblemHttpResult NoLecture(string id) => FieldProblem.ForStaff(StatusCodes.Status404NotFound, "lectureId", $"没有编号为“{id}”的课程。", $"There is no lecture '{id}'.");

    /// <summary>The invitation list.</summary>
    /// <param name="StaffIds">Who is invited.</param>
    public sealed record Invitations(IReadOnlyList<string>? StaffIds);

    /// <summary>The feedback as JSON.</summary>
    /// <param name="Rating">1–5.</param>
    /// <param name="Comment">Optional, up to 500 characters.</param>
    public sealed record FeedbackBody(int? Rating, string? Comment);
}
