using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// Shadow training (影子培训): one orchestration per batch (<c>shadow-training-yyyy-MM</c>) running one sub-orchestration
/// per trainee (<c>shadow-training-yyyy-MM:{trainee}</c>) through confirmation or deferral, the week's attendance and
/// journals, the mentor's evaluation and the summary, and the completion rule's decision.
/// </summary>
public static partial class ShadowTraining
{
    /// <summary>The batch orchestrator's name.</summary>
    public const string Name = "ShadowTraining";

    /// <summary>The trainee sub-orchestrator's name.</summary>
    public const string TraineeName = "ShadowTrainingTrainee";

    /// <summary>The event a deferral decision is raised as, to the trainee's sub-orchestration.</summary>
    public const string DeferralEvent = "DeferralDecision";

    /// <summary>Activities that read or write tables are retried by <see cref="Storage.StorageRetry"/>.</summary>
    public static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>The batch orchestrator: runs every trainee's week side by side, then marks the batch finished.</summary>
    [Function(Name)]
    public static async Task<IReadOnlyList<TraineeOutcome>> RunBatchAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<BatchRun>() ?? throw new InvalidOperationException($"{Name} starts with its batch run ({nameof(BatchRun)}) as input.");
        var bases = run.Trainees
            .GroupBy(t => t.BaseId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BaseProgress(g.Key, g.First().BaseName, g.First().MentorName, [.. g.Select(t => $"{t.TraineeName} ({t.TraineeId})")]))
            .ToList();
        context.SetStatus(new BatchProgress(run.BatchId, run.WeekStart, "running", bases));
        var outcomes = await Task.WhenAll(run.Trainees.Select(t => RunOneAsync(context, t)));
        await context.CallActivityAsync<bool>(ShadowTrainingActivities.FinishBatch, run.BatchId, Retried);
        context.SetStatus(new BatchProgress(
            run.BatchId,
            run.WeekStart,
            "finished",
            bases,
            outcomes.Count(o => o.Status == TraineeStatus.Completed),
            outcomes.Count(o => o.Status == TraineeStatus.NotCompleted),
            outcomes.Count(o => o.Status == TraineeStatus.Deferred),
            outcomes.Count(o => o.Status == TraineeStatus.Failed)));
        return outcomes;
    }

    // One trainee's broken week must not sink the batch: it is recorded as failed and the others finish.
    private static async Task<TraineeOutcome> RunOneAsync(TaskOrchestrationContext context, TraineeRun trainee)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<TraineeOutcome>(TraineeName, trainee, new SubOrchestrationOptions { InstanceId = trainee.InstanceId });
        }
        catch (TaskFailedException failed)
        {
            string why = $"the week broke off: {failed.FailureDetails.ErrorMessage}";
            await context.CallActivityAsync<bool>(ShadowTrainingActivities.RecordFailure, new ShadowTrainingActivities.RecordFailureInput(trainee, why, context.CurrentUtcDateTime), Retried);
            return new TraineeOutcome(trainee.TraineeId, trainee.BaseId, TraineeStatus.Failed, null, [why], null);
        }
    }
}
