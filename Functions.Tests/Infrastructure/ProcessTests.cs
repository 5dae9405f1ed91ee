namespace EduFlows.Tests.Infrastructure;

// The business processes' tests (Functions.Tests/Processes/) run as three collections, each one after another on an
// Azurite of its own, beside the Azurite collection (hosting, tasks, workbench and the shared services). Each test has
// its own task hub, so no collection waits for another. As one collection they were a nine-minute serial chain, and
// the suite's other long collections then ran alone at its end on a 2-core machine; three of about three minutes each
// let the two test threads finish together (README, "How long the tests take").

/// <summary>The staff reallocation's tests: the longest process, a collection of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ReallocationProcessTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Processes: staff reallocation";
}

/// <summary>Open selection, shadow training and the department assessment.</summary>
[CollectionDefinition(Name)]
public sealed class SelectionTrainingAssessmentProcessTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Processes: open selection, shadow training, department assessment";
}

/// <summary>Every other process: training, secondment, reserve pool, deputy renewal, association, researcher review.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Processes";
}
