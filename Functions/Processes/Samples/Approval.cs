using System.Text.Json;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.Samples;

/// <summary>
/// The human-interaction sample: wait up to a deadline for an "Approval" event, for smoke tests of events and timers.
/// The decision is the event's payload as a non-blank JSON string. Any other payload (<c>true</c>, a number, an
/// object, no payload at all) is not a decision: the sample notes it in its custom status (<c>ignored</c>) and keeps
/// waiting until the same deadline, so a malformed event can neither kill the instance nor decide for someone. After
/// <see cref="MaxIgnored"/> such events (a bounded history) it stops with "unreadable events".
/// </summary>
public static class Approval
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "Approval";

    /// <summary>The event it waits for.</summary>
    public const string EventName = "Approval";

    /// <summary>How many payloads that are not a decision it ignores before it stops.</summary>
    public const int MaxIgnored = 20;

    /// <summary>How long it waits before giving up.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(72);

    /// <summary>The orchestrator; its input is the subject to approve.</summary>
    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? subject = context.GetInput<string?>();
        context.SetStatus(new { waitingFor = EventName, subject });
        DateTime deadline = context.CurrentUtcDateTime + Deadline;
        for (int ignored = 1; ignored <= MaxIgnored; ignored++)
        {
            TimeSpan left = deadline - context.CurrentUtcDateTime;
            if (left <= TimeSpan.Zero)
            {
                return $"{subject}: expired";
            }

            // The SDK's WaitForExternalEvent(name, timeout) as it is written (a timer at now + timeout, then the wait,
            // the loser cancelled), so histories recorded with it replay unchanged; but the timer is published, so the
            // office home shows the deadline from the status. Read as JSON, not as string: a payload of another type
            // must not fail the instance.
            using var timerCancel = new CancellationTokenSource();
            using var eventCancel = new CancellationTokenSource();
            Task expiry = context.CreatePublishedTimer(deadline, "审批截止", "Approval deadline", timerCancel.Token);
            Task<JsonElement> answer = context.WaitForExternalEvent<JsonElement>(EventName, eventCancel.Token);
            if (await Task.WhenAny(expiry, answer) != answer)
            {
                eventCancel.Cancel();
                return $"{subject}: expired";
            }

            timerCancel.Cancel();
            JsonElement payload = await answer;

            if (payload.ValueKind == JsonValueKind.String && payload.GetString() is { } decision && !string.IsNullOrWhiteSpace(decision))
            {
                return $"{subject}: {decision}";
            }

            context.SetStatus(new { waitingFor = EventName, subject, ignored, lastIgnored = payload.ValueKind == JsonValueKind.Undefined ? "(no payload)" : payload.GetRawText() });
        }

        return $"{subject}: unreadable events";
    }
}
