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
    /// <summary>Longest first: the reliability suite's fast subset (a host killed and restarted), then the shared collections.</summary>
    private static readonly string[] Longest =
    [
        "Test collection for " + typeof(Reliability.ReliabilityFastSubsetTests).FullName,
        ProcessTests.Name,
        AzuriteTests.Name,
        BrowserTests.Name,
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
