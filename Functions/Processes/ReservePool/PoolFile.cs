using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffPortal;

namespace EduFlows.Processes.ReservePool;

/// <summary>A person's reserve-pool file: their pool rows and every entry, with the training hours counted.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Memberships">Their rows in the pools (current and past).</param>
/// <param name="Entries">
/// Every entry, oldest first: those written to the file (entry, shadow-training certificates, reviews, entries by hand)
/// and the person's secondments as the secondment process keeps them.
/// </param>
/// <param name="TrainingHours">Hours credited by courses and lectures (read from training's attendance).</param>
/// <param name="Certificates">Shadow-training certificate numbers.</param>
/// <param name="Assessments">Published assessment results (教研员考核, 科室千分考核) as the assessing processes show them, newest first.</param>
public sealed record PoolFile(
    string StaffId, string Name, IReadOnlyList<PoolMember> Memberships, IReadOnlyList<ReservePoolEntry> Entries, decimal TrainingHours, IReadOnlyList<string> Certificates, IReadOnlyList<OwnResult> Assessments)
{
    /// <summary>How many secondments (挂职锻炼) the file shows.</summary>
    public int SecondmentCount => Entries.Count(e => e.Kind == PoolEntryKinds.Secondment);

    /// <summary>Every assessment result in a line each: those written by hand, then the published ones.</summary>
    public IReadOnlyList<string> AssessmentLines =>
        [.. Entries.Where(e => e.Kind == PoolEntryKinds.Assessment).Select(e => e.Text), .. Assessments.Select(a => $"{a.Kind}：{a.Title}，{a.Summary}")];
}
