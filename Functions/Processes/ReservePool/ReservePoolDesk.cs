using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The pool's records: entry from a selection or a renewal round, entries other processes append, the query and
/// export the office uses, and exits. Whole-record writes guarded by ETag or keyed deterministically, so a call
/// repeated (an activity run twice) changes nothing more.
/// </summary>
public sealed class ReservePoolDesk(ReservePoolStore store, TrainingStore training, DirectoryStore directory, BureauClock clock, TimeProvider time)
{
    /// <summary>后备校长.</summary>
    public const string Principals = "principal";

    /// <summary>后备教研员.</summary>
    public const string Researchers = "researcher";

    /// <summary>The bureau's date today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), clock.Zone).DateTime);

    /// <summary>
    /// Enters a person (the request already checked with <see cref="PoolEntryRequest.Problems"/>): the member row and
    /// an "entry" file entry. Null when the directory does not know the person; the existing row, unchanged, when the
    /// person is already in that pool (so a round that calls twice enters once).
    /// </summary>
    public async Task<(PoolMember? Member, bool Created)> EnterAsync(PoolEntryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await directory.Staff.GetAsync(request.StaffId!, cancellationToken).ConfigureAwait(false)) is not { } person)
        {
            return (null, false);
        }

        var today = Today;
        var member = new PoolMember(person.Id, request.Pool!, person.Name, person.SchoolId, person.Section, person.BirthDate, request.Source!, request.SourceReference!, today);
        var existing = await store.Members.GetAsync(member.Id, cancellationToken).ConfigureAwait(false);
        if (existing is { Record.Active: true })
        {
            return (existing.Record, false);
        }

        // A person who left may come in again by a later selection: the row starts afresh, the file keeps the past.
        if (existing is null ? !await store.Members.TryAddAsync(member, cancellationToken).ConfigureAwait(false)
            : await store.Members.TryReplaceAsync(member, existing.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            return ((await store.Members.GetAsync(member.Id, cancellationToken).ConfigureAwait(false))?.Record, false);
        }

        string pool = request.Pool == Principals ? "后备校长" : "后备教研员";
        string source = request.Source == "selection" ? "选拔" : "续聘轮次";
        await store.File.PutAsync(new ReservePoolEntry(person.Id, PoolEntryKinds.Entry, $"{request.Pool}.{request.SourceReference}", today, $"经{source}（{request.SourceReference}）进入{pool}人才库。", null), cancellationToken).ConfigureAwait(false);
        return (member, true);
    }

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

        var entries = await store.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        decimal hours = (await training.AttendanceOfAsync(staffId, cancellationToken).ConfigureAwait(false)).Sum(a => a.Hours);
        return new PoolFile(staffId, memberships[0].Name, memberships, entries, hours, [.. entries.Where(e => e.CertificateNo is not null).Select(e => e.CertificateNo!)]);
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

    /// <summary>The directory's current record of a person (for the exit rules).</summary>
    public async Task<StaffMember?> PersonAsync(string staffId, CancellationToken cancellationToken) =>
        await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
}
