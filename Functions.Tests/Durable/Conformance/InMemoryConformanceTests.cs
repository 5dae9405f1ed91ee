using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.InMemory;

namespace EduFlows.Tests.Durable.Conformance;

/// <summary>The conformance suite on the in-memory backend.</summary>
public sealed class InMemoryConformanceTests : DurableConformanceTests
{
    protected override IOrchestrationBackend CreateBackend(TimeProvider time) => new InMemoryOrchestrationBackend(time);
}
