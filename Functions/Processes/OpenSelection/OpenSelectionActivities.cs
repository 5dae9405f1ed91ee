using EduFlows.AuditLog;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The activities of an open selection; each is safe to run twice.</summary>
public sealed class OpenSelectionActivities(OpenSelectionStore store, AuditLogStore audit)
{
    /// <summary>Activity names.</summary>
    public const string RecordTrail = "OpenSelectionRecordTrail";

    /// <summary>
    /// Appends every step of the selection's trail not yet in its audit stream (each entry id is the step's number,
    /// so entries already there, from a request or an earlier run, are not appended again); returns the trail's length.
    /// </summary>
    [Function(RecordTrail)]
    public async Task<int> RecordTrailAsync([ActivityTrigger] string selectionId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(selectionId, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            throw new InvalidOperationException($"Selection '{selectionId}' does not exist.");
        }

        foreach (var append in SelectionAudit.Appends(selection))
        {
            await audit.AppendAsync(append, cancellationToken).ConfigureAwait(false);
        }

        return selection.Trail.Count;
    }
}
