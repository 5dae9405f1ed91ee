using EduFlows.Hosting;
using EduFlows.Tasks;

namespace EduFlows.Workbench;

/// <summary><c>GET /api</c>: the landing page for anyone, in zh-CN (English with <c>?lang=en</c>).</summary>
public sealed class LandingApi(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>
    /// The route: the prefix itself. Azure's Functions host does not serve an empty route (it falls back to the
    /// function's name), so the route is an optional segment that must be empty; it matches <c>/api</c> and <c>/api/</c> only.
    /// </summary>
    public const string Route = "{landing:maxlength(0)?}";

    /// <summary>The landing page: what EduFlows is, sign in, and the office's home.</summary>
    [Function("Landing")]
    public IResult Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RenderedPage<LandingPage>(new Dictionary<string, object?> { [nameof(LandingPage.Links)] = OfficeLinks.From(request, _routePrefix) }, StatusCodes.Status200OK);
    }
}
