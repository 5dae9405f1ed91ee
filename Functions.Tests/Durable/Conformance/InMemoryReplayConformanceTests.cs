using EduFlows.Durable;
using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.InMemory;

namespace EduFlows.Tests.Durable.Conformance;

/// <summary>The conformance suite on the in-memory backend with the session cache off: every step replays from history.</summary>
public sealed class InMemoryReplayConformanceTests : DurableConformanceTests
{
    protected override DurableTaskWorkerOptions WorkerOptions => base.WorkerOptions with { MaxCachedOrchestrations = 0 };

    protected override IOrchestrationBackend CreateBackend(TimeProvider time) => new InMemoryOrchestrationBackend(time);
}
