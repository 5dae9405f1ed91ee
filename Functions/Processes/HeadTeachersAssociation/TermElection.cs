using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// A term election (<c>hta-election-{id}</c>): nominations stay open until a durable timer closes them; every member
/// is then mailed a ballot link; when the ballot's timer fires the box is counted and the results published. With
/// nobody nominated at the close, the office is mailed instead of the members and the election ends there.
/// </summary>
public static class TermElection
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "HeadTeachersElection";

    /// <summary>The election's timetable.</summary>
    /// <param name="ElectionId">The election.</param>
    /// <param name="NominationsClose">When the ballots go out.</param>
    /// <param name="BallotCloses">When the votes are counted.</param>
    public sealed record Input(string ElectionId, DateTimeOffset NominationsClose, DateTimeOffset BallotCloses);

    /// <summary>The orchestrator; its output is the count.</summary>
    [Function(Name)]
    public static async Task<IReadOnlyList<CandidateTally>> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>() ?? throw new InvalidOperationException($"{Name} starts with its {nameof(Input)}.");
        context.SetStatus(new { stage = "nominating", closes = input.NominationsClose });
        if (input.NominationsClose.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreatePublishedTimer(input.NominationsClose.UtcDateTime, "班主任学会换届提名截止", "Nominations close", CancellationToken.None);
        }

        var mails = await context.CallActivityAsync<IReadOnlyList<string>>(AssociationActivities.OpenBallot, input.ElectionId, Storage.StorageRetry.Options);
        await context.SendMailsAsync(mails);
        if (mails.Contains(AssociationActivities.NoCandidatesMailOf(input.ElectionId), StringComparer.Ordinal))
        {
            // Nobody was nominated: no ballot went out, the office was told, and there is nothing to count. (The
            // activity's answer is in the history, so an instance replaying an earlier answer takes the same path.)
            context.SetStatus(new { stage = "closed", candidates = 0 });
            return [];
        }

        context.SetStatus(new { stage = "voting", closes = input.BallotCloses, ballots = mails.Count });
        if (input.BallotCloses.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreatePublishedTimer(input.BallotCloses.UtcDateTime, "班主任学会换届投票截止", "The ballot closes", CancellationToken.None);
        }

        var results = await context.CallActivityAsync<IReadOnlyList<CandidateTally>>(AssociationActivities.Publish, input.ElectionId, Storage.StorageRetry.Options);
        context.SetStatus(new { stage = "published" });
        return results;
    }
}
