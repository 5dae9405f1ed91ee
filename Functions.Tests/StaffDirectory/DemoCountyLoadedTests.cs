namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// Tests that read the demo county of <see cref="DemoCountyFixture"/>, one after another: its load and reload, and the
/// office's pages on it in Chromium. A collection of its own beside the others, so the load's minute is not added to
/// the Azurite or the browser collection's chain.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoCountyLoadedTests : ICollectionFixture<DemoCountyFixture>
{
    public const string Name = "DemoCounty";
}
