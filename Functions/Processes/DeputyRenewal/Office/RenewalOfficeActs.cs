using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal.Office;

/// <summary>
/// The office's act on a deputy renewal round from its page: <c>office/deputy-renewals/{roundId}/start</c> starts the
/// round county-wide, through <see cref="DeputyRenewalApi.StartCountyAsync"/> (the JSON route's own rules), then goes
/// back to the round's page.
/// </summary>
public sealed class RenewalOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the start form; POST: starts one round per school with a principal (starting again starts only what is missing).</summary>
    [Function("OfficeDeputyRenewalStart")]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", "post", Route = "office/deputy-renewals/{roundId}/start")] HttpRequest request,
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
            [new OfficeFormField("ownerId", links.Say("教育局审核人编号（必填）", "Bureau reviewer's staff id (required)"), Hint: links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3."))]);
        string path = $"office/deputy-renewals/{Uri.EscapeDataString(roundId)}";
        return OfficeForms.RunAsync(
            request,
            links,
            path + "/start",
            path,
            act,
            _ => ActivatorUtilities.CreateInstance<DeputyRenewalApi>(request.HttpContext.RequestServices).StartCountyAsync(request, roundId, client, cancellationToken),
            cancellationToken);
    }
}
