using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.Samples;

/// <summary>
/// The smallest process with a staff task: a staff member is e-mailed a notice to acknowledge, reminded a day before
/// the due time, and on expiry the task goes to their supervisor (if one is named). Good for trying the mail and task
/// links end to end in the dev mailbox.
/// </summary>
public static class NoticeAcknowledgement
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "NoticeAcknowledgement";

    /// <summary>The task kind: confirm having read the notice, with an optional comment.</summary>
    public static readonly TaskKind Kind = new(
        "notice-acknowledgement",
        new LocalizedText("阅知确认", "Acknowledge a notice"),
        new LocalizedText("请阅读下列通知，并确认已知悉。如有意见，请填写在备注中。", "Please read the notice below and confirm you have read it. Add a comment if you have one."),
        [
            new TaskField("acknowledged", new LocalizedText("我已阅读并知悉该通知", "I have read the notice"), TaskFieldType.Confirm),
            new TaskField("comment", new LocalizedText("备注", "Comment"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>What to acknowledge, by whom, and until when.</summary>
    /// <param name="AssigneeId">The staff member.</param>
    /// <param name="Notice">The notice, in a line or two.</param>
    /// <param name="DueInHours">Hours until due.</param>
    /// <param name="EscalateTo">The supervisor who gets the task if it is late.</param>
    /// <param name="OwnerId">Who hears of delivery problems.</param>
    /// <param name="Culture">"zh-CN" (default) or "en".</param>
    public sealed record Input(string AssigneeId, string Notice, double DueInHours = 72, string? EscalateTo = null, string? OwnerId = null, string? Culture = null);

    /// <summary>The orchestrator; its input is an <see cref="Input"/>, its output the task's outcome.</summary>
    /// <exception cref="ArgumentException">When the input names no assignee or notice, or no time to answer.</exception>
    [Function(Name)]
    public static Task<StaffTaskOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RunAsync(context, context.GetInput<Input>());
    }

    private static async Task<StaffTaskOutcome> RunAsync(TaskOrchestrationContext context, Input? input)
    {
        if (string.IsNullOrWhiteSpace(input?.AssigneeId) || string.IsNullOrWhiteSpace(input.Notice) || input.DueInHours <= 0)
        {
            throw new ArgumentException("assigneeId and notice are required and dueInHours must be positive.", nameof(input));
        }

        context.SetStatus(new { waitingFor = input.AssigneeId });
        var outcome = await context.AssignStaffTaskAsync(new StaffTaskRequest(Kind.Name, input.AssigneeId, input.Notice, context.CurrentUtcDateTime.AddHours(input.DueInHours))
        {
            RemindBefore = [TimeSpan.FromDays(1)],
            EscalateTo = input.EscalateTo,
            OwnerId = input.OwnerId,
            Culture = input.Culture,
        });
        context.SetStatus(new { outcome.Result, answeredBy = outcome.Receipt?.SubmittedBy });
        return outcome;
    }
}
