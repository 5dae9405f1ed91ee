using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.DurableTask.Tests.Backend.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>The conformance suite, unchanged, on the Azure Storage backend against Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureStorageConformanceTests(AzuriteFixture azurite) : DurableConformanceTests
{
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(20);

    protected override IOrchestrationBackend CreateBackend(TimeProvider time) =>
        new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString), time);
}
