using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's acts on the year's case contest from the association's page, each through the JSON route's own handler
/// (its rules, not repeated) and back to that page: <c>office/head-teachers/new-contest</c> sets the contest up with
/// its panel and starts its timetable (submissions close, the blind review and the awards follow on it, no act needed);
/// <c>office/head-teachers/contests/{year}/submit-case</c> enters a member's case while submissions are open.
/// </summary>
public sealed class AssociationContestActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form (<c>?year=</c> fills the year); POST: sets the contest up.</summary>
    [Function("OfficeHeadTeachersNewContest")]
    public Task<IResult> DefineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/new-contest")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("设立年度案例评比", "Set up the year's case contest"),
            links.Say(
                "设立本年度班主任案例评比并开始其日程：投稿截止前登记会员的案例，随后评审组匿名评分，评审截止后按得分评奖并公布。每年只设一次。",
                "Sets up the year's case contest and starts its timetable: members' cases are entered until submissions close, then the panel scores them blind, and once the review is due the awards are made and published. Once a year."),
            links.Say("设立评比", "Set up the contest"),
            [
                new OfficeFormField("year", links.Say("年度（必填）", "Year (required)"), InRoute: true, Hint: links.Say("如 2027。", "E.g. 2027.")),
                new OfficeFormField("title", links.Say("评比名称", "Title")),
                new OfficeFormField("submissionsClose", links.Say("投稿截止（北京时间）", "Submissions close (Beijing time)"), OfficeFieldKind.DateTime),
                new OfficeFormField("reviewDue", links.Say("评审截止（北京时间）", "Review due (Beijing time)"), OfficeFieldKind.DateTime),
                new OfficeFormField("reviewerIds", links.Say("评审组人员编号（1至15人）", "Panel's staff ids (1 to 15)"), OfficeFieldKind.List, Hint: links.Say("名录中的人员编号。", "Staff ids of the directory.")),
                new OfficeFormField("maxPoints", links.Say("满分（可不填，默认100）", "Full marks (optional, 100 if empty)"), OfficeFieldKind.Number),
                new OfficeFormField("ownerId", links.Say("负责人编号（可不填）", "Owner's staff id (optional)")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/new-contest",
            "office/head-teachers",
            act,
            route => AssociationOfficeActs.Api(request).DefineContestAsync(request, route["year"], client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: enters the case and gives it its number.</summary>
    [Function("OfficeHeadTeachersSubmitCase")]
    public Task<IResult> SubmitCaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/contests/{year}/submit-case")] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("登记参评案例", "Enter a case"),
            links.Say(
                "登记一位会员的参评案例并编号，投稿截止前有效；每人每年限报一篇。评审时隐去作者和学校。",
                "Enters a member's case and numbers it, until submissions close; one case each a year. The panel reads it without author or school."),
            links.Say("登记案例", "Enter the case"),
            [
                new OfficeFormField("authorId", links.Say("作者会员编号", "Author's staff id"), Hint: links.Say("须为学会会员。", "Must be a member.")),
                new OfficeFormField("title", links.Say("案例题目（不超过60字）", "Title (at most 60 characters)")),
                new OfficeFormField("summary", links.Say("案例摘要（不超过400字）", "Summary (at most 400 characters)"), OfficeFieldKind.LongText),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/contests/" + Uri.EscapeDataString(year) + "/submit-case",
            "office/head-teachers",
            act,
            _ => AssociationOfficeActs.Api(request).SubmitCaseAsync(request, year, cancellationToken),
            cancellationToken);
    }
}
