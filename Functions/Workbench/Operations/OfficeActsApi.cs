using EduFlows.Hosting;
using EduFlows.Tasks;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// <c>/api/office/acts</c>: the office's latest acts as the audit log holds them (<see cref="OfficeActLog"/>), newest
/// first: when (Beijing time), who, what and to what, with the fields as the form showed them. Guarded as every office
/// page; the streams themselves, and whether their chains hold, are at <c>/api/audit/{stream}</c>.
/// </summary>
public sealed class OfficeActsApi(IConfiguration configuration, OfficeActLog acts, BureauClock clock)
{
    /// <summary>How many acts the page lists.</summary>
    public const int Shown = 100;

    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The page.</summary>
    [Function("OfficeActs")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/acts")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var rows = (await acts.RecentAsync(Shown, cancellationToken).ConfigureAwait(false)).Select(a => Row(a, links)).ToList();
        return new RenderedPage<OfficeActsPage>(
            new Dictionary<string, object?> { [nameof(OfficeActsPage.Links)] = links, [nameof(OfficeActsPage.Rows)] = rows, [nameof(OfficeActsPage.Zone)] = clock.ZoneName(links.Culture) },
            StatusCodes.Status200OK);
    }

    private OfficeActRow Row(OfficeAct act, OfficeLinks links)
    {
        var entry = act.Entry;
        var payload = act.Payload;
        return new OfficeActRow(
            entry.Stream,
            entry.Sequence,
            clock.Format(entry.At),
            Who(entry.Actor, payload, links),
            payload?.Title ?? links.Say("（记录无标题）", "(untitled entry)"),
            links.ApiBase + "/" + OfficeRoutes.Segment + "/" + entry.Subject,
            [.. (payload?.Fields ?? []).Select(f => (f.Label, f.Value))],
            payload?.Outcome);
    }

    // The person as the office knows them: name and staff id, the App Service user, or the master key.
    private static string Who(string actor, OfficeActPayload? payload, OfficeLinks links) => payload?.By switch
    {
        OfficeAdmission.StaffSession => $"{payload.Name}（{actor}）",
        OfficeAdmission.EasyAuth => links.Say($"{payload.Name}（统一身份认证）", $"{payload.Name} (App Service sign-in)"),
        OfficeAdmission.MasterKey => links.Say("主密钥", "Master key"),
        _ => actor,
    };
}

/// <summary>An office act as its page lists it.</summary>
/// <param name="Stream">The audit stream it is in.</param>
/// <param name="Sequence">Its place in the stream.</param>
/// <param name="At">When, Beijing time.</param>
/// <param name="Who">Who did it.</param>
/// <param name="Title">What was done.</param>
/// <param name="Address">The address it was done at.</param>
/// <param name="Fields">The form's fields: label and value.</param>
/// <param name="Outcome">What the page said was done, if it said more.</param>
public sealed record OfficeActRow(
    string Stream, long Sequence, string At, string Who, string Title, string Address, IReadOnlyList<(string Label, string Value)> Fields, string? Outcome);
