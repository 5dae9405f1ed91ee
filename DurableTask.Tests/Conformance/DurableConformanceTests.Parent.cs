using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>A sub-orchestration knows which orchestration started it; one started by a client has no parent.</summary>
public abstract partial class DurableConformanceTests
{
    [Fact]
    public async Task SubOrchestration_SeesItsParentsNameAndInstanceId()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<object?, string>("Reviewer", async (ctx, _) =>
            {
                // Read after an activity too: the parent is known on every step of the child, not only its first.
                string before = ctx.Parent is { } first ? $"{first.Name}|{first.InstanceId}" : "no parent";
                await ctx.CallActivityAsync<string>("Echo", "x");
                string after = ctx.Parent is { } parent ? $"{parent.Name}|{parent.InstanceId}" : "no parent";
                return before == after ? after : $"changed from {before} to {after}";
            })
            .AddOrchestratorFunc<object?, string>("Panel", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("Reviewer")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Panel", new StartOrchestrationOptions(NewId("panel")));
        string alone = await host.Client.ScheduleNewOrchestrationInstanceAsync("Reviewer", new StartOrchestrationOptions(NewId("reviewer")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal($"Panel|{id}", result.ReadOutputAs<string>());
        Assert.Equal("no parent", (await host.RunToCompletionAsync(alone)).ReadOutputAs<string>());
    }
}
