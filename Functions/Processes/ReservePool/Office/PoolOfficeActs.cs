using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ReservePool.Office;

/// <summary>
/// The office's acts on the reserve pool from its page, each through the JSON route's own handler (its rules, not
/// repeated here), then back to the pool's page: <c>office/reserve-pool/reviews/start</c> starts a year's review now
/// (the timer starts it on 1 December, <see cref="ReservePoolApi.StartReviewAsync"/>); <c>office/reserve-pool/members/enter</c>
/// enters a person from a selection or a renewal round (<see cref="ReservePoolApi.EnterAsync"/>);
/// <c>office/reserve-pool/files/entries</c> writes an entry in a person's file (<see cref="ReservePoolApi.AppendAsync"/>);
/// <c>office/reserve-pool/demo</c> enters the demo county's reserve staff found in the directory (<see cref="ReservePoolApi.DemoAsync"/>).
/// </summary>
public sealed class PoolOfficeActs(IConfiguration configuration)
{
    private const string Back = "office/reserve-pool";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: starts the year's review.</summary>
    [Function("OfficeReservePoolStartReview")]
    public Task<IResult> StartReviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/reserve-pool/reviews/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("启动后备人才年度考察", "Start the reserve pool's yearly review"),
            links.Say(
                "为库中每位后备人才发出年度考察任务，由负责考察的工作人员逐人给出结论（继续保留、出库等）。每年只能启动一次；每年 12 月 1 日定时任务也会自动启动。",
                "Sends a yearly review task for every member of the pool; the officer gives each a conclusion (stays, leaves…). A year is reviewed once; the timer also starts it on 1 December."),
            links.Say("启动考察", "Start the review"),
            [
                new OfficeFormField("year", links.Say("考察年度（必填）", "Year (required)"), OfficeFieldKind.WholeNumber, InRoute: true),
                new OfficeFormField("officerId", links.Say("负责考察的工作人员编号（必填）", "Officer's staff id (required)"), Hint: links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3.")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/reserve-pool/reviews/start",
            Back,
            act,
            route => Api(request).StartReviewAsync(request, route["year"], client, cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: enters the person (entering someone already in changes nothing).</summary>
    [Function("OfficeReservePoolEnter")]
    public Task<IResult> EnterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/reserve-pool/members/enter")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("人员入库", "Enter a person into the pool"),
            links.Say(
                "将经阳光选优或副职续聘轮次产生的后备人选记入后备人才库，并在其档案中记下入库来源。已在库中的人员不会重复入库。",
                "Enters a person chosen by an open selection or a renewal round into the pool and notes where they came from in their file. Someone already in is not entered twice."),
            links.Say("入库", "Enter"),
            [
                new OfficeFormField("staffId", links.Say("人员编号（必填）", "Staff id (required)"), Hint: links.Say("名录中的人员编号，如 stf-42。", "A staff id of the directory, e.g. stf-42.")),
                new OfficeFormField("pool", links.Say("类别", "Pool"), Choices: [(ReservePoolDesk.Principals, links.Say("后备校长", "Reserve principal")), (ReservePoolDesk.Researchers, links.Say("后备教研员", "Reserve researcher"))]),
                new OfficeFormField("source", links.Say("入库来源", "Came from"), Choices: [("selection", links.Say("阳光选优", "Open selection")), ("renewal", links.Say("副职续聘轮次", "Deputy renewal round"))]),
                new OfficeFormField("sourceReference", links.Say("哪次选拔或轮次（必填）", "Which selection or round (required)"), Hint: links.Say("如 2026年阳光选优、2026年副职续聘。", "E.g. the 2026 open selection.")),
            ]);
        return OfficeForms.RunAsync(request, links, "office/reserve-pool/members/enter", Back, act, _ => Api(request).EnterAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>GET: the form (<c>?staffId=</c> fills in the person); POST: writes the entry in the person's file.</summary>
    [Function("OfficeReservePoolAppend")]
    public Task<IResult> AppendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/reserve-pool/files/entries")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("记入后备人才档案", "Write in a member's file"),
            links.Say(
                "在后备人才的档案中记下一项培养经历或考核结果（影子培训、挂职锻炼、培训学时、考核结果），年度考察时据此评定。各流程办结时会自动记入；此处补记线下办理的事项。",
                "Writes a training or assessment record (shadow training, secondment, training hours, assessment) in the member's file, which the yearly review judges from. The processes write their own; this is for what was done on paper."),
            links.Say("记入档案", "Write it"),
            [
                new OfficeFormField("staffId", links.Say("人员编号（必填）", "Staff id (required)"), InRoute: true, Hint: links.Say("后备人才库中的人员编号。", "A staff id of a pool member.")),
                new OfficeFormField("kind", links.Say("类别", "Kind"), Choices: [.. PoolEntryKinds.Appendable.Select(k => (k, links.English ? k : PoolEntryKinds.Zh(k)))]),
                new OfficeFormField("reference", links.Say("事项编号（必填）", "Reference (required)"), Hint: links.Say("培训班、挂职安排的编号或考核年度，如 2026年度考核。", "The course or assignment id, or the assessment year, e.g. 2026年度考核.")),
                new OfficeFormField("date", links.Say("日期（必填）", "Date (required)"), OfficeFieldKind.Date),
                new OfficeFormField("text", links.Say("内容（必填，不超过1000字）", "What it says (required, at most 1000 characters)")),
                new OfficeFormField("textEn", links.Say("英文内容（可不填）", "The same in English (optional)"), Hint: links.Say("本人以英文查看“我的结果与证书”时显示；不填则显示中文内容。", "Shown when the member reads their page in English; the Chinese is shown without it.")),
                new OfficeFormField("certificateNo", links.Say("证书编号（可不填）", "Certificate number (optional)")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/reserve-pool/files/entries",
            Back,
            act,
            route => Api(request).AppendAsync(request, route["staffId"], cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: enters the demo county's reserve principals and researchers found in the directory, from the selection named.</summary>
    [Function("OfficeReservePoolDemo")]
    public Task<IResult> DemoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/reserve-pool/demo")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("示范县后备人员入库", "Enter the demo county's reserve staff"),
            links.Say(
                "将人员库中示范县标为后备校长（195人）和后备教研员（54人）的人员记入后备人才库，入库来源记为下面填写的选拔，用于演示。人员库中没有的人不入库；已在库中的人员不会重复入库。",
                "Enters the demo county's reserve principals (195) and researchers (54) found in the directory into the pool, as from the selection named below, for demonstrations. Nobody missing from the directory is entered; someone already in is not entered twice."),
            links.Say("全部入库", "Enter them"),
            [
                new OfficeFormField("sourceReference", links.Say("哪次选拔（必填）", "Which selection (required)"), Hint: links.Say("记入每人档案的入库来源，如 示范县2026年阳光选优。", "Noted in each file as where they came from, e.g. the demo county's 2026 open selection.")),
            ]);
        return OfficeForms.RunAsync(request, links, "office/reserve-pool/demo", Back, act, _ => Api(request).DemoAsync(request, cancellationToken), cancellationToken);
    }

    private static ReservePoolApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<ReservePoolApi>(request.HttpContext.RequestServices);
}
