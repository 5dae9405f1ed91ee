using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// Entry into the pool, for the office's route and for the activities of a selection or a renewal round. Keyed
/// deterministically (the member row by pool and person, the file entry by person, pool and source reference), so an
/// activity run again enters the person once with one file entry.
/// </summary>
public sealed class PoolEntrance(ReservePoolStore store, DirectoryStore directory, BureauClock clock, TimeProvider time)
{
    /// <summary>The bureau's date today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), clock.Zone).DateTime);

    /// <summary>
    /// Enters a person (the request already checked with <see cref="PoolEntryRequest.Problems"/>): the member row and
    /// an "entry" file entry. Null when the directory does not know the person; the existing row, unchanged, when the
    /// person is already in that pool (so a round that calls twice enters once); the file then notes this selection or
    /// round too, once.
    /// </summary>
    public async Task<(PoolMember? Member, bool Created)> EnterAsync(PoolEntryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await directory.Staff.GetAsync(request.StaffId!, cancellationToken).ConfigureAwait(false)) is not { } person)
        {
            return (null, false);
        }

        var today = Today;
        var member = new PoolMember(person.Id, request.Pool!, person.Name, person.SchoolId, person.Section, person.BirthDate, request.Source!, request.SourceReference!, today) { SourceName = request.SourceName };
        var existing = await store.Members.GetAsync(member.Id, cancellationToken).ConfigureAwait(false);
        if (existing is { Record.Active: true })
        {
            // A retried activity may have stopped after the row and before the file entry: the entry is written again, the same.
            await PutEntryAsync(existing.Record, request, today, cancellationToken).ConfigureAwait(false);
            return (existing.Record, false);
        }

        // A person who left may come in again by a later selection: the row starts afresh, the file keeps the past.
        if (existing is null ? !await store.Members.TryAddAsync(member, cancellationToken).ConfigureAwait(false)
            : await store.Members.TryReplaceAsync(member, existing.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            return ((await store.Members.GetAsync(member.Id, cancellationToken).ConfigureAwait(false))?.Record, false);
        }

        await PutEntryAsync(member, request, today, cancellationToken).ConfigureAwait(false);
        return (member, true);
    }

    private async Task PutEntryAsync(PoolMember member, PoolEntryRequest request, DateOnly today, CancellationToken cancellationToken)
    {
        string pool = member.Pool == ReservePoolDesk.Principals ? "后备校长" : "后备教研员";
        string poolEn = member.Pool == ReservePoolDesk.Principals ? "reserve principals" : "reserve researchers";
        string named = request.SourceName ?? request.SourceReference!;
        string source = $"经{PoolEntryRequest.SourceZh(request.Source!)}（{named}）";
        string sourceEn = $"by {PoolEntryRequest.SourceEn(request.Source!)} ({named})";
        // The note is the selection's or round's own words, kept as written in either language.
        string note = string.IsNullOrWhiteSpace(request.Note) ? string.Empty : request.Note.Trim();
        string reference = $"{member.Pool}.{request.SourceReference}";
        if (member.SourceReference == request.SourceReference)
        {
            await store.File.PutAsync(
                new ReservePoolEntry(member.StaffId, PoolEntryKinds.Entry, reference, member.EnteredOn, $"{source}进入{pool}人才库。{note}".TrimEnd(), null) { TextEn = $"Entered the {poolEn} pool {sourceEn}. {note}".TrimEnd() },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        // Named again by another selection or round: noted once, dated the first time (a retry a day later adds nothing).
        await store.File.TryAddAsync(
            new ReservePoolEntry(member.StaffId, PoolEntryKinds.Entry, reference, today, $"{source}{(note.Length == 0 ? "再次入选" : note.TrimEnd('。'))}；已在{pool}人才库（{member.EnteredOn:yyyy-MM-dd}入库），未重复入库。", null)
            {
                // The note's full stop dropped as in the Chinese, before the clause that follows.
                TextEn = $"Named again {sourceEn}{(note.Length == 0 ? string.Empty : $": {note.TrimEnd('。')}")}; already in the {poolEn} pool (entered {member.EnteredOn:yyyy-MM-dd}), not entered twice.",
            },
            cancellationToken).ConfigureAwait(false);
    }
}
