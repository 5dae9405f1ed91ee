using EduFlows.Durable;
using EduFlows.DurableTask;
using EduFlows.DurableTask.Client;
using EduFlows.Processes.DeputyRenewal;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>How a round is restarted by hand, on a client over the in-memory provider (no worker runs the round).</summary>
public sealed class RenewalRestartsTests
{
    [Fact]
    public async Task Restart_OfATerminatedRound_WithNoVersionGiven_Throws_StartsNothing_WithItsVersion_StartsAtIt()
    {
        await using var services = new ServiceCollection().AddLogging().AddInMemoryDurableBackend().AddDurableTask(_ => { }).BuildServiceProvider();
        var client = services.GetRequiredService<DurableTaskClient>();
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default) { Execution = "0123456789abcdef0123456789abcdef" };
        var terminated = new OrchestrationMetadata(RenewalProcess.Name, run.InstanceId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Terminated,
            SerializedInput = PayloadJson.Converter.Serialize(run),
            DataConverter = PayloadJson.Converter,
        };
        var restarts = new RenewalRestarts();

        // No version: the round's OrchestrationVersion is not registered, which is said, not covered by a fallback.
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => restarts.RestartAsync(client, terminated, version: null, newInstanceId: false, CancellationToken.None));
        Assert.Contains(nameof(OrchestrationVersion), missing.Message, StringComparison.Ordinal);
        Assert.Null(await client.GetInstanceAsync(run.InstanceId));

        // The version InstanceRestarts gives (the registered one): the round's own start at it.
        Assert.Equal(InstanceRestart.Started(run.InstanceId), await restarts.RestartAsync(client, terminated, "3.3", newInstanceId: false, CancellationToken.None));
        Assert.Equal("3.3", InstanceVersion.Of((await client.GetInstanceAsync(run.InstanceId))!));
    }
}
