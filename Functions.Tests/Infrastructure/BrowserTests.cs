namespace EduFlows.Tests.Infrastructure;

/// <summary>
/// Tests that drive Chromium, one after another on an Azurite of their own. Kept apart from the <see cref="AzuriteTests"/>
/// collection so the two run side by side: the browser's work is on the CPU, most Azurite tests wait on storage and
/// timers, and in one collection the two added up to most of the suite's time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Browser";
}
