using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The demo county's pool: its reserve principals (195) and reserve researchers (54) entered through
/// <see cref="ReservePoolDesk.EnterAsync"/> as from one selection, each with the entry in their file. On first start
/// (<see cref="IDemoCountyPart"/>) and on the office's <c>reserve-pool/demo</c>.
/// </summary>
public sealed class ReservePoolDemo(ReservePoolDesk desk) : IDemoCountyPart
{
    /// <summary>The selection's name as staff read it, when the entries name the demo's own.</summary>
    public const string SelectionName = "演示县后备人才选拔";

    /// <inheritdoc/>
    public string Name => "reserve pool";

    /// <summary>
    /// Enters the reserve staff of <paramref name="county"/> as from <paramref name="reference"/>; someone already in
    /// is left as they are. The last person is entered after all others, so their row means everyone is in.
    /// </summary>
    /// <returns>The reserve principals and researchers in the pool afterwards, and how many were entered now.</returns>
    public async Task<(int Principals, int Researchers, int Entered)> EnterAsync(DemoCountyData county, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(county);
        var reserve = county.Staff.Where(s => s.ReservePrincipal || s.ReserveResearcher).ToList();
        int principals = 0, researchers = 0, entered = 0;
        async ValueTask EnterOneAsync(StaffMember person, CancellationToken token)
        {
            string pool = person.ReservePrincipal ? ReservePoolDesk.Principals : ReservePoolDesk.Researchers;

            // The demo's reference is an id; staff read the selection's name, so it gets one in Chinese.
            var entry = new PoolEntryRequest(person.Id, pool, "selection", reference) { SourceName = reference == PoolDemoRequest.DemoSelection ? SelectionName : null };
            var (member, created) = await desk.EnterAsync(entry, token).ConfigureAwait(false);
            if (member is not null)
            {
                _ = pool == ReservePoolDesk.Principals ? Interlocked.Increment(ref principals) : Interlocked.Increment(ref researchers);
                _ = created ? Interlocked.Increment(ref entered) : 0;
            }
        }

        // A few at a time: 249 people one after another are four round trips each.
        await Parallel.ForEachAsync(reserve.SkipLast(1), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, EnterOneAsync).ConfigureAwait(false);
        await EnterOneAsync(reserve[^1], cancellationToken).ConfigureAwait(false);
        return (principals, researchers, entered);
    }

    /// <inheritdoc/>
    public async Task<bool> IsLoadedAsync(DemoCountyData county, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(county);
        var last = county.Staff.Last(s => s.ReservePrincipal || s.ReserveResearcher);
        return await desk.FileOfAsync(last.Id, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    public async Task<int> LoadAsync(DemoCountyData county, CancellationToken cancellationToken) =>
        (await EnterAsync(county, PoolDemoRequest.DemoSelection, cancellationToken).ConfigureAwait(false)).Entered;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DemoCountyRole>> RolesAsync(CancellationToken cancellationToken)
    {
        var active = (await desk.QueryAsync(new PoolQuery(null, null, null, null, null, IncludeExited: false), cancellationToken).ConfigureAwait(false)).OrderBy(m => m.StaffId, StringComparer.Ordinal).ToList();
        var roles = new List<DemoCountyRole>();
        if (active.FirstOrDefault(m => m.Pool == ReservePoolDesk.Principals) is { } principal)
        {
            roles.Add(new("后备人才库", "Reserve pool", $"后备校长（库内共{active.Count(m => m.Pool == ReservePoolDesk.Principals)}人），可查看其成长档案", $"Reserve principal ({active.Count(m => m.Pool == ReservePoolDesk.Principals)} in the pool; see the file)", principal.StaffId, principal.Name, "office/reserve-pool", ("pool", ReservePoolDesk.Principals)));
        }

        if (active.FirstOrDefault(m => m.Pool == ReservePoolDesk.Researchers) is { } researcher)
        {
            roles.Add(new("后备人才库", "Reserve pool", $"后备教研员（库内共{active.Count(m => m.Pool == ReservePoolDesk.Researchers)}人）", $"Reserve researcher ({active.Count(m => m.Pool == ReservePoolDesk.Researchers)} in the pool)", researcher.StaffId, researcher.Name, "office/reserve-pool", ("pool", ReservePoolDesk.Researchers)));
        }

        return roles;
    }
}
