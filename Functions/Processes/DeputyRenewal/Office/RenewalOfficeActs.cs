using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal.Office;

/// <summary>
/// The office's acts on a deputy renewal round from its page, each through the JSON route's own handler (its rules, not
/// repeated here), then back to the round's page: <c>office/deputy-renewals/{roundId}/start</c> starts the round
/// county-wide (<see cref="DeputyRenewalApi.StartCountyAsync"/>); <c>office/deputy-renewals/{roundId}/schools/start</c>
/// starts it at one school (<see cref="DeputyRenewalApi.StartAsync"/>); <c>office/deputy-renewals/{roundId}/objections</c>
/// registers an objection the bureau received to a promotion on notice (<see cref="DeputyRenewalApi.ObjectAsync"/>);
/// <c>office/deputy-renewals/{roundId}/notice-mails</c> mails the notices that opened unmailed (<see cref="DeputyRenewalApi.MailNoticesAsync"/>).
/// </summary>
public sealed class RenewalOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the start form; POST: starts one round per school with a principal (starting again starts only what is missing).</summary>
    [Function("OfficeDeputyRenewalStart")]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/deputy-renewals/{roundId}/start")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say($"启动{roundId}年副职续聘与提拔", $"Start the {roundId} deputy renewal round"),
            links.Say(
                "为名录中每所有校长和副校长的学校启动本轮：校长收到提名任务（续聘、提拔或不再续聘，并说明理由），教育局逐项审核，提拔经公示后更新名录。已启动的学校不会重复启动。",
                "Starts the round at every school with a principal and deputies: the principal is asked to propose renew, promote or not renew with a reason; the bureau reviews each; promotions are publicly noticed and the directory is updated. Schools already started are not started again."),
            links.Say("启动本轮", "Start the round"),
            [Owner(links)]);
        string path = RoundPath(roundId);
        return OfficeForms.RunAsync(
            request,
            links,
            path + "/start",
            path,
            act,
            _ => Api(request).StartCountyAsync(request, roundId, client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form (<c>?schoolId=</c> fills in the school); POST: starts the round at that school.</summary>
    [Function("OfficeDeputyRenewalStartSchool")]
    public Task<IResult> StartSchoolAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/deputy-renewals/{roundId}/schools/start")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say($"为一所学校启动{roundId}年副职续聘与提拔", $"Start the {roundId} deputy renewal round at one school"),
            links.Say(
                "只为这一所学校启动本轮（如新设学校、新任校长或全县启动后补办）：校长收到提名任务，教育局逐项审核，提拔经公示后更新名录。已启动的学校不能再次启动。",
                "Starts the round at this school only (a new school, a new principal, or one left out of the county-wide start): the principal proposes, the bureau reviews each, promotions are publicly noticed and the directory is updated. A school already started cannot be started again."),
            links.Say("启动", "Start"),
            [
                new OfficeFormField("schoolId", links.Say("学校编号（必填）", "School id (required)"), InRoute: true, Hint: links.Say("名录中的学校编号，如 sch-001；该校须有校长。", "A school id of the directory, e.g. sch-001; the school needs a principal.")),
                Owner(links),
            ]);
        string path = RoundPath(roundId);
        return OfficeForms.RunAsync(
            request,
            links,
            path + "/schools/start",
            path,
            act,
            route => Api(request).StartAsync(request, roundId, route["schoolId"], client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form (<c>?schoolId=&amp;againstStaffId=</c> fill in the school and the person); POST: registers the objection during the notice.</summary>
    [Function("OfficeDeputyRenewalObjection")]
    public async Task<IResult> ObjectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/deputy-renewals/{roundId}/objections")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("登记公示异议", "Register an objection to a promotion"),
            links.Say(
                "登记教育局在公示期内收到的来信、来电或来访异议。异议交审核人核查，核查属实的不予提拔。只能在该校公示期内登记。",
                "Registers an objection the bureau received by letter, phone or in person during the notice. The reviewer looks into it; if upheld, the promotion does not happen. Only while the school's notice runs."),
            links.Say("登记异议", "Register"),
            [
                new OfficeFormField("schoolId", links.Say("学校编号（必填）", "School id (required)"), InRoute: true, Hint: links.Say("公示中的学校，如 sch-001。", "A school on notice, e.g. sch-001.")),
                new OfficeFormField("againstStaffId", links.Say("被异议人编号（必填）", "Staff id of the person objected to (required)"), Hint: links.Say("公示名单中的人员编号，见本轮页面。", "A staff id on the notice, as on the round's page.")),
                new OfficeFormField("objector", links.Say("异议人姓名和联系方式（必填，100字以内）", "Objector's name and contact (required, at most 100 characters)")),
                new OfficeFormField("reason", links.Say("异议内容（必填，500字以内）", "The objection (required, at most 500 characters)")),
            ]);
        string path = RoundPath(roundId);
        (string School, int Number)? repeated = null;
        var done = await OfficeForms.RunAsync(
            request,
            links,
            path + "/objections",
            path,
            act,
            async route =>
            {
                var answer = await Api(request).ObjectAsync(request, roundId, route["schoolId"], client, cancellationToken).ConfigureAwait(false);
                repeated = RepeatOf(answer) is { } number ? (route["schoolId"], number) : null;
                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // The same objection again (the route answered 200 with the one it took): back to the page, which says it was not counted again.
        return repeated is { } repeat && done is Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult
            ? TypedResults.Redirect(links.To(path, (RepeatSchool, repeat.School), (RepeatNumber, repeat.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "#repeat", permanent: false)
            : done;
    }

    /// <summary>
    /// GET: the form; POST: mails the promotion notice of the round's schools whose notice is open and was not mailed
    /// (<see cref="DeputyRenewalApi.MailNoticesAsync"/>), each person once; sent again, it sends nothing.
    /// </summary>
    [Function("OfficeDeputyRenewalNoticeMails")]
    public async Task<IResult> MailNoticesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/deputy-renewals/{roundId}/notice-mails")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say($"补发{roundId}年提拔人选公示邮件", $"Mail the {roundId} promotion notices not mailed"),
            links.Say(
                "为公示期内、尚未发出公示邮件的学校（公示开始于启用公示邮件之前的轮次）补发公示邮件：发给该校全体教职工和公示人选，每人一封，附本人的公示页面链接。已收到的人不会重复收到；再次提交不会再发。",
                "Mails the notice of each school whose notice is open and was not mailed (rounds whose notice opened before notice mails were sent) to the school's staff and the people on it, each once with their link to the notice page. Nobody mailed before is mailed again; submitting again sends nothing."),
            links.Say("补发公示邮件", "Mail the notices"),
            []);
        string path = RoundPath(roundId);
        RenewalNoticeCatchUpResult? mailed = null;
        var done = await OfficeForms.RunAsync(
            request,
            links,
            path + "/notice-mails",
            path,
            act,
            async _ =>
            {
                var (answer, result) = await Api(request).CatchUpNoticesAsync(request, roundId, client, cancellationToken).ConfigureAwait(false);
                mailed = result;
                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Done: back to the round's page, which says how many notices went and how many did not, and why.
        if (mailed is not { } counted || done is not Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult)
        {
            return done;
        }

        return TypedResults.Redirect(
            links.To(
                path,
                (NoticesMailed, Text(counted.Sent.Count)),
                (NoticesMailedBefore, Text(counted.AlreadySent)),
                (NoticesPending, Text(counted.Pending)),
                (NoticesRefused, Text(counted.Refused))) + "#notice-mails",
            permanent: false);
    }

    /// <summary>The query giving the number of notice mails the catch-up sent, for the round's page.</summary>
    public const string NoticesMailed = "mailed";

    /// <summary>The query giving the number of notice mails sent before, which the catch-up did not send again.</summary>
    public const string NoticesMailedBefore = "mailedBefore";

    /// <summary>The query giving the number of notice mails the catch-up could not send now (the outbox sends them later).</summary>
    public const string NoticesPending = "pending";

    /// <summary>The query giving the number of notice mails the mail service refused for good.</summary>
    public const string NoticesRefused = "refused";

    /// <summary>The query naming the school of an objection the form sent again (with <see cref="RepeatNumber"/>), for the round's page.</summary>
    public const string RepeatSchool = "repeatSchool";

    /// <summary>The query naming the number of the objection the form sent again.</summary>
    public const string RepeatNumber = "repeatOf";

    // The number of the objection the round had taken already, when the route answered so (200 alreadyReceived).
    private static int? RepeatOf(IResult answer)
    {
        if (answer is not (IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: { } value }))
        {
            return null;
        }

        var json = System.Text.Json.JsonSerializer.SerializeToElement(value);
        return json.TryGetProperty("alreadyReceived", out var already) && already.ValueKind == System.Text.Json.JsonValueKind.True
            && json.TryGetProperty("number", out var number) && number.TryGetInt32(out int n) ? n : null;
    }

    private static OfficeFormField Owner(OfficeLinks links) =>
        new("ownerId", links.Say("教育局审核人编号（必填）", "Bureau reviewer's staff id (required)"), Hint: links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3."));

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string RoundPath(string roundId) => $"office/deputy-renewals/{Uri.EscapeDataString(roundId)}";

    private static DeputyRenewalApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<DeputyRenewalApi>(request.HttpContext.RequestServices);
}
