using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Round 4, cross-school competition: everyone without a post, and everyone holding an in-school option who submitted a
/// ranked list, is placed by staff-proposing deferred acceptance, then mutually better swaps; whoever is left is unplaced. Pure.
/// </summary>
/// <remarks>
/// A held in-school option is protected: it stays on the holder's list (after what they listed, unless they listed it
/// themselves) and the holder comes first in that post's priority, so nobody ends worse than the option they held.
/// Schools order other applicants by their ranking where given (people not ranked come after, by points), else by points.
/// A post of another subject is not open to a person; another section is, and the move is reported.
/// <para>
/// Deferred acceptance alone is stable and strategy-proof for staff. The swap step buys mobility with both: after a
/// swap a school may prefer someone it turned away to the person who swapped in, and a misreported list can sometimes
/// gain through a swap (dropping a choice to reach a post someone else wants: see the worked example in the tests). Swaps never make anyone worse
/// than deferred acceptance left them, nor below a held option. Pass <c>swaps: false</c> for the plain result.
/// </para>
/// </remarks>
public static class CrossSchoolCompetitionRound
{
    private const long HolderTier = 0;
    private const long ApplicantTier = 1L << 40;

    /// <summary>Runs the round; <paramref name="swaps"/> off leaves the plain deferred-acceptance result.</summary>
    /// <param name="state">The state after the in-school competition.</param>
    /// <param name="rankedLists">Per staff id, post ids most wanted first; entries that are unknown, closed, of another subject, repeated or past <see cref="RankedListValidation.MaxChoices"/> are ignored.</param>
    /// <param name="schoolRankings">Per school id, staff ids best first.</param>
    /// <param name="swaps">Whether to run the swap step after deferred acceptance.</param>
    public static CountyState Run(
        CountyState state, IReadOnlyDictionary<string, IReadOnlyList<string>> rankedLists, IReadOnlyDictionary<string, IReadOnlyList<string>> schoolRankings, bool swaps = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rankedLists);
        ArgumentNullException.ThrowIfNull(schoolRankings);
        var held = state.Placements
            .Where(p => p.Round == Round.InSchoolCompetition && rankedLists.TryGetValue(p.StaffId, out var list) && list.Count > 0)
            .ToDictionary(p => p.StaffId, p => p.PostId, StringComparer.Ordinal);
        var kept = state with { Placements = [.. state.Placements.Where(p => !held.ContainsKey(p.StaffId))] };
        var seatsLeft = kept.SeatsLeft();
        var openPosts = state.Posts.Where(p => p.Open).ToList();
        var postIndex = openPosts.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var capacity = openPosts.Select(p => Math.Max(0, seatsLeft.GetValueOrDefault(p.Id))).ToArray();
        var rankings = schoolRankings.ToDictionary(r => r.Key, r => SchoolOrder.Positions(r.Value)!, StringComparer.Ordinal);

        var applicants = kept.NotPlaced().OrderBy(p => p.PointsRank).ToList();
        var preferences = new int[applicants.Count][];
        var priorities = new long[applicants.Count][];
        for (int a = 0; a < applicants.Count; a++)
        {
            var who = applicants[a];
            string? heldPost = held.GetValueOrDefault(who.StaffId);
            var choices = new List<int>();
            foreach (string id in Listed(rankedLists, who.StaffId))
            {
                if (postIndex.TryGetValue(id, out int p) && string.Equals(openPosts[p].Subject, who.Subject, StringComparison.Ordinal) && !choices.Contains(p))
                {
                    choices.Add(p);
                }
            }

            if (heldPost is not null && postIndex.TryGetValue(heldPost, out int own) && !choices.Contains(own))
            {
                choices.Add(own);
            }

            preferences[a] = [.. choices];
            priorities[a] = [.. choices.Select(p => string.Equals(openPosts[p].Id, heldPost, StringComparison.Ordinal)
                ? HolderTier + who.PointsRank
                : ApplicantTier + SchoolOrder.Key(rankings.GetValueOrDefault(openPosts[p].SchoolId), who))];
        }

        int[] deferred = DeferredAcceptance.Match(preferences, priorities, capacity);
        int[] match = (int[])deferred.Clone();
        var partners = swaps ? ImprovingSwaps.Apply(preferences, match, openPosts.Count) : [];

        var placements = new List<Placement>(kept.Placements);
        var unplaced = new List<UnplacedCase>();
        for (int a = 0; a < applicants.Count; a++)
        {
            var who = applicants[a];
            if (match[a] < 0)
            {
                var reasons = Reasons(state, who, rankedLists, preferences[a].Length);
                unplaced.Add(new UnplacedCase(who.StaffId, who.SchoolId, [.. reasons.Select(r => r.Line)]) { Why = reasons });
                continue;
            }

            var post = openPosts[match[a]];
            int choice = Array.IndexOf(preferences[a], match[a]) + 1;
            int listed = preferences[a].Length;
            (PlacementRule rule, string why) = (match[a] != deferred[a], post.Id == held.GetValueOrDefault(who.StaffId)) switch
            {
                (true, _) => (PlacementRule.Swap, Invariant($"choice {choice} of {listed}, exchanged with {applicants[partners[a]].StaffId}")),
                (false, true) => (PlacementRule.InSchoolOptionKept, Invariant($"held in-school option kept; no listed post better than it was open (choice {choice} of {listed})")),
                _ when rankings.GetValueOrDefault(post.SchoolId)?.ContainsKey(who.StaffId) == true
                    => (PlacementRule.DeferredAcceptanceBySchoolRanking, Invariant($"choice {choice} of {listed}, deferred acceptance, {post.SchoolId}'s ranking")),
                _ => (PlacementRule.DeferredAcceptance, Invariant($"choice {choice} of {listed}, deferred acceptance")),
            };
            placements.Add(CountyState.Place(who, post, Round.CrossSchoolCompetition, rule, why));
        }

        return kept with { Placements = placements, Unplaced = unplaced };
    }

    private static IEnumerable<string> Listed(IReadOnlyDictionary<string, IReadOnlyList<string>> rankedLists, string staffId) =>
        rankedLists.TryGetValue(staffId, out var list) ? list.Take(RankedListValidation.MaxChoices) : [];

    private static List<UnplacedReason> Reasons(CountyState state, Participant who, IReadOnlyDictionary<string, IReadOnlyList<string>> rankedLists, int usable)
    {
        var own = state.Posts.FirstOrDefault(p => string.Equals(p.Id, who.OwnPostId, StringComparison.Ordinal));
        int listed = rankedLists.TryGetValue(who.StaffId, out var list) ? list.Count : 0;
        return
        [
            own is null || !own.Open ? new(UnplacedReasonKind.OwnPostClosed, who.OwnPostId) : new(UnplacedReasonKind.OwnPostFull, own.Id, own.Count),
            listed == 0 ? new(UnplacedReasonKind.NoRankedList)
                : usable == 0 ? new(UnplacedReasonKind.NoneOpen, Count: listed, Subject: who.Subject)
                : new(UnplacedReasonKind.AllFilled, Count: usable),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
