using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ReservePool.Office;

/// <summary>
/// The office's act on the reserve pool from its page: <c>office/reserve-pool/reviews/start</c> starts a year's review
/// now (the timer starts it on 1 December), through <see cref="ReservePoolApi.StartReviewAsync"/> (the JSON route's own
/// rules), then goes back to the pool's page, where the review shows.
/// </summary>
public sealed class PoolOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: starts the year's review.</summary>
    [Function("OfficeReservePoolStartReview")]
    public Task<IResult> StartReviewAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", "post", Route = "office/reserve-pool/reviews/start")] HttpRequest request,
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
            "office/reserve-pool",
            act,
            route => ActivatorUtilities.CreateInstance<ReservePoolApi>(request.HttpContext.RequestServices).StartReviewAsync(request, route["year"], client, cancellationToken),
            cancellationToken);
    }
}
