using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's act on the head-teachers' association from its page: <c>office/head-teachers/new-election</c> opens a
/// term election and starts its timetable, through <see cref="HeadTeachersAssociationApi.DefineElectionAsync"/> (the
/// JSON route's own rules), then goes back to the association's page, where the election is listed.
/// </summary>
public sealed class AssociationOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: opens the election.</summary>
    [Function("OfficeHeadTeachersNewElection")]
    public Task<IResult> OpenElectionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", "post", Route = "office/head-teachers/new-election")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("设立换届选举", "Open a term election"),
            links.Say(
                "设立选举并开始其日程：提名截止前接受提名，随后向每位会员发送投票链接，投票截止后计票并公布结果。",
                "Opens the election and starts its timetable: nominations until they close, then a ballot link to every member, and the count and results once the ballot closes."),
            links.Say("设立选举", "Open the election"),
            [
                new OfficeFormField("electionId", links.Say("选举编号（必填，字母、数字和连字符）", "Election id (required; letters, digits, hyphens)"), InRoute: true, Hint: links.Say("如 term-2027。", "E.g. term-2027.")),
                new OfficeFormField("title", links.Say("选举名称", "Title")),
                new OfficeFormField("seats", links.Say("理事名额", "Seats"), OfficeFieldKind.WholeNumber),
                new OfficeFormField("nominationsClose", links.Say("提名截止（北京时间）", "Nominations close (Beijing time)"), OfficeFieldKind.DateTime),
                new OfficeFormField("ballotCloses", links.Say("投票截止（北京时间）", "Ballot closes (Beijing time)"), OfficeFieldKind.DateTime),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/new-election",
            "office/head-teachers",
            act,
            route => ActivatorUtilities.CreateInstance<HeadTeachersAssociationApi>(request.HttpContext.RequestServices).DefineElectionAsync(request, route["electionId"], client, cancellationToken),
            cancellationToken);
    }
}
