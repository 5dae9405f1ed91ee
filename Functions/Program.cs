using EduFlows.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

namespace EduFlows;

/// <summary>
/// The isolated worker's entry point: the Functions host (Azure's, or ../LocalHost on a developer's machine) starts
/// this process, tells it which functions to run and forwards HTTP requests, timer firings and durable work to them.
/// (Named so, not Program, because the local host's Program is the one tests start.)
/// </summary>
internal static class FunctionApp
{
    private static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddEduFlows(builder.Configuration, builder.Environment);

        // After the ASP.NET Core integration's own middleware, which hands the function its HttpContext.
        builder.UseEduFlowsMiddleware();
        await builder.Build().RunAsync().ConfigureAwait(false);
    }
}
