namespace EduFlows.StaffDirectory;

/// <summary>
/// A process's share of the demo county, loaded on first start after the directory, so that its office page has
/// something to show (the pool filled, a year of lectures attended, the association with its members). Written through
/// the process's own desks and stores and keyed deterministically, so a second load adds nothing; registered in the
/// order they load (a pool before the training that credits its members' files).
/// </summary>
public interface IDemoCountyPart
{
    /// <summary>What it loads, for the log (English, like the other log lines).</summary>
    string Name { get; }

    /// <summary>True once its last record is there: an interrupted load is completed on the next start.</summary>
    Task<bool> IsLoadedAsync(DemoCountyData county, CancellationToken cancellationToken);

    /// <summary>Writes what is missing; returns how many records it wrote (0 when everything was there).</summary>
    Task<int> LoadAsync(DemoCountyData county, CancellationToken cancellationToken);

    /// <summary>The ids to try the process with, one per role, read from what is stored (so the real county's too).</summary>
    Task<IReadOnlyList<DemoCountyRole>> RolesAsync(CancellationToken cancellationToken);
}
