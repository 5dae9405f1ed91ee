using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.Secondment.Office;

/// <summary>
/// The office's act on exchanges and secondments from its page: <c>office/secondments/start</c> starts an assignment,
/// through <see cref="SecondmentApi.StartAsync"/> (the JSON route's own rules), then goes back to the list.
/// </summary>
public sealed class SecondmentOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: starts the assignment (consent tasks first).</summary>
    [Function("OfficeSecondmentStart")]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/secondments/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string staffHint = links.Say("名录中的人员编号，如 stf-31。", "A staff id of the directory, e.g. stf-31.");
        string unitHint = links.Say("名录中的学校或科室编号。", "A school or department id of the directory.");
        var act = new OfficeFormAct(
            links.Say("启动交流挂职", "Start an exchange or secondment"),
            links.Say(
                "先向本人和派出、接收单位负责人发出同意任务；三方同意后开始，每月报到，期中、期末由接收单位导师评价，到期前由教育局决定按期返回或延期。",
                "Consent tasks go to the person and both units' heads first; once all agree it starts, with monthly check-ins, a mid-term and a final evaluation by the host mentor, and a return-or-extend decision near the end."),
            links.Say("启动", "Start"),
            [
                new OfficeFormField("secondmentId", links.Say("安排编号（必填，字母、数字和连字符）", "Assignment id (required; letters, digits, hyphens)"), InRoute: true, Hint: links.Say("如 2027-01（年份加序号）。", "E.g. 2027-01 (the year and a number).")),
                new OfficeFormField("kind", links.Say("类别", "Kind"), Choices: [(SecondmentKinds.Exchange, links.Say("双向交流", "Exchange")), (SecondmentKinds.Secondment, links.Say("挂职锻炼", "Secondment"))]),
                new OfficeFormField("personId", links.Say("人员编号", "Person's staff id"), Hint: staffHint),
                new OfficeFormField("homeUnitId", links.Say("派出单位编号", "Home unit id"), Hint: unitHint),
                new OfficeFormField("hostUnitId", links.Say("接收单位编号", "Host unit id"), Hint: unitHint),
                new OfficeFormField("role", links.Say("挂职岗位", "Role")),
                // The route needs the directory post the person holds at the host (the directory moves them to it), so
                // the form offers the directory's own posts rather than a free text it would refuse.
                new OfficeFormField("hostPost", links.Say("接收单位职务", "Post at the host"), Choices: [.. SecondmentDesk.HostPosts
                    .Select(p => (p, links.English ? p : StaffDirectory.DirectoryVocabulary.PostNames.GetValueOrDefault(p, p)))]),
                new OfficeFormField("start", links.Say("开始日期", "Start date"), OfficeFieldKind.Date),
                new OfficeFormField("months", links.Say("期限（月）", "Duration (months)"), OfficeFieldKind.WholeNumber),
                new OfficeFormField("mentorId", links.Say("接收单位导师编号", "Host mentor's staff id"), Hint: staffHint),
                new OfficeFormField("ownerId", links.Say("教育局负责人编号", "Bureau owner's staff id"), Hint: staffHint),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/secondments/start",
            "office/secondments",
            act,
            route => ActivatorUtilities.CreateInstance<SecondmentApi>(request.HttpContext.RequestServices).StartAsync(request, route["secondmentId"], client, cancellationToken),
            cancellationToken);
    }
}
