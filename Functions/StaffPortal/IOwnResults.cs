namespace EduFlows.StaffPortal;

/// <summary>
/// One process's results, records and certificates of a staff member, for /api/me. Each process registers its own,
/// so the staff portal needs to know no process.
/// </summary>
public interface IOwnResults
{
    /// <summary>The staff member's own published results of this process, newest first.</summary>
    Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken);
}
