using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Query;
using EduFlows.DurableTask.Providers;
using EduFlows.DurableTask.Storage;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EduFlows.DurableTask.Tests.Providers;

public sealed class DurableStorageRegistrationTests
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    [Fact]
    public async Task AddDurableStorage_DefaultType_RegistersTheEduFlowsProviderForEveryRole()
    {
        await using var services = CreateSut(new DurableStorageOptions { ConnectionString = DevelopmentStorage });

        var provider = services.GetRequiredService<IOrchestrationService>();
        Assert.IsType<EduFlowsOrchestrationService>(provider);
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServiceClient>());
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServiceQueryClient>());
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServicePurgeClient>());
    }

    [Fact]
    public void AddDurableStorage_AzureStorage_RegistersMicrosoftsProviderWithTheHostsSettings()
    {
        using var services = CreateSut(new DurableStorageOptions
        {
            Type = DurableStorageProvider.AzureStorage,
            ConnectionString = DevelopmentStorage,
            TaskHubName = "Bureau",
            PartitionCount = 3,
            MaxConcurrentOrchestrations = 7,
            MaxConcurrentActivities = 9,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(250),
        });

        var provider = Assert.IsType<AzureStorageOrchestrationService>(services.GetRequiredService<IOrchestrationService>());
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServiceClient>());
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServiceQueryClient>());
        Assert.Same(provider, services.GetRequiredService<IOrchestrationServicePurgeClient>());
        Assert.Equal(7, provider.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(9, provider.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(TimeSpan.FromDays(6), services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).MaximumTimerInterval);
    }

    [Fact]
    public void AddDurableStorage_AzureStorage_SettingsAsDurableFunctionsWouldSetThem()
    {
        var settings = new AzureStorageProviderOptions
        {
            ConnectionString = DevelopmentStorage,
            TaskHubName = "Bureau",
            PartitionCount = 3,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(250),
        }.ToSettings(loggerFactory: null);

        Assert.Equal("Bureau", settings.TaskHubName);
        Assert.Equal(3, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.MaxQueuePollingInterval);
        Assert.True(settings.ThrowExceptionOnInvalidDedupeStatus);
    }

    [Fact]
    public void QueueVisibilityTimeouts_ReachBothProviders_AndUnsetKeepTheirDefaults()
    {
        var options = new DurableStorageOptions
        {
            ConnectionString = DevelopmentStorage,
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(12),
        };

        var ours = options.ToEduFlowsBackend();
        var microsofts = options.ToAzureStorage().ToSettings(loggerFactory: null);
        var defaults = new DurableStorageOptions { ConnectionString = DevelopmentStorage };

        Assert.Equal(TimeSpan.FromSeconds(10), ours.ControlMessageVisibility);
        Assert.Equal(TimeSpan.FromSeconds(12), ours.ActivityMessageVisibility);
        Assert.Equal(TimeSpan.FromSeconds(10), microsofts.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), microsofts.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.ToEduFlowsBackend().ControlMessageVisibility);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.ToEduFlowsBackend().ActivityMessageVisibility);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.ToAzureStorage().ToSettings(loggerFactory: null).WorkItemQueueVisibilityTimeout);
        Assert.Equal(nameof(DurableStorageOptions.WorkItemQueueVisibilityTimeout), Assert.Throws<ArgumentOutOfRangeException>(
            () => (options with { WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(1) }).Validate()).ParamName);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(17, 4)]
    [InlineData(4, 0)]
    public void AddDurableStorage_OutOfRange_ThrowsNamingTheSetting(int partitions, int orchestrations)
    {
        var options = new DurableStorageOptions
        {
            Type = DurableStorageProvider.AzureStorage,
            ConnectionString = DevelopmentStorage,
            PartitionCount = partitions,
            MaxConcurrentOrchestrations = orchestrations,
        };

        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new ServiceCollection().AddDurableStorage(options));
        Assert.Equal(partitions is < 1 or > 16 ? nameof(DurableStorageOptions.PartitionCount) : nameof(DurableStorageOptions.MaxConcurrentOrchestrations), error.ParamName);
    }

    [Fact]
    public void AddDurableStorage_UnknownType_Throws()
    {
        var options = new DurableStorageOptions { Type = (DurableStorageProvider)7, ConnectionString = DevelopmentStorage };

        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddDurableStorage(options));
    }

    private static ServiceProvider CreateSut(DurableStorageOptions options) => new ServiceCollection()
        .AddLogging()
        .AddDurableStorage(options)
        .AddDurableTask(_ => { })
        .BuildServiceProvider();
}
