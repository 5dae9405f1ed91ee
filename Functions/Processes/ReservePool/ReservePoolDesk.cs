using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The pool's records: entry from a selection or a renewal round, entries other processes append, the query and
/// export the office uses, and exits. Whole-record writes guarded by ETag or keyed deterministically, so a call
/// repeated (an activity run twice) changes nothing more.
/// </summary>
public sealed class ReservePoolDesk(ReservePoolStore store, PoolEntrance entrance, TrainingStore training, DirectoryStore directory, IEnumerable<IOwnResults> results)
{
    /// <summary>后备校长.</summary>
    public const string Principals = "principal";

    /// <summary>后备教研员.</summary>
    public const string Researchers = "researcher";

    /// <summary>The bureau's date today.</summary>
    public DateOnly Today => entrance.Today;

    /// <summary>Enters a person (see <see cref="PoolEntrance.EnterAsync"/>).</summary>
    public Task<(PoolMember? Member, bool Created)> EnterAsync(PoolEntryRequest request, CancellationToken cancellationToken) =>
        entrance.EnterAsync(request, cancellationToken);

    /// <summary>Appends an entry to a person's file (the same entry twice is stored once).</summary>
    public Task AppendAsync(ReservePoolEntry entry, CancellationToken cancellationToken) => store.File.PutAsync(entry, cancellationToken);

    /// <summary>A person's file; null when the person was never in the pool.</summary>
    public async Task<PoolFile?> FileOfAsync(string staffId, CancellationToken cancellationToken)
    {
        var memberships = await store.MembershipsOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        if (memberships.Count == 0)
        {
            return null;
        }

        // Secondments, hours and published results are read from the processes that keep them, not copied here.
        var written = await store.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        var seconded = (await store.SecondmentsOfAsync(staffId, cancellationToken).ConfigureAwait(false)).Where(WentToHost).Select(SecondmentEntry).ToList();
        var byId = seconded.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        List<ReservePoolEntry> entries = [.. written.Where(e => !byId.Contains(e.Id)).Concat(seconded).OrderBy(e => e.Date).ThenBy(e => e.Id, StringComparer.Ordinal)];
        decimal hours = (await training.AttendanceOfAsync(staffId, cancellationToken).ConfigureAwait(false)).Sum(a => a.Hours);
        var assessments = new List<OwnResult>();
        foreach (var source in results.Where(r => r is ResearcherOwnResults or DepartmentOwnResults))
        {
            assessments.AddRange(await source.OfAsync(staffId, cancellationToken).ConfigureAwait(false));
        }

        return new PoolFile(staffId, memberships[0].Name, memberships, entries, hours, [.. entries.Where(e => e.CertificateNo is not null).Select(e => e.CertificateNo!)], assessments);
    }

    /// <summary>The members matching <paramref name="query"/>, by pool, section and name.</summary>
    public async Task<List<PoolMember>> QueryAsync(PoolQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = Today;
        var all = query.IncludeExited ? await store.AllAsync(cancellationToken).ConfigureAwait(false) : await store.ActiveAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(m => query.Matches(m, today)).OrderBy(m => m.Pool, StringComparer.Ordinal).ThenBy(m => m.Section, StringComparer.Ordinal).ThenBy(m => m.StaffId, StringComparer.Ordinal)];
    }

    /// <summary>Records a review's decision: readiness, or an exit; the file gets the entry. False when the member is gone or already out.</summary>
    public async Task<bool> DecideAsync(string memberId, int year, string? readiness, PoolExit? exit, string note, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.Members.GetAsync(memberId, cancellationToken).ConfigureAwait(false) is not { Record.Active: true } read)
            {
                return false;
            }

            var member = read.Record;
            var changed = member with { Readiness = readiness ?? member.Readiness, Exit = exit, LastReviewYear = year };
            if (await store.Members.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            var day = exit?.On ?? Today;
            string text = exit is null ? $"{year}年度考察：{PoolReadiness.Zh(changed.Readiness)}。{note}".TrimEnd() : $"{year}年度考察：出库。{exit.Why}{note}".TrimEnd();
            await store.File.PutAsync(new ReservePoolEntry(member.StaffId, exit is null ? PoolEntryKinds.Review : PoolEntryKinds.Exit, $"{member.Pool}.{year}", day, text, null), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    // A secondment counts once the person went to the host (not while consents are asked, nor when declined).
    private static bool WentToHost(SecondmentRecord r) =>
        r.Plan.Kind == SecondmentKinds.Secondment && (r.State.Stage is SecondmentStages.Running or SecondmentStages.Returned or SecondmentStages.Stayed || r.State.Moves.Count > 0);

    // Keyed like an entry written by hand for the same assignment, which it replaces.
    private static ReservePoolEntry SecondmentEntry(SecondmentRecord r) => new(
        r.Plan.PersonId,
        PoolEntryKinds.Secondment,
        r.Plan.SecondmentId,
        r.Plan.Start,
        $"{SecondmentKinds.Zh(r.Plan.Kind)}：{r.Plan.Home.Name}→{r.Plan.Host.Name}，{r.Plan.Role}，{r.Plan.Start:yyyy-MM-dd}起{(r.State.TotalMonths > 0 ? r.State.TotalMonths : r.Plan.Months)}个月（{SecondmentStages.Zh(r.State.Stage)}）。",
        null);

    /// <summary>The directory's current record of a person (for the exit rules).</summary>
    public async Task<StaffMember?> PersonAsync(string staffId, CancellationToken cancellationToken) =>
        await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
}
