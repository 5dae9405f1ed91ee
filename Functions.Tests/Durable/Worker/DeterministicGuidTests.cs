using EduFlows.Durable.Worker;

namespace EduFlows.Tests.Durable.Worker;

public sealed class DeterministicGuidTests
{
    [Fact]
    public void Create_MatchesRfcVersion5ForTheUrlNamespace()
    {
        // Reference value from Python's uuid.uuid5(uuid.NAMESPACE_URL, ...).
        Assert.Equal(Guid.Parse("291d58d9-d6cf-59a0-8d2b-f8bb8ae30c42"), DeterministicGuid.Create("researcher-review-2026H2-junior"));
    }

    [Fact]
    public void Create_DifferentNames_GiveDifferentGuids()
    {
        Assert.NotEqual(DeterministicGuid.Create("a"), DeterministicGuid.Create("b"));
        Assert.Equal(DeterministicGuid.Create("a"), DeterministicGuid.Create("a"));
    }
}
