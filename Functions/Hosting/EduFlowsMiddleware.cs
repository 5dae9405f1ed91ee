namespace EduFlows.Hosting;

/// <summary>
/// The app's worker middleware, in order, added once: the worker's Program.cs adds it to the worker's pipeline in
/// Azure, and the local host builds the same pipeline around each function it invokes.
/// </summary>
public static class EduFlowsMiddleware
{
    /// <summary>Adds the office guard (<see cref="OfficeGuard"/>) to <paramref name="worker"/>.</summary>
    public static IFunctionsWorkerApplicationBuilder UseEduFlowsMiddleware(this IFunctionsWorkerApplicationBuilder worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.Use(next => context => context.InstanceServices.GetRequiredService<OfficeGuard>().Invoke(context, next));
    }

    /// <summary>The services the middleware needs (called by <see cref="EduFlowsServices.AddEduFlows"/>).</summary>
    internal static IServiceCollection AddEduFlowsMiddleware(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(OfficeRoutes.OfApp());
        services.AddSingleton(OfficeAccess.FromConfiguration(configuration));
        services.AddSingleton<OfficeGuard>();
        return services;
    }
}
