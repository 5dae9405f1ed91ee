using EduFlows.Hosting;
using EduFlows.Tasks;

namespace EduFlows.Workbench;

/// <summary><c>GET /api</c>: the landing page for anyone, in zh-CN (English with <c>?lang=en</c>).</summary>
public sealed class LandingApi(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The landing page: what EduFlows is, sign in, and the office's home.</summary>
    [Function("Landing")]
    public IResult Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RenderedPage<LandingPage>(new Dictionary<string, object?> { [nameof(LandingPage.Links)] = OfficeLinks.From(request, _routePrefix) }, StatusCodes.Status200OK);
    }
}
