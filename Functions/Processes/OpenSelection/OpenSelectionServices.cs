using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>Registers what open selections need: their store, counting days in the bureau's time zone.</summary>
public static class OpenSelectionServices
{
    /// <summary>Adds the store (table and blob container of <paramref name="storage"/> named after <paramref name="hubName"/>).</summary>
    public static IServiceCollection AddOpenSelectionServices(this IServiceCollection services, StorageAccount storage, string hubName) =>
        services.AddSingleton(sp => new OpenSelectionStore(storage, hubName, sp.GetRequiredService<BureauClock>().Zone));
}
