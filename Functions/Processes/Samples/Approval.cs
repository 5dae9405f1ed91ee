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

    /// <summary>The orchestrator; its input is the subject to approve.</summary>
    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? subject = context.GetInput<string?>();
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
