namespace EduFlows.Tests.Infrastructure;

/// <summary>
/// The business processes' tests (<c>Functions.Tests/Processes/</c>), one after another on an Azurite of their own, beside
/// the <see cref="AzuriteTests"/> collection (hosting, tasks, workbench and the shared services): each test has its own
/// task hub, so the two need not wait for each other, and as one collection they were most of the suite's time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Processes";
}
