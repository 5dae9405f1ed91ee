using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Round 1, direct appointment: people meeting the criteria keep their own post once their principal confirms. Pure.</summary>
public static class DirectAppointmentRound
{
    /// <summary>
    /// Places every unplaced person who qualifies under <paramref name="criteria"/> and is in <paramref name="confirmedByPrincipal"/>
    /// on their own post, best points first while seats last; the others go on to the next rounds.
    /// </summary>
    public static CountyState Run(CountyState state, DirectAppointmentCriteria criteria, IReadOnlySet<string> confirmedByPrincipal)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(confirmedByPrincipal);
        var posts = state.PostsById();
        var seats = new Dictionary<string, int>(state.SeatsLeft(), StringComparer.Ordinal);
        var placements = new List<Placement>(state.Placements);
        foreach (var who in state.NotPlaced().OrderBy(p => p.PointsRank))
        {
            if (criteria.Qualifies(who) is not { } rule || !confirmedByPrincipal.Contains(who.StaffId)
                || !posts.TryGetValue(who.OwnPostId, out var post) || seats.GetValueOrDefault(post.Id) <= 0)
            {
                continue;
            }

            seats[post.Id]--;
            string why = rule == PlacementRule.DirectLeadership
                ? string.Create(CultureInfo.InvariantCulture, $"criteria {criteria.Version}: post {who.Post}; confirmed by the principal")
                : string.Create(CultureInfo.InvariantCulture, $"criteria {criteria.Version}: age {who.Age}, within {criteria.YearsBeforeRetirement} years of {criteria.RetirementAge}; confirmed by the principal");
            placements.Add(CountyState.Place(who, post, Round.DirectAppointment, rule, why));
        }

        return state with { Placements = placements };
    }
}
