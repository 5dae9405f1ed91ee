using Microsoft.DurableTask;

namespace EduFlows.Processes.Samples;

/// <summary>The human-interaction sample: wait up to a deadline for an "Approval" event, for smoke tests of events and timers.</summary>
public static class Approval
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "Approval";

    /// <summary>The event it waits for.</summary>
    public const string EventName = "Approval";

    /// <summary>How long it waits before giving up.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(72);

    /// <summary>Registers the orchestrator.</summary>
    public static DurableTaskRegistry AddApproval(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddOrchestratorFunc<string?, string>(Name, RunAsync);
    }

    private static async Task<string> RunAsync(TaskOrchestrationContext context, string? subject)
    {
        context.SetCustomStatus(new { waitingFor = EventName, subject });
        try
        {
            string decision = await context.WaitForExternalEvent<string>(EventName, Deadline);
            return $"{subject}: {decision}";
        }
        catch (TaskCanceledException)
        {
            return $"{subject}: expired";
        }
    }
}
