using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The office's act on 县管校聘 from its list page: <c>office/staff-reallocation/start</c> starts a reallocation through
/// the start route's own work (<see cref="StaffReallocationApi.StartAsync(HttpRequest, string, DurableTaskClient, Func{ReallocationStartBody, ReallocationStartBody}, CancellationToken)"/>:
/// the same fields and rules), then goes on to the reallocation's page. Only the schools field reads differently: left
/// blank on the form it means the whole county, as leaving <c>schoolIds</c> out of the JSON does.
/// </summary>
public sealed class ReallocationOfficeActs(IConfiguration configuration)
{
    private const string List = "office/staff-reallocation";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: starts the reallocation (its posts window first) and shows its page.</summary>
    [Function("OfficeStaffReallocationStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = List + "/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("启动县管校聘", "Start a staff reallocation"),
            links.Say(
                "按人员名录和积分表计算每人积分并邮件告知本人（可提出积分异议），再请各校发布岗位、由教育局负责人核定，然后依次进行直接聘用、支教交流、校内竞聘和跨校竞聘，每轮结果公布后留出申诉期，最后由负责人处理落聘人员。启动后各环节的任务和通知邮件自动发出，同一编号不能重复启动。",
                "Computes everyone's points from the directory and the points sheet and mails them (objections may follow); the schools then publish their posts for the bureau owner to approve, and direct appointment, support teaching, the in-school and the cross-school competition follow, each with an appeal window after its results, the owner deciding the unplaced cases last. Tasks and mails go out by themselves once started; one id starts once."),
            links.Say("启动", "Start"),
            [
                new OfficeFormField("reallocationId", links.Say("县管校聘编号（必填）", "Reallocation id (required)"), InRoute: true, Hint: links.Say("形如 staff-reallocation-2027（年份在后）。", "Like staff-reallocation-2027 (the year last).")),
                new OfficeFormField("ownerId", links.Say("教育局负责人编号", "Bureau owner's staff id"), Hint: links.Say("审核岗位、决定申诉和落聘人员的教育局人员，如 stf-3。", "The bureau person approving posts and deciding appeals and unplaced cases, e.g. stf-3.")),
                new OfficeFormField("asOf", links.Say("积分计算日", "Points as of"), OfficeFieldKind.Date, Hint: links.Say("积分和年龄按这一天计算；不填为今天（北京时间）。", "Points and ages are reckoned on this day; today (Beijing time) when left blank.")),
                new OfficeFormField("supportRota", links.Say("应轮换支教人员编号", "Staff due on the support-teaching rota"), OfficeFieldKind.List, Hint: links.Say("名录中的人员编号，如 stf-31；没有可不填。", "Staff ids of the directory, e.g. stf-31; blank for none.")),
                new OfficeFormField("schoolIds", links.Say("试点学校编号", "Pilot schools"), OfficeFieldKind.List, Hint: links.Say("只在部分学校试点时填写，如 sch-001；不填即全县学校参加。", "Only for a pilot, e.g. sch-001; blank for every school of the county.")),
            ]);
        string? started = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            List + "/start",
            List,
            act,
            async route =>
            {
                var answer = await ActivatorUtilities.CreateInstance<StaffReallocationApi>(request.HttpContext.RequestServices)
                    .StartAsync(request, route["reallocationId"], client, WholeCountyWhenBlank, cancellationToken).ConfigureAwait(false);
                if (answer is not IStatusCodeHttpResult { StatusCode: >= 400 })
                {
                    started = route["reallocationId"];
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Started: on to its page, which shows it from the moment its instance exists.
        return started is not null && result is RedirectHttpResult
            ? TypedResults.Redirect(links.To(List + "/" + Uri.EscapeDataString(started)) + "#done")
            : result;
    }

    // The form sends a blank list field as a list of none; for the schools, blank means every school of the county.
    private static ReallocationStartBody WholeCountyWhenBlank(ReallocationStartBody body) =>
        body.SchoolIds is { Count: 0 } ? body with { SchoolIds = null } : body;
}
