namespace EduFlows.Processes.StaffReallocation;

/// <summary>Participants, moved, unplaced, percentage and cross-section moves: for the county, per school and per round.</summary>
/// <param name="County">The county's totals.</param>
/// <param name="BySchool">One row per school people came from, by school id.</param>
/// <param name="ByRound">One row per round, in order.</param>
/// <param name="Bureau">
/// The unplaced stage after the rounds (key "Unplaced"), decided by the bureau: participants are the cases that reached
/// it, moved those it placed at another school, unplaced those it left without a post. With it the per-round rows sum
/// up: its participants are the last round's unplaced, and its unplaced the county's.
/// </param>
public sealed record ReallocationReport(ReportRow County, IReadOnlyList<ReportRow> BySchool, IReadOnlyList<ReportRow> ByRound, ReportRow? Bureau = null)
{
    /// <summary>The report of a finished state.</summary>
    public static ReallocationReport Of(CountyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var placements = state.Placements.ToDictionary(p => p.StaffId, StringComparer.Ordinal);
        var unplaced = state.Unplaced.Select(u => u.StaffId).ToHashSet(StringComparer.Ordinal);
        ReportRow Row(string key, IReadOnlyCollection<Participant> who, Func<Placement, bool> counts, int unplacedCount)
        {
            var decided = who.Select(p => placements.GetValueOrDefault(p.StaffId)).OfType<Placement>().Where(counts).ToList();
            int moved = decided.Count(p => p.Moved);
            decimal percent = who.Count == 0 ? 0 : Math.Round(100m * moved / who.Count, 2, MidpointRounding.AwayFromZero);
            return new ReportRow(key, who.Count, moved, unplacedCount, percent, decided.Count(p => p.CrossSection));
        }

        var county = Row("county", state.Participants, _ => true, unplaced.Count);
        var bySchool = state.Participants.GroupBy(p => p.SchoolId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, [.. g], _ => true, g.Count(p => unplaced.Contains(p.StaffId)))).ToList();
        var byRound = new List<ReportRow>();
        foreach (var round in new[] { Round.DirectAppointment, Round.SupportTeaching, Round.InSchoolCompetition, Round.CrossSchoolCompetition })
        {
            // Still in play when the round opened: decided in this round or later, or never.
            var open = state.Participants.Where(p => placements.GetValueOrDefault(p.StaffId) is not { } placed || placed.Round >= round).ToList();
            int left = open.Count(p => placements.GetValueOrDefault(p.StaffId) is not { } placed || placed.Round > round);
            byRound.Add(Row(round.ToString(), open, p => p.Round == round, left));
        }

        var reached = state.Participants.Where(p => placements.GetValueOrDefault(p.StaffId) is not { } placed || placed.Round == Round.Unplaced).ToList();
        var bureau = Row(nameof(Round.Unplaced), reached, p => p.Round == Round.Unplaced, reached.Count(p => !placements.ContainsKey(p.StaffId)));
        return new ReallocationReport(county, bySchool, byRound, bureau);
    }
}
