using EduFlows.Scoring;
using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// A year's case contest (<c>hta-contest-{year}</c>): submissions close on a durable timer; each reviewer then gets a
/// task whose form lists the cases by number, title and summary only (no author, no school) with a score field each;
/// the panel's scores combine by the shared scoring rule, the cases are ranked and the awards made.
/// </summary>
public static class CaseContestReview
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "HeadTeachersCaseContest";

    /// <summary>The contest's timetable and scale.</summary>
    /// <param name="ContestId">The contest (its year).</param>
    /// <param name="Title">Its title.</param>
    /// <param name="SubmissionsClose">When the review starts.</param>
    /// <param name="ReviewDue">When scores are due.</param>
    /// <param name="MaxPoints">The scale's maximum.</param>
    /// <param name="OwnerId">Who hears of undeliverable tasks.</param>
    public sealed record Input(string ContestId, string Title, DateTimeOffset SubmissionsClose, DateTimeOffset ReviewDue, decimal MaxPoints, string? OwnerId);

    /// <summary>The orchestrator; its output is the awards.</summary>
    [Function(Name)]
    public static async Task<IReadOnlyList<ContestAward>> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>() ?? throw new InvalidOperationException($"{Name} starts with its {nameof(Input)}.");
        context.SetStatus(new { stage = "submitting", closes = input.SubmissionsClose });
        if (input.SubmissionsClose.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreatePublishedTimer(input.SubmissionsClose.UtcDateTime, $"案例征集截止：{input.Title}", $"Case submissions close: {input.Title}", CancellationToken.None);
        }

        var assignments = await context.CallActivityAsync<IReadOnlyList<AssociationActivities.ReviewAssignment>>(AssociationActivities.CloseSubmissions, input.ContestId, Storage.StorageRetry.Options);
        context.SetStatus(new { stage = "reviewing", due = input.ReviewDue, reviewers = assignments.Count });
        var outcomes = await Task.WhenAll(assignments.Where(a => a.Cases.Count > 0).Select(a => ReviewAsync(context, input, a)));
        var scores = outcomes.SelectMany(s => s).ToList();
        var awards = await context.CallActivityAsync<IReadOnlyList<ContestAward>>(AssociationActivities.Award, new AssociationActivities.AwardInput(input.ContestId, scores, context.CurrentUtcDateTime), Storage.StorageRetry.Options);
        context.SetStatus(new { stage = "awarded", scores = scores.Count });
        return awards;
    }

    /// <summary>The task a reviewer is given: the cases blind in its context, a score field per case.</summary>
    public static StaffTaskRequest ReviewRequest(Input input, AssociationActivities.ReviewAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(assignment);
        return new StaffTaskRequest(AssociationTasks.CaseReview.Name, assignment.ReviewerId, $"{input.Title} · 评审打分", input.ReviewDue.UtcDateTime)
        {
            TaskId = $"hta-case-review-{input.ContestId}-{assignment.ReviewerId}",
            RemindBefore = [TimeSpan.FromDays(2), TimeSpan.FromDays(1)],
            OwnerId = input.OwnerId,
            Culture = "zh-CN",
            Context = [.. assignment.Cases.Select(c => new KeyValuePair<string, string>($"案例 {c.Code}", $"《{c.Title}》{c.Summary}"))],
            Fields =
            [
                .. assignment.Cases.Select(c => new TaskField(AssociationTasks.ScoreField(c.Code), new LocalizedText($"案例 {c.Code} 得分（0–{input.MaxPoints:0.##}）", $"Case {c.Code} score (0–{input.MaxPoints:0.##})"), TaskFieldType.Number) { Min = 0, Max = input.MaxPoints }),
                .. AssociationTasks.CaseReview.Fields,
            ],
        };
    }

    // A reviewer who does not answer in time scores nothing; the others' scores still decide.
    private static async Task<IReadOnlyList<JudgeScore>> ReviewAsync(TaskOrchestrationContext context, Input input, AssociationActivities.ReviewAssignment assignment)
    {
        var outcome = await context.AssignStaffTaskAsync(ReviewRequest(input, assignment));
        if (outcome.Receipt is not { } receipt)
        {
            return [];
        }

        var scores = new List<JudgeScore>();
        foreach (var c in assignment.Cases)
        {
            if (receipt.Values.TryGetValue(AssociationTasks.ScoreField(c.Code), out string? text)
                && decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal points))
            {
                scores.Add(new JudgeScore(assignment.ReviewerId, c.Code, points));
            }
        }

        return scores;
    }
}
