using EduFlows.Notifications;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Secondment;

/// <summary>The activities of an assignment; each is safe to run twice (whole-record writes, moves kept by id).</summary>
public sealed class SecondmentActivities(SecondmentStore store, DirectoryStore directory, StaffNotices notices)
{
    /// <summary>Activity names.</summary>
    public const string Save = "SecondmentSave", Move = "SecondmentMove", Declined = "SecondmentDeclined", Ended = "SecondmentEnded", Extended = "SecondmentExtended";

    /// <summary>Writes the assignment's record as it stands.</summary>
    [Function(Save)]
    public async Task<bool> SaveAsync([ActivityTrigger] SecondmentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await store.Assignments.PutAsync(record, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves the person in the directory and keeps the move in their history.</summary>
    [Function(Move)]
    public async Task<string?> MoveAsync([ActivityTrigger] StaffMoveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await directory.MoveAsync(request, cancellationToken).ConfigureAwait(false))?.Id;
    }

    /// <summary>Writes the mails that say an assignment was not agreed (to the person, both heads and the owner); returns their ids.</summary>
    [Function(Declined)]
    public async Task<IReadOnlyList<string>> DeclinedAsync([ActivityTrigger] SecondmentDeclined declined, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declined);
        var plan = declined.Plan;
        return await notices.WriteEachAsync(
            [plan.PersonId, plan.Home.HeadId, plan.Host.HeadId, plan.OwnerId],
            staffId => $"{plan.InstanceId}.declined.{staffId}",
            "secondment-declined",
            to => SecondmentMails.Declined(declined, to.Name),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the mails that say an extension was granted (to the person and both heads); returns their ids, the same ones when run again.</summary>
    [Function(Extended)]
    public async Task<IReadOnlyList<string>> ExtendedAsync([ActivityTrigger] SecondmentExtended extended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extended);
        var plan = extended.Plan;
        var endDay = SecondmentRules.EndDay(plan.Start, extended.State.TotalMonths);
        return await notices.WriteEachAsync(
            SecondmentMails.Recipients(plan),
            staffId => SecondmentMails.ExtendedId(plan, extended.State.Extensions, endDay, staffId),
            "secondment-extended",
            to => SecondmentMails.Extension(extended, to.Name),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the mails that say how the assignment ended (to the person and both heads); returns their ids, the same ones when run again.</summary>
    [Function(Ended)]
    public async Task<IReadOnlyList<string>> EndedAsync([ActivityTrigger] SecondmentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (plan, state) = (record.Plan, record.State);
        var endDay = SecondmentRules.EndDay(plan.Start, state.TotalMonths);

        // The Move activity answers null for a person the directory does not hold: then no move was kept for the end.
        bool moveRecorded = state.Moves.Contains(Secondment.EndMoveId(plan, state.Stage == SecondmentStages.Stayed), StringComparer.Ordinal);
        return await notices.WriteEachAsync(
            SecondmentMails.Recipients(plan),
            staffId => SecondmentMails.EndedId(plan, endDay, staffId),
            "secondment-ended",
            to => SecondmentMails.Ended(plan, state, moveRecorded, to.Name),
            cancellationToken).ConfigureAwait(false);
    }
}
