namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Counts a term election's ballots (pure rules, no I/O).</summary>
public static class ElectionCount
{
    /// <summary>
    /// Each candidate's votes, most first (then by member id, so the order is the same on every run). The candidates
    /// with the most votes fill the seats; candidates tied on the last seat's votes where the tie crosses the seats are
    /// marked tied and none of them is elected: a run-off decides, not the order of names.
    /// </summary>
    /// <param name="candidates">The nominees frozen when the ballot opened.</param>
    /// <param name="ballots">The ballot box; a choice that is no candidate is not counted.</param>
    /// <param name="seats">The seats to fill.</param>
    public static IReadOnlyList<CandidateTally> Count(IReadOnlyList<Nomination> candidates, IEnumerable<CastBallot> ballots, int seats)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(ballots);
        var votes = candidates.ToDictionary(c => c.MemberId, _ => 0, StringComparer.Ordinal);
        foreach (var ballot in ballots)
        {
            // A ballot names a candidate once; the desk refuses duplicates, this keeps a stray row from counting twice.
            foreach (string choice in ballot.Choices.Distinct(StringComparer.Ordinal))
            {
                if (votes.TryGetValue(choice, out int n))
                {
                    votes[choice] = n + 1;
                }
            }
        }

        var ordered = candidates.OrderByDescending(c => votes[c.MemberId]).ThenBy(c => c.MemberId, StringComparer.Ordinal).ToList();
        var result = new List<CandidateTally>();
        for (int i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            int v = votes[c.MemberId];
            int rank = 1 + ordered.Count(o => votes[o.MemberId] > v);
            int sameVotes = ordered.Count(o => votes[o.MemberId] == v);

            // The group with these votes occupies places rank..rank+same-1: wholly inside the seats, elected; across
            // the last seat, tied; beyond it, not elected. A candidate without a single vote is never elected.
            bool inside = rank + sameVotes - 1 <= seats;
            bool across = !inside && rank <= seats;
            result.Add(new CandidateTally(c.MemberId, c.Name, c.SchoolName, v, rank, inside && v > 0, across && v > 0));
        }

        return result;
    }
}
