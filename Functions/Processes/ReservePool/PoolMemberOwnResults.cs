using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// A pool member's place in the reserve pool and the entries of their file, for /api/me (the file's page is the
/// office's only, so the entries are listed). Nothing for someone never in the pool. The office's judgement stays the
/// office's: the readiness a review gives and the reviewing officer's words are not shown (they are written for the
/// office and never mailed to the member); a review shows only that it took place, an exit only its reason.
/// </summary>
/// <remarks>
/// Reads the store, not <see cref="ReservePoolDesk"/>: the desk takes every <see cref="IOwnResults"/>, this one among
/// them. The secondments, hours and assessments a file shows are listed on /api/me by their own processes.
/// </remarks>
public sealed class PoolMemberOwnResults(ReservePoolStore store) : IOwnResults
{
    // Entries another process also lists on /api/me as its own (hours, assignments, certificates): shown once, there.
    private static readonly HashSet<string> ListedByTheirProcess = new(StringComparer.Ordinal) { PoolEntryKinds.Training, PoolEntryKinds.Secondment, PoolEntryKinds.ShadowTraining };

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var memberships = await store.MembershipsOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        if (memberships.Count == 0)
        {
            return [];
        }

        var entries = await store.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        return
        [
            .. memberships.OrderByDescending(m => m.EnteredOn).Select(m => new OwnResult(
                "后备人才库",
                ReservePoolApi.PoolName(m.Pool),
                $"{(m.Exit is null ? "在库" : ReservePoolApi.Status(m))}；{m.EnteredOn:yyyy-MM-dd}入库（{m.SourceZh}）",
                null)
            {
                // The selection or round is named as the bureau named it, in Chinese in either language.
                English = new OwnResultText(
                    "Reserve talent pool",
                    ReservePoolApi.PoolNameEn(m.Pool),
                    $"{(m.Exit is { } exit ? ReservePoolApi.ExitEn(exit.Reason) : "in the pool")}; entered {m.EnteredOn:yyyy-MM-dd} ({SourceEn(m)})"),
            }),
            .. entries.AsEnumerable().Reverse().Where(e => !ListedByTheirProcess.Contains(e.Kind)).Select(e =>
            {
                // The exit's own pool (its reference is "{pool}.{year}"): someone may have been in both pools.
                var left = e.Kind == PoolEntryKinds.Exit ? memberships.FirstOrDefault(m => m.Exit is not null && e.Reference.StartsWith(m.Pool + ".", StringComparison.Ordinal)) : null;
                return new OwnResult(
                    "后备人才档案",
                    $"{e.Date:yyyy-MM-dd} {PoolEntryKinds.Zh(e.Kind)}",
                    e.Kind switch
                    {
                        PoolEntryKinds.Review => "年度考察已进行，结果由教育局掌握。",
                        PoolEntryKinds.Exit => left is null ? "已出库" : ReservePoolApi.Status(left),
                        _ => e.Text,
                    },
                    null)
                {
                    English = new OwnResultText(
                        "Reserve pool file",
                        $"{e.Date:yyyy-MM-dd} {PoolEntryKinds.En(e.Kind)}",
                        e.Kind switch
                        {
                            PoolEntryKinds.Review => "The annual review took place; its result is kept by the bureau.",
                            PoolEntryKinds.Exit => left?.Exit is { } exit ? ReservePoolApi.ExitEn(exit.Reason) : "left the pool",
                            // Written before entries kept their English, or by a process that gave none: the entrance's template,
                            // else the membership it began, else its own words, marked as the Chinese they are.
                            _ => e.TextEn
                                ?? (e.Kind == PoolEntryKinds.Entry ? OlderEntryEnglish.FromTemplate(e.Text) : null)
                                ?? EntryEn(e, memberships)
                                ?? OlderEntryEnglish.ChineseMarker + e.Text,
                        }),
                };
            }),
        ];
    }

    private static string SourceEn(PoolMember member) => $"{PoolEntryRequest.SourceEn(member.Source)}: {member.SourceName ?? member.SourceReference}";

    // An entry into the pool written before entries kept their English, told from the membership it began.
    private static string? EntryEn(ReservePoolEntry entry, IReadOnlyList<PoolMember> memberships) =>
        entry.Kind == PoolEntryKinds.Entry && memberships.FirstOrDefault(m => entry.Reference == $"{m.Pool}.{m.SourceReference}") is { } member
            ? $"Entered the pool ({ReservePoolApi.PoolNameEn(member.Pool)}) by {SourceEn(member)}."
            : null;
}
