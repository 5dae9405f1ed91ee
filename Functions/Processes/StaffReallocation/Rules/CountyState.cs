namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The county between rounds: the published posts, everyone taking part, the placements decided so far and the
/// unplaced cases. Each round is a pure function from one state to the next.
/// </summary>
/// <remarks>
/// In-school placements (<see cref="Round.InSchoolCompetition"/>) are the options people hold: the cross-school round
/// may replace one with a better post, never with a worse one.
/// </remarks>
/// <param name="Posts">Every published post, open or closed.</param>
/// <param name="Participants">Everyone taking part.</param>
/// <param name="Placements">Decided placements, at most one per person.</param>
/// <param name="Unplaced">People left without a post after the last round.</param>
public sealed record CountyState(IReadOnlyList<SchoolPost> Posts, IReadOnlyList<Participant> Participants, IReadOnlyList<Placement> Placements, IReadOnlyList<UnplacedCase> Unplaced)
{
    /// <summary>The state before the first round: nobody placed.</summary>
    public static CountyState Start(IReadOnlyList<SchoolPost> posts, IReadOnlyList<Participant> participants) => new(posts, participants, [], []);

    /// <summary>Seats still free per post id (closed posts have none).</summary>
    public IReadOnlyDictionary<string, int> SeatsLeft()
    {
        var seats = Posts.ToDictionary(p => p.Id, p => p.Open ? p.Count : 0, StringComparer.Ordinal);
        foreach (var placement in Placements)
        {
            seats[placement.PostId] = seats.GetValueOrDefault(placement.PostId) - 1;
        }

        return seats;
    }

    /// <summary>The people without a placement yet, in the order given.</summary>
    public IReadOnlyList<Participant> NotPlaced()
    {
        var placed = Placements.Select(p => p.StaffId).ToHashSet(StringComparer.Ordinal);
        return [.. Participants.Where(p => !placed.Contains(p.StaffId))];
    }

    /// <summary>The placement of a person, if decided.</summary>
    public Placement? PlacementOf(string staffId) => Placements.FirstOrDefault(p => string.Equals(p.StaffId, staffId, StringComparison.Ordinal));

    internal Dictionary<string, SchoolPost> PostsById() => Posts.ToDictionary(p => p.Id, StringComparer.Ordinal);

    internal static Placement Place(Participant who, SchoolPost post, Round round, PlacementRule rule, string detail) =>
        new(who.StaffId, post.Id, post.SchoolId, post.Section, who.SchoolId, who.Section, round, rule, detail);
}
