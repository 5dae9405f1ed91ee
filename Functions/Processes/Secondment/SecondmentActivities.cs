using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Secondment;

/// <summary>The activities of an assignment; each is safe to run twice (whole-record writes, moves kept by id).</summary>
public sealed class SecondmentActivities(SecondmentStore store, DirectoryStore directory)
{
    /// <summary>Activity names.</summary>
    public const string Save = "SecondmentSave", Move = "SecondmentMove";

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
}
