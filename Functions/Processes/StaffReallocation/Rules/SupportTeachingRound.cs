using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Round 2, support-teaching exchange: rural or weak schools' vacancies filled from volunteers, then the rota, by points. Pure.</summary>
public static class SupportTeachingRound
{
    /// <summary>
    /// Fills each open rural or weak post's vacancy — its free seats beyond what the school's own unplaced staff of that
    /// post could take, so nobody there is pushed out — with unplaced staff of the same section and subject from other
    /// (not rural or weak) schools: volunteers first, then the rota, each best points first. Posts are filled in id order.
    /// </summary>
    public static CountyState Run(CountyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var seats = state.SeatsLeft();
        var notPlaced = state.NotPlaced();
        var ownDemand = notPlaced.GroupBy(p => p.OwnPostId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ruralSchools = state.Posts.Where(p => p.RuralOrWeak).Select(p => p.SchoolId).ToHashSet(StringComparer.Ordinal);

        // One queue per (section, subject) and kind, best points first.
        var pools = notPlaced
            .Where(p => !ruralSchools.Contains(p.SchoolId) && (p.SupportVolunteer || p.OnSupportRota))
            .OrderBy(p => p.SupportVolunteer ? 0 : 1).ThenBy(p => p.PointsRank)
            .GroupBy(p => (p.Section, p.Subject))
            .ToDictionary(g => g.Key, g => new Queue<Participant>(g));
        var placements = new List<Placement>(state.Placements);
        foreach (var post in state.Posts.Where(p => p.RuralOrWeak && p.Open).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            int vacancy = seats.GetValueOrDefault(post.Id) - ownDemand.GetValueOrDefault(post.Id);
            if (vacancy <= 0 || !pools.TryGetValue((post.Section, post.Subject), out var pool))
            {
                continue;
            }

            for (int seat = 0; seat < vacancy && pool.Count > 0; seat++)
            {
                var who = pool.Dequeue();
                var rule = who.SupportVolunteer ? PlacementRule.SupportVolunteer : PlacementRule.SupportRota;
                string why = string.Create(CultureInfo.InvariantCulture, $"{(who.SupportVolunteer ? "volunteer" : "rota")}, points rank {who.PointsRank}; vacancy {seat + 1} of {vacancy}");
                placements.Add(CountyState.Place(who, post, Round.SupportTeaching, rule, why));
            }
        }

        return state with { Placements = placements };
    }
}
