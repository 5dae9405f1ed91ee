namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Staff-proposing deferred acceptance (Gale–Shapley) over indexed staff and posts: stable for the given priorities,
/// staff-optimal, and strategy-proof for staff. The proposal order does not change the result.
/// </summary>
internal static class DeferredAcceptance
{
    /// <summary>The post index each person ends with, or -1.</summary>
    /// <param name="preferences">Per person, acceptable post indices, most wanted first.</param>
    /// <param name="priorities">Per person and choice, the post's priority key for that person: smaller is better, unique per post.</param>
    /// <param name="capacity">Seats per post index.</param>
    public static int[] Match(IReadOnlyList<int[]> preferences, IReadOnlyList<long[]> priorities, IReadOnlyList<int> capacity)
    {
        int n = preferences.Count;
        var match = new int[n];
        Array.Fill(match, -1);
        var next = new int[n];
        var held = new List<(int Staff, long Key)>?[capacity.Count];
        var free = new Stack<int>(Enumerable.Range(0, n).Reverse());
        while (free.TryPop(out int s))
        {
            var choices = preferences[s];
            while (next[s] < choices.Length)
            {
                int post = choices[next[s]];
                long key = priorities[s][next[s]];
                next[s]++;
                if (capacity[post] <= 0)
                {
                    continue;
                }

                var seats = held[post] ??= new List<(int, long)>(capacity[post]);
                if (seats.Count < capacity[post])
                {
                    seats.Add((s, key));
                    match[s] = post;
                    break;
                }

                int worst = 0;
                for (int i = 1; i < seats.Count; i++)
                {
                    if (Better(seats[worst], seats[i]))
                    {
                        worst = i;
                    }
                }

                if (Better((s, key), seats[worst]))
                {
                    int rejected = seats[worst].Staff;
                    seats[worst] = (s, key);
                    match[s] = post;
                    match[rejected] = -1;
                    free.Push(rejected);
                    break;
                }
            }
        }

        return match;
    }

    private static bool Better((int Staff, long Key) a, (int Staff, long Key) b) => a.Key < b.Key || (a.Key == b.Key && a.Staff < b.Staff);
}
