using Xunit.Abstractions;

[assembly: TestCollectionOrderer("EduFlows.Tests.Infrastructure.LongestFirstCollectionOrderer", "EduFlows.Functions.Tests")]

namespace EduFlows.Tests.Infrastructure;

/// <summary>
/// Starts the collections that take longest first, so the suite's last minutes are not one long collection running
/// alone while the other threads sit idle (longest-processing-time-first scheduling). The rest keep xunit's order.
/// </summary>
/// <remarks>
/// The list is measured, not guessed: the longest collections of the clean-clone run's trx (README, "How long the
/// tests take"). A collection missing from it merely starts later; nothing fails.
/// </remarks>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <summary>
    /// Longest first, as measured on 2 cores (wall time with fixtures, 2026-12-06 23:25 run): Azurite 266 s, browser
    /// 256 s, reliability subset 223 s, the three process collections about 190, 184 and 180 s, the storage-gone
    /// shutdown 46 s. Before the processes were split, the Azurite collection started last and ran alone for the final
    /// two minutes. The demo county's collection (its load, moved out of the Azurite collection, and the office's pages
    /// on it) is placed by its measured length beside these.
    /// </summary>
    private static readonly string[] Longest =
    [
        AzuriteTests.Name,
        BrowserTests.Name,
        "Test collection for " + typeof(Reliability.ReliabilityFastSubsetTests).FullName,
        ProcessTests.Name,
        SelectionTrainingAssessmentProcessTests.Name,
        ReallocationProcessTests.Name,
        StaffDirectory.DemoCountyLoadedTests.Name,
        "Test collection for " + typeof(Hosting.HostShutdownWithStorageGoneTests).FullName,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        ArgumentNullException.ThrowIfNull(testCollections);
        return testCollections
            .Select((collection, index) => (collection, index, rank: Rank(collection.DisplayName)))
            .OrderBy(c => c.rank)
            .ThenBy(c => c.index)
            .Select(c => c.collection);
    }

    private static int Rank(string displayName)
    {
        int rank = Array.IndexOf(Longest, displayName);
        return rank < 0 ? Longest.Length : rank;
    }
}
