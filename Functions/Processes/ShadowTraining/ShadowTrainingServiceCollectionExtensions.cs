using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>Registers what shadow training needs besides e-mailed tasks: its tables, options and certificate links.</summary>
public static class ShadowTrainingServiceCollectionExtensions
{
    /// <summary>Adds the store (tables named after <paramref name="hubName"/>), the default options and certificate links.</summary>
    public static IServiceCollection AddShadowTrainingServices(this IServiceCollection services, string storage, string hubName)
    {
        services.AddSingleton(new ShadowTrainingStore(storage, hubName));
        services.TryAddSingleton(ShadowTrainingOptions.Default);
        services.AddSingleton<CertificateLinks>();
        services.AddSingleton<BatchDesk>();
        return services;
    }
}
