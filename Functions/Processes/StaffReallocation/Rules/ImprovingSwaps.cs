namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Pairwise exchanges among placed staff that both prefer the other's post, repeated until none is left: nobody is
/// made worse, seat counts stay, and each person only lands on a post they listed (so it is open to them).
/// </summary>
internal static class ImprovingSwaps
{
    /// <summary>Applies the swaps to <paramref name="match"/> in place; returns each swapped person's last partner.</summary>
    public static Dictionary<int, int> Apply(IReadOnlyList<int[]> preferences, int[] match, int postCount)
    {
        var occupants = new List<int>?[postCount];
        for (int s = 0; s < match.Length; s++)
        {
            if (match[s] >= 0)
            {
                (occupants[match[s]] ??= []).Add(s);
            }
        }

        var partners = new Dictionary<int, int>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int a = 0; a < match.Length; a++)
            {
                int p = match[a];
                if (p < 0)
                {
                    continue;
                }

                int current = RankOf(preferences[a], p);
                int b = -1;
                int q = -1;
                for (int i = 0; i < current && b < 0; i++)
                {
                    q = preferences[a][i];
                    foreach (int other in occupants[q] ?? [])
                    {
                        if (RankOf(preferences[other], p) < RankOf(preferences[other], q))
                        {
                            b = other;
                            break;
                        }
                    }
                }

                if (b < 0)
                {
                    continue;
                }

                match[a] = q;
                match[b] = p;
                occupants[p]!.Remove(a);
                occupants[p]!.Add(b);
                occupants[q]!.Remove(b);
                occupants[q]!.Add(a);
                partners[a] = b;
                partners[b] = a;
                changed = true;
            }
        }

        return partners;
    }

    private static int RankOf(int[] choices, int post)
    {
        int at = Array.IndexOf(choices, post);
        return at < 0 ? int.MaxValue : at;
    }
}
