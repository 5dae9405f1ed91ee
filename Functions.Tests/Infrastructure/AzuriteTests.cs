namespace EduFlows.Tests.Infrastructure;

/// <summary>Tests that share the Azurite fixture (run one after another, on one storage emulator).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
