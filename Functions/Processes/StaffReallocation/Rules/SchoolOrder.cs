namespace EduFlows.Processes.StaffReallocation;

/// <summary>How a school orders applicants: its own ranking first, then everyone it did not rank by points.</summary>
internal static class SchoolOrder
{
    public static List<Participant> Sort(IEnumerable<Participant> applicants, IReadOnlyList<string>? ranking)
    {
        var positions = Positions(ranking);
        return [.. applicants.OrderBy(p => Key(positions, p))];
    }

    public static Dictionary<string, int>? Positions(IReadOnlyList<string>? ranking)
    {
        if (ranking is null)
        {
            return null;
        }

        var positions = new Dictionary<string, int>(ranking.Count, StringComparer.Ordinal);
        for (int i = 0; i < ranking.Count; i++)
        {
            positions.TryAdd(ranking[i], i);
        }

        return positions;
    }

    // Smaller is better: a ranked person by position, then the unranked by county points rank.
    public static long Key(Dictionary<string, int>? positions, Participant who) =>
        positions is not null && positions.TryGetValue(who.StaffId, out int at) ? at : (1L << 32) + who.PointsRank;
}
