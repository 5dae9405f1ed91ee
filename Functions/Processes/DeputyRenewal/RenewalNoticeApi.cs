using System.Globalization;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// <c>/api/deputy-renewals/{roundId}/schools/{schoolId}/notice</c>: a school's promotion notice (公示) for staff, opened
/// from the notice mail's own link (<see cref="RenewalNoticeLinks"/>) or signed in at /api/me, no key: who is proposed for
/// which post, the notice's days and when objections close, and the objection form. An objection lodged here is the
/// office's: the same checks and the same event (<see cref="DeputyRenewalApi.RaiseObjectionAsync"/>), named after the
/// person who lodged it. A browser reads zh-CN pages; a script gets JSON and problem+json.
/// </summary>
public sealed class RenewalNoticeApi(DeputyRenewalStore store, DirectoryStore directory, RenewalNoticeLinks links, BureauClock clock, TimeProvider time)
{
    private const string Route = "deputy-renewals/{roundId}/schools/{schoolId}/notice";

    /// <summary>The most characters of the contact a person leaves with an objection.</summary>
    public const int MaxContact = 50;

    /// <summary>GET: the notice and the objection form (JSON: the people on notice); 401 without a link or session, 409 before the notice, 410 after it.</summary>
    [Function("DeputyRenewalNotice")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string roundId, string schoolId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (reader, refused) = await ReaderAsync(request, roundId, schoolId, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (record, closed) = await OnNoticeAsync(request, roundId, schoolId, cancellationToken).ConfigureAwait(false);
        if (closed is not null)
        {
            return closed;
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new
            {
                roundId,
                schoolId,
                record!.SchoolName,
                record.NoticeFrom,
                record.NoticeUntil,
                record.NoticeEndsAt,
                onNotice = record.OnNotice().Select(c => new { c.StaffId, c.Name, post = c.Post, proposedPost = "vice-principal" }),
            });
        }

        return Page(request, record!, reader!, StatusCodes.Status200OK, new Dictionary<string, string>(), new Dictionary<string, string>());
    }

    /// <summary>
    /// POST: an objection (the page's form, or JSON <c>{againstStaffId, reason, contact}</c>) in the name of the link's
    /// holder or the person signed in: 202 raised, 200 when the round already took the same one; 422 naming the field
    /// (the form again with the reason at it) with nothing raised; 403 naming <c>Origin</c> for a browser's post from another
    /// origin; 401, 409 and 410 as the page.
    /// </summary>
    [Function("DeputyRenewalNoticeObjection")]
    public async Task<IResult> ObjectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        string roundId,
        string schoolId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var (reader, refused) = await ReaderAsync(request, roundId, schoolId, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        RenewalNoticeObjection sent;
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return StaffPages.Refusal(request, unreadable.StatusCode, "body", "表单无法读取，异议未提交；请从公示通知邮件中的链接重新打开后再提交。", "The form could not be read; nothing was raised.");
            }

            sent = new RenewalNoticeObjection(Field(form!, "againstStaffId"), Field(form!, "reason"), Field(form!, "contact"));
        }
        else
        {
            var body = await request.ReadJsonObjectAsync<RenewalNoticeObjection>(cancellationToken).ConfigureAwait(false);
            if (body.Failed)
            {
                return body.Problem;
            }

            sent = body.Value;
        }

        if (sent.Contact is { } contact && contact.Trim().Length > MaxContact)
        {
            var tooLong = new FieldError("contact", $"at most {MaxContact} characters.") { ReasonZh = $"联系电话不超过{MaxContact}个字符" };
            return await RefusedFormAsync(request, roundId, schoolId, reader!, sent, [tooLong], FieldProblem.InvalidForStaff([tooLong], "异议未提交", "The objection was not raised."), cancellationToken).ConfigureAwait(false);
        }

        string objector = string.IsNullOrWhiteSpace(sent.Contact) ? Signed(reader!) : $"{Signed(reader!)} {sent.Contact.Trim()}";
        var api = ActivatorUtilities.CreateInstance<DeputyRenewalApi>(request.HttpContext.RequestServices);
        var answer = await api.RaiseObjectionAsync(client, roundId, schoolId, new RenewalObjection(sent.AgainstStaffId, objector, sent.Reason), cancellationToken).ConfigureAwait(false);
        if (!StaffPages.WantsPage(request))
        {
            return answer.Result;
        }

        if (answer.Errors.Count > 0)
        {
            // The objector is made of the person's name and the contact: a fault in it is the contact's.
            var errors = answer.Errors.Select(e => e.Field == "objector" ? e with { Field = "contact" } : e).ToList();
            return await RefusedFormAsync(request, roundId, schoolId, reader!, sent, errors, answer.Result, cancellationToken).ConfigureAwait(false);
        }

        if (answer.RefusalZh is { } why)
        {
            return Message(answer.Result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status409Conflict, "异议未提交", why);
        }

        return answer.AlreadyReceived
            ? Message(StatusCodes.Status200OK, "异议已收到", "您的这条异议此前已经提交，教育局正在核查，无需重复提交。")
            : Message(StatusCodes.Status202Accepted, "异议已提交", "教育局将逐条核查您的异议；经核查属实的，不予提拔。感谢您的监督。");
    }

    // The form again, as sent, with each refused field's reason at it (a script gets the problem itself).
    private async Task<IResult> RefusedFormAsync(HttpRequest request, string roundId, string schoolId, StaffMember reader, RenewalNoticeObjection sent, IReadOnlyList<FieldError> errors, IResult problem, CancellationToken cancellationToken)
    {
        if (!StaffPages.WantsPage(request))
        {
            return problem;
        }

        var (record, closed) = await OnNoticeAsync(request, roundId, schoolId, cancellationToken).ConfigureAwait(false);
        if (closed is not null)
        {
            return closed;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["againstStaffId"] = sent.AgainstStaffId ?? string.Empty,
            ["reason"] = sent.Reason ?? string.Empty,
            ["contact"] = sent.Contact ?? string.Empty,
        };
        var reasons = errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ReasonFor("zh-CN"), StringComparer.Ordinal);
        return Page(request, record!, reader, StatusCodes.Status422UnprocessableEntity, values, reasons);
    }

    // The link's holder, or the person signed in (a link that fails does not fall back to the session), as in the directory.
    private async Task<(StaffMember? Reader, IResult? Refused)> ReaderAsync(HttpRequest request, string roundId, string schoolId, CancellationToken cancellationToken)
    {
        // The session cookie rides along with any site's form: an objection posted from another origin is not the person's own.
        if (CrossSitePosts.IsCrossSite(request))
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "Origin", CrossSitePosts.RefusalZh, CrossSitePosts.RefusalEn));
        }

        string? token = request.Query["token"];
        string? staffId = null;
        if (string.IsNullOrEmpty(token))
        {
            staffId = await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false);
        }
        else
        {
            switch (links.Check(token, roundId, schoolId, out staffId))
            {
                case TaskTokenCheck.Expired:
                    return (null, StaffPages.Refusal(request, StatusCodes.Status410Gone, "token", "公示期已结束，该链接已失效。", "The notice has ended; the link no longer works."));
                case TaskTokenCheck.OtherTask:
                    return (null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "该链接属于另一所学校或另一年度的公示，请打开对应的公示通知邮件。", "The link is for another school's notice."));
            }
        }

        if (staffId is null)
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "token", "请通过公示通知邮件中的链接打开，或先在 /api/me 登录。", "Open the link in the notice mail, or sign in at /api/me."));
        }

        return await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is { } reader
            ? (reader, null)
            : (null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "人员库中没有您的记录，请联系教育局人事科。", "You are not in the staff directory."));
    }

    // The school's round while its notice runs; otherwise the refusal: a bad round or school 422, none 404, not yet 409, over 410.
    private async Task<(RenewalRecord? Record, IResult? Closed)> OnNoticeAsync(HttpRequest request, string roundId, string schoolId, CancellationToken cancellationToken)
    {
        if (roundId is not { Length: 4 } || !int.TryParse(roundId, NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year is < 2000 or > 2100)
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status422UnprocessableEntity, "roundId", "轮次应为年份，如 2026。", "The round is a year, e.g. 2026."));
        }

        if (TableKey.Problem(schoolId) is not null)
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status422UnprocessableEntity, "schoolId", "学校编号格式有误。", "Not a school id."));
        }

        var record = await store.GetAsync(roundId, schoolId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status404NotFound, "schoolId", $"该校{roundId}年副职续聘提拔尚未开始。", $"No round {roundId} has been started for '{schoolId}'."));
        }

        if (record.Stage == "done" || (record.NoticeEndsAt is { } endsAt && time.GetUtcNow().UtcDateTime >= endsAt))
        {
            return (null, StaffPages.Refusal(request, StatusCodes.Status410Gone, "schoolId", record.NoticeUntil is { } until ? $"公示期已于 {until:yyyy-MM-dd} 结束。" : "该校本轮没有提拔人选公示。", "The notice period has ended."));
        }

        return record.Stage == "notice"
            ? (record, null)
            : (null, StaffPages.Refusal(request, StatusCodes.Status409Conflict, "schoolId", "提拔人选尚未公示。", "The notice has not started."));
    }

    private RenderedPage<RenewalNoticePage> Page(HttpRequest request, RenewalRecord record, StaffMember reader, int status, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors) =>
        new(
            new Dictionary<string, object?>
            {
                [nameof(RenewalNoticePage.Record)] = record,
                [nameof(RenewalNoticePage.People)] = record.OnNotice(),
                [nameof(RenewalNoticePage.Period)] = $"{Day(record.NoticeFrom)}至{Day(record.NoticeUntil)}（{clock.ZoneNameZh}，按工作日历计算，节假日不计）",
                [nameof(RenewalNoticePage.Closes)] = record.NoticeEndsAt is { } endsAt ? clock.FormatForStaff(new DateTimeOffset(DateTime.SpecifyKind(endsAt, DateTimeKind.Utc)), "zh-CN") : "—",
                [nameof(RenewalNoticePage.Reader)] = Signed(reader),
                [nameof(RenewalNoticePage.Action)] = $"{request.PathBase}{request.Path}{request.QueryString}",
                [nameof(RenewalNoticePage.Values)] = values,
                [nameof(RenewalNoticePage.Errors)] = errors,
            },
            status);

    private static RenderedPage<MessagePage> Message(int status, string heading, string detail) =>
        new(new Dictionary<string, object?> { [nameof(MessagePage.Culture)] = "zh-CN", [nameof(MessagePage.Heading)] = heading, [nameof(MessagePage.Detail)] = detail }, status);

    // How an objection from this page names who lodged it: 王芳（stf-1）.
    private static string Signed(StaffMember person) => $"{person.Name}（{person.Id}）";

    private static string? Field(IFormCollection form, string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string Day(DateOnly? day) => day?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "—";
}
