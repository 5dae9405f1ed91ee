using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.InMemory;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>The conformance suite on the in-memory backend.</summary>
public sealed class InMemoryConformanceTests : DurableConformanceTests
{
    protected override IOrchestrationBackend CreateBackend(TimeProvider time) => new InMemoryOrchestrationBackend(time);
}
