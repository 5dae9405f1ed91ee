using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Round 3, in-school competition: the unplaced staff of each school compete for their own post's remaining seats. Pure.</summary>
public static class InSchoolCompetitionRound
{
    /// <summary>
    /// Gives each post's free seats to the school's own unplaced staff of that post, in the school's ranking when it gave
    /// one (people it did not rank come after, by points), else by points. The seats won are the options people hold
    /// into the cross-school round; the others go on without one.
    /// </summary>
    public static CountyState Run(CountyState state, IReadOnlyDictionary<string, IReadOnlyList<string>> schoolRankings)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(schoolRankings);
        var posts = state.PostsById();
        var seats = state.SeatsLeft();
        var placements = new List<Placement>(state.Placements);
        foreach (var group in state.NotPlaced().GroupBy(p => p.OwnPostId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!posts.TryGetValue(group.Key, out var post) || !post.Open)
            {
                continue;
            }

            bool ranked = schoolRankings.TryGetValue(post.SchoolId, out var ranking);
            var order = SchoolOrder.Sort(group, ranked ? ranking : null);
            int free = seats.GetValueOrDefault(post.Id);
            for (int i = 0; i < Math.Min(free, order.Count); i++)
            {
                var rule = ranked ? PlacementRule.InSchoolBySchoolRanking : PlacementRule.InSchoolByPoints;
                string why = string.Create(CultureInfo.InvariantCulture, $"{i + 1} of {order.Count} for {free} seats, {(ranked ? "school ranking" : "by points")}");
                placements.Add(CountyState.Place(order[i], post, Round.InSchoolCompetition, rule, why));
            }
        }

        return state with { Placements = placements };
    }
}
