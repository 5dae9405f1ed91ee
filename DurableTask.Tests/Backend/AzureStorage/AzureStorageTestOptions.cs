using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>Backend options for tests: a fresh task hub, the shortest lease Azure allows, quick polling.</summary>
internal static class AzureStorageTestOptions
{
    public static AzureStorageBackendOptions Create(string connectionString, string? hubName = null, string? workerId = null) => new()
    {
        ConnectionString = connectionString,
        TaskHubName = hubName ?? AzuriteFixture.NewHubName(),
        WorkerId = workerId ?? "worker-" + Guid.NewGuid().ToString("N")[..8],
        LeaseDuration = TimeSpan.FromSeconds(15),
        LeaseRenewInterval = TimeSpan.FromSeconds(1),
        MaxPollingInterval = TimeSpan.FromMilliseconds(50),
        TimerPollInterval = TimeSpan.FromSeconds(1),
        ControlMessageVisibility = TimeSpan.FromSeconds(10),
        ActivityMessageVisibility = TimeSpan.FromSeconds(10),
        StartRecoveryInterval = TimeSpan.FromSeconds(2),
    };
}
