using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's acts on the association's membership and elections from its page, each through the JSON route's own
/// handler (its rules, not repeated) and back to the association's page: <c>office/head-teachers/new-application</c>
/// takes an application to join (the approval is then the office's task); <c>office/head-teachers/new-election</c>
/// opens a term election and starts its timetable (ballots open and close on it, no act needed);
/// <c>office/head-teachers/elections/{electionId}/nominate</c> records a nomination while nominations are open.
/// </summary>
public sealed class AssociationOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: opens the election.</summary>
    [Function("OfficeHeadTeachersNewElection")]
    public Task<IResult> OpenElectionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/new-election")] HttpRequest request,
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
                new OfficeFormField("electionId", links.Say("选举编号（必填，字母、数字和连字符）", "Election id (required; letters, digits, hyphens)"), InRoute: true, Hint: links.Say("如 2027（换届年份）。", "E.g. 2027 (the year of the term).")),
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
            route => Api(request).DefineElectionAsync(request, route["electionId"], client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: takes the application and gives the office its approval task.</summary>
    [Function("OfficeHeadTeachersNewApplication")]
    public Task<IResult> ApplyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/new-application")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("登记入会申请", "Enter an application to join"),
            links.Say(
                "登记一位班主任的入会申请；办公室随即收到审核任务（见“任务”页），批准后成为会员。已是会员或已有待审核申请的不能再登记。",
                "Enters a head teacher's application; the office then gets the approval task (Tasks page), and once approved they are a member. Not for a member, nor for someone whose application is pending."),
            links.Say("登记申请", "Enter the application"),
            [
                new OfficeFormField("staffId", links.Say("申请人编号", "Applicant's staff id"), Hint: links.Say("名录中的人员编号，如 stf-31。", "A staff id of the directory, e.g. stf-31.")),
                new OfficeFormField("statement", links.Say("申请理由（不超过1000字）", "Statement (at most 1000 characters)"), OfficeFieldKind.LongText),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/new-application",
            "office/head-teachers",
            act,
            _ => Api(request).ApplyAsync(request, client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: records the nomination.</summary>
    [Function("OfficeHeadTeachersNominate")]
    public Task<IResult> NominateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/elections/{electionId}/nominate")] HttpRequest request,
        string electionId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("登记提名", "Record a nomination"),
            links.Say(
                "登记一位会员对另一位会员的提名，提名截止前有效；截止后向每位会员发送的选票上列出全部被提名人。同一人只登记一次。",
                "Records a member's nomination of another member, until nominations close; the ballot every member then receives lists everyone nominated. Nobody is nominated twice."),
            links.Say("登记提名", "Record the nomination"),
            [
                new OfficeFormField("nomineeId", links.Say("被提名会员编号", "Nominee's staff id"), Hint: links.Say("须为学会会员。", "Must be a member.")),
                new OfficeFormField("nominatedBy", links.Say("提名人会员编号", "Nominating member's staff id"), Hint: links.Say("须为学会会员。", "Must be a member.")),
            ]);
        string path = "office/head-teachers/elections/" + Uri.EscapeDataString(electionId) + "/nominate";
        return OfficeForms.RunAsync(
            request,
            links,
            path,
            "office/head-teachers",
            act,
            _ => Api(request).NominateAsync(request, electionId, cancellationToken),
            cancellationToken);
    }

    /// <summary>The process's JSON routes, whose handlers the office's forms go through.</summary>
    internal static HeadTeachersAssociationApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<HeadTeachersAssociationApi>(request.HttpContext.RequestServices);
}
