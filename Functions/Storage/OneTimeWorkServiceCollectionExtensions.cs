namespace EduFlows.Storage;

/// <summary>Registers one-time work run at start-up (<see cref="OneTimeWorkService"/>).</summary>
public static class OneTimeWorkServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="TWork"/> as a singleton (for whoever waits for it) and runs it when the host starts.</summary>
    public static IServiceCollection AddOneTimeWork<TWork>(this IServiceCollection services)
        where TWork : OneTimeWorkService
    {
        services.AddSingleton<TWork>();
        services.AddHostedService(sp => sp.GetRequiredService<TWork>());
        return services;
    }
}
