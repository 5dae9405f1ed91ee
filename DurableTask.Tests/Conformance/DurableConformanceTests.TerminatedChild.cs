using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>A terminated sub-orchestration reaches its parent as a catchable failure naming the reason.</summary>
public abstract partial class DurableConformanceTests
{
    [Fact]
    public async Task SubOrchestration_Terminated_ParentCatchesTaskFailedExceptionWithTheReason()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Week", async (ctx, _) => await ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestratorFunc<string, string>("Batch", async (ctx, childId) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Week", null, new SubOrchestrationOptions { InstanceId = childId });
                }
                catch (TaskFailedException ex)
                {
                    return "broke off: " + ex.FailureDetails.ErrorMessage;
                }
            }));
        string childId = NewId("week");

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Batch", childId, new StartOrchestrationOptions(NewId("batch")));
        await host.WaitForStatusAsync(childId, OrchestrationRuntimeStatus.Running);
        await host.Client.TerminateInstanceAsync(childId, "withdrawn by the office");
        var done = await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);

        Assert.Contains("withdrawn by the office", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.StartsWith("broke off: ", done.ReadOutputAs<string>(), StringComparison.Ordinal);
    }
}
