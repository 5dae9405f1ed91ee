using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The pool's yearly review (<c>reserve-pool-review-{year}</c>): the automatic exit rules first (appointed, aged out),
/// then one sub-orchestration per remaining member (<c>reserve-pool-review-{year}:{member}</c>): the member confirms
/// staying or declines, and the bureau office decides from the file through a task (ready, keep developing, remove).
/// </summary>
public static class ReservePoolReview
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "ReservePoolReview";

    /// <summary>The member sub-orchestrator's name.</summary>
    public const string MemberName = "ReservePoolMemberReview";

    /// <summary>Instance ids start with this, then the year.</summary>
    public const string InstancePrefix = "reserve-pool-review-";

    /// <summary>The instance id of a year's review.</summary>
    public static string InstanceIdOf(int year) => InstancePrefix + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The year's review.</summary>
    [Function(Name)]
    public static async Task<ReviewProgress> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<ReviewRun>() ?? throw new InvalidOperationException($"{Name} starts with a {nameof(ReviewRun)}.");
        var plan = await context.CallActivityAsync<ReviewPlan>(ReservePoolActivities.Plan, run, Storage.StorageRetry.Options);
        int members = plan.ExitedByRule.Count + plan.ToReview.Count;
        context.SetStatus(new ReviewProgress(run.Year, "reviewing", members, plan.ExitedByRule.Count, plan.ToReview.Count));
        var outcomes = await Task.WhenAll(plan.ToReview.Select(m => context.CallSubOrchestratorAsync<ReviewOutcome>(MemberName, m, new SubOrchestrationOptions { InstanceId = m.InstanceId })));
        var done = new ReviewProgress(
            run.Year,
            "finished",
            members,
            plan.ExitedByRule.Count,
            plan.ToReview.Count,
            outcomes.Count(o => o.Readiness == PoolReadiness.Ready),
            outcomes.Count(o => o.Exit == PoolExitReason.Declined),
            outcomes.Count(o => o.Exit == PoolExitReason.Removed));
        context.SetStatus(done);
        return done;
    }

    /// <summary>One member's review: their answer, then the office's decision.</summary>
    [Function(MemberName)]
    public static async Task<ReviewOutcome> RunMemberAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<MemberReviewRun>() ?? throw new InvalidOperationException($"{MemberName} starts with a {nameof(MemberReviewRun)}.");
        // No stage of its own until the end: the status carries the next timer of its tasks (TimerStatus) from the start.
        context.SetStatus(null);
        var days = await context.CallActivityAsync<int>(ReservePoolActivities.TaskDays, run.Year);
        string subject = $"{run.Year}年度后备人才考察 · {run.Name}";
        var stay = await context.AssignStaffTaskAsync(new StaffTaskRequest(ReservePoolTasks.Stay.Name, run.StaffId, subject, context.CurrentUtcDateTime.AddDays(days))
        {
            TaskId = $"{ReservePoolTasks.Stay.Name}-{run.Year}-{run.MemberId}",
            RemindBefore = [TimeSpan.FromDays(3)],
            OwnerId = run.OfficerId,
            Context = run.Facts,
        });
        if (stay is { Result: StaffTaskResult.Submitted, Receipt: { } answer } && answer.Values.GetValueOrDefault("decision") == "decline")
        {
            string note = answer.Values.GetValueOrDefault("note") is { Length: > 0 } n ? $"本人说明：{n}" : string.Empty;
            await context.CallActivityAsync<bool>(ReservePoolActivities.Decide, new ReservePoolActivities.DecideInput(run, null, PoolExitReason.Declined, note, answer.SubmittedBy), Storage.StorageRetry.Options);
            return new ReviewOutcome(run.MemberId, null, PoolExitReason.Declined);
        }

        string said = stay.Result == StaffTaskResult.Submitted ? "本人确认继续保留" : "本人未按时答复（视为继续保留）";
        var review = await context.AssignStaffTaskAsync(new StaffTaskRequest(ReservePoolTasks.Review.Name, run.OfficerId, subject, context.CurrentUtcDateTime.AddDays(days))
        {
            TaskId = $"{ReservePoolTasks.Review.Name}-{run.Year}-{run.MemberId}",
            RemindBefore = [TimeSpan.FromDays(3)],
            OwnerId = run.OfficerId,
            Context = [.. run.Facts, new("本人意愿 Member's answer", said)],
        });
        if (review is not { Result: StaffTaskResult.Submitted, Receipt: { } decided })
        {
            await context.CallActivityAsync<bool>(ReservePoolActivities.Decide, new ReservePoolActivities.DecideInput(run, null, null, "未按时评定，保持原评定。", "rule"), Storage.StorageRetry.Options);
            return new ReviewOutcome(run.MemberId, null, null);
        }

        string decision = decided.Values.GetValueOrDefault("decision") ?? PoolReadiness.Developing;
        string remarks = decided.Values.GetValueOrDefault("note") is { Length: > 0 } r ? $"考察意见：{r}" : string.Empty;
        if (decision == "remove")
        {
            await context.CallActivityAsync<bool>(ReservePoolActivities.Decide, new ReservePoolActivities.DecideInput(run, null, PoolExitReason.Removed, remarks, decided.SubmittedBy), Storage.StorageRetry.Options);
            return new ReviewOutcome(run.MemberId, null, PoolExitReason.Removed);
        }

        await context.CallActivityAsync<bool>(ReservePoolActivities.Decide, new ReservePoolActivities.DecideInput(run, decision, null, remarks, decided.SubmittedBy), Storage.StorageRetry.Options);
        return new ReviewOutcome(run.MemberId, decision, null);
    }
}
