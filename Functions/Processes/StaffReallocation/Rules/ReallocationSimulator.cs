namespace EduFlows.Processes.StaffReallocation;

/// <summary>The what-if: runs every round on a draft of posts and points. Pure, so it never touches a live process.</summary>
public static class ReallocationSimulator
{
    /// <summary>Runs the draft and sums up what it would do.</summary>
    public static SimulationResult Run(ReallocationDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var final = Reallocation.Run(draft);
        var rural = draft.Posts.Where(p => p.RuralOrWeak).ToList();
        var ruralSchools = rural.Select(p => p.SchoolId).ToHashSet(StringComparer.Ordinal);
        var ownStaff = draft.Participants.GroupBy(p => p.OwnPostId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var seatsAfter = final.SeatsLeft();
        var moves = final.Placements.Where(p => p.Moved).ToList();
        var effect = new RuralEffect(
            rural.Where(p => p.Open).Sum(p => Math.Max(0, p.Count - ownStaff.GetValueOrDefault(p.Id))),
            rural.Where(p => p.Open).Sum(p => Math.Max(0, seatsAfter.GetValueOrDefault(p.Id))),
            moves.Count(m => ruralSchools.Contains(m.SchoolId)),
            moves.Count(m => ruralSchools.Contains(m.FromSchoolId)));
        return new SimulationResult(final, moves, final.Unplaced.Count, effect, [.. final.Placements.Where(m => m.CrossSection)], ReallocationReport.Of(final));
    }
}
