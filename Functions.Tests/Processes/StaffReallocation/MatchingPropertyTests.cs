using EduFlows.Processes.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The cross-school matching's promises on seeded random counties: stable (no blocking pair), nobody below the
/// in-school option they held, swaps never make anyone worse, and no misreported list ever does better for its author.
/// </summary>
public sealed class MatchingPropertyTests
{
    private const int Unplaced = int.MaxValue;
    private static readonly string[] Subjects = ["mathematics", "mathematics", "mathematics", "english"];
    private static readonly string[] Sections = ["junior", "senior"];

    [Fact]
    public void DeferredAcceptance_RandomCounties_NoBlockingPair_AndNoPostOverfilled()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var instance = Instance.Random(new Random(seed), schools: 2 + (seed % 5), staff: 4 + (seed % 26));

            var final = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: false);

            foreach (var post in final.Posts)
            {
                Assert.True(final.Placements.Count(p => p.PostId == post.Id) <= (post.Open ? post.Count : 0), $"seed {seed}: {post.Id} overfilled");
            }

            var kept = final.Placements.Where(p => p.Round != Round.CrossSchoolCompetition).GroupBy(p => p.PostId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var who in instance.Applicants())
            {
                var wanted = instance.Effective(who);
                int current = RankOf(wanted, final.PlacementOf(who.StaffId)?.PostId);
                foreach (string q in wanted.Take(current == Unplaced ? wanted.Count : current))
                {
                    var post = final.Posts.Single(p => p.Id == q);
                    var holders = final.Placements.Where(p => p.PostId == q && p.Round == Round.CrossSchoolCompetition).Select(p => instance.Person(p.StaffId)).ToList();
                    bool freeSeat = holders.Count < post.Count - kept.GetValueOrDefault(q);
                    bool outranks = holders.Any(h => instance.Priority(who, post) < instance.Priority(h, post));
                    Assert.False(freeSeat || outranks, $"seed {seed}: {who.StaffId} and {q} block (free seat {freeSeat})");
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_RandomCounties_NobodyEndsBelowTheInSchoolOptionTheyHeld(bool swaps)
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var instance = Instance.Random(new Random(seed), schools: 2 + (seed % 5), staff: 4 + (seed % 26));

            var final = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps);

            foreach (var held in instance.AfterInSchool.Placements.Where(p => p.Round == Round.InSchoolCompetition))
            {
                var wanted = instance.Effective(instance.Person(held.StaffId));
                var now = final.PlacementOf(held.StaffId);
                Assert.NotNull(now);
                Assert.True(RankOf(wanted, now.PostId) <= RankOf(wanted, held.PostId), $"seed {seed}: {held.StaffId} fell from {held.PostId} to {now.PostId}");
            }
        }
    }

    [Fact]
    public void Swaps_RandomCounties_NeverMakeAnyoneWorse_AndOnlyGiveListedPosts()
    {
        int swapped = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var instance = Instance.Random(new Random(seed), schools: 2 + (seed % 5), staff: 4 + (seed % 26));

            var before = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: false);
            var after = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: true);

            Assert.Equal(before.Unplaced.Select(u => u.StaffId), after.Unplaced.Select(u => u.StaffId));
            foreach (var who in instance.Applicants())
            {
                var wanted = instance.Effective(who);
                int was = RankOf(wanted, before.PlacementOf(who.StaffId)?.PostId);
                int now = RankOf(wanted, after.PlacementOf(who.StaffId)?.PostId);
                Assert.True(now <= was, $"seed {seed}: swap made {who.StaffId} worse");
                Assert.True(now == Unplaced || now < wanted.Count, $"seed {seed}: {who.StaffId} given an unlisted post");
            }

            swapped += after.Placements.Count(p => p.Rule == PlacementRule.Swap);
        }

        Assert.True(swapped > 0, "the random counties never exercised a swap");
    }

    [Fact]
    public void DeferredAcceptance_FourStaffThreeSchools_NoMisreportedListDoesBetter()
    {
        string[][] misreports = [.. OrderedSubsets(["s0", "s1", "s2"]).Select(l => l.Select(s => SchoolPost.IdFor(s, "junior", "mathematics")).ToArray())];
        Assert.Equal(16, misreports.Length);
        for (int seed = 0; seed < 200; seed++)
        {
            var instance = Instance.Small(new Random(seed));
            var truthful = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: false);
            foreach (var who in instance.AfterInSchool.Participants)
            {
                var wanted = instance.Effective(who);
                int honest = RankOf(wanted, truthful.PostOf(who.StaffId));
                foreach (var lie in misreports)
                {
                    var lists = new Dictionary<string, IReadOnlyList<string>>(instance.Lists) { [who.StaffId] = lie };

                    var outcome = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, lists, instance.Rankings, swaps: false);

                    Assert.True(RankOf(wanted, outcome.PostOf(who.StaffId)) >= honest, $"seed {seed}: {who.StaffId} gains by listing [{string.Join(", ", lie)}]");
                }
            }
        }
    }

    [Fact]
    public void InSchool_RandomSchoolRankings_EachPostsSeatsGoToTheSchoolsTopApplicants()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var instance = Instance.Random(new Random(seed), schools: 2 + (seed % 5), staff: 4 + (seed % 26), everySchoolRanks: seed % 2 == 0);
            var after = instance.AfterInSchool;

            foreach (var post in after.Posts.Where(p => p.Open))
            {
                var expected = after.Participants.Where(p => p.OwnPostId == post.Id).OrderBy(p => instance.Priority(p, post)).Take(post.Count).Select(p => p.StaffId).Order(StringComparer.Ordinal);
                var placed = after.Placements.Where(p => p.PostId == post.Id).ToList();
                Assert.Equal(expected, placed.Select(p => p.StaffId).Order(StringComparer.Ordinal));
                var rule = instance.Rankings.ContainsKey(post.SchoolId) ? PlacementRule.InSchoolBySchoolRanking : PlacementRule.InSchoolByPoints;
                Assert.All(placed, p => Assert.Equal(rule, p.Rule));
            }
        }
    }

    [Fact]
    public void DeferredAcceptance_EverySchoolRanksEveryone_NoBlockingPair_AndNoMisreportedListDoesBetter()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var instance = Instance.Random(new Random(seed), schools: 2 + (seed % 5), staff: 4 + (seed % 26), everySchoolRanks: true);

            AssertNoBlockingPair(instance, CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: false), seed);
        }

        string[][] misreports = [.. OrderedSubsets(["s0", "s1", "s2"]).Select(l => l.Select(s => SchoolPost.IdFor(s, "junior", "mathematics")).ToArray())];
        for (int seed = 0; seed < 200; seed++)
        {
            var instance = Instance.Small(new Random(seed), everySchoolRanks: true);
            var truthful = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, instance.Lists, instance.Rankings, swaps: false);
            AssertNoBlockingPair(instance, truthful, seed);
            foreach (var who in instance.AfterInSchool.Participants)
            {
                var wanted = instance.Effective(who);
                int honest = RankOf(wanted, truthful.PostOf(who.StaffId));
                foreach (var lie in misreports)
                {
                    var lists = new Dictionary<string, IReadOnlyList<string>>(instance.Lists) { [who.StaffId] = lie };

                    var outcome = CrossSchoolCompetitionRound.Run(instance.AfterInSchool, lists, instance.Rankings, swaps: false);

                    Assert.True(RankOf(wanted, outcome.PostOf(who.StaffId)) >= honest, $"seed {seed}: {who.StaffId} gains by listing [{string.Join(", ", lie)}]");
                }
            }
        }
    }

    [Fact]
    public void Reallocation_RandomDrafts_EveryoneDecidedExactlyOnce()
    {
        for (int seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var instance = Instance.Random(random, schools: 3 + (seed % 4), staff: 10 + (seed % 20));
            var confirmed = instance.AfterInSchool.Participants.Where(_ => random.Next(3) == 0).Select(p => p.StaffId).ToHashSet();
            var draft = new ReallocationDraft(instance.AfterInSchool.Posts, instance.AfterInSchool.Participants, DirectAppointmentCriteria.Default, confirmed, instance.Rankings, instance.Lists);

            var final = Reallocation.Run(draft);

            var decided = final.Placements.Select(p => p.StaffId).Concat(final.Unplaced.Select(u => u.StaffId)).Order(StringComparer.Ordinal);
            Assert.Equal(draft.Participants.Select(p => p.StaffId).Order(StringComparer.Ordinal), decided);
            Assert.All(final.SeatsLeft(), seats => Assert.True(seats.Value >= 0, $"seed {seed}: {seats.Key} overfilled"));
        }
    }

    // Stable with respect to the schools' rankings (the holder first, then the ranking, then points): nobody prefers a
    // post that has a free seat or holds someone it ranks below them.
    private static void AssertNoBlockingPair(Instance instance, CountyState final, int seed)
    {
        var kept = final.Placements.Where(p => p.Round != Round.CrossSchoolCompetition).GroupBy(p => p.PostId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var who in instance.Applicants())
        {
            var wanted = instance.Effective(who);
            int current = RankOf(wanted, final.PlacementOf(who.StaffId)?.PostId);
            foreach (string q in wanted.Take(current == Unplaced ? wanted.Count : current))
            {
                var post = final.Posts.Single(p => p.Id == q);
                var holders = final.Placements.Where(p => p.PostId == q && p.Round == Round.CrossSchoolCompetition).Select(p => instance.Person(p.StaffId)).ToList();
                bool freeSeat = holders.Count < post.Count - kept.GetValueOrDefault(q);
                bool outranks = holders.Any(h => instance.Priority(who, post) < instance.Priority(h, post));
                Assert.False(freeSeat || outranks, $"seed {seed}: {who.StaffId} and {q} block (free seat {freeSeat})");
            }
        }
    }

    private static int RankOf(IReadOnlyList<string> wanted, string? postId)
    {
        int at = postId is null ? -1 : wanted.ToList().IndexOf(postId);
        return at < 0 ? Unplaced : at;
    }

    private static IEnumerable<List<string>> OrderedSubsets(List<string> items)
    {
        yield return [];
        for (int i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in OrderedSubsets(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    /// <summary>A county after the in-school competition, with ranked lists and school rankings; and the rules the matching promises to follow, restated independently.</summary>
    private sealed record Instance(CountyState AfterInSchool, Dictionary<string, IReadOnlyList<string>> Lists, Dictionary<string, IReadOnlyList<string>> Rankings)
    {
        public static Instance Random(Random random, int schools, int staff, bool everySchoolRanks = false)
        {
            var posts = new List<SchoolPost>();
            for (int s = 0; s < schools; s++)
            {
                foreach (string section in Sections)
                {
                    foreach (string subject in Subjects.Distinct())
                    {
                        int count = random.Next(4);
                        if (count > 0)
                        {
                            posts.Add(new SchoolPost(SchoolPost.IdFor($"s{s}", section, subject), $"s{s}", section, subject, count, false, Open: random.Next(10) > 0));
                        }
                    }
                }
            }

            var ranks = Enumerable.Range(1, staff).OrderBy(_ => random.Next()).ToArray();
            var people = Enumerable.Range(0, staff).Select(i => new Participant(
                $"t{i:D2}", $"s{random.Next(schools + 1)}", Sections[random.Next(2)], Subjects[random.Next(Subjects.Length)], "teacher", 40, 0, ranks[i])).ToList();
            var rankings = new Dictionary<string, IReadOnlyList<string>>();
            for (int s = 0; s < schools; s++)
            {
                if (everySchoolRanks)
                {
                    rankings[$"s{s}"] = [.. people.OrderBy(_ => random.Next()).Select(p => p.StaffId)];
                }
                else if (random.Next(5) < 2)
                {
                    rankings[$"s{s}"] = [.. people.Where(_ => random.Next(3) > 0).OrderBy(_ => random.Next()).Select(p => p.StaffId)];
                }
            }

            // Lists name any post, also closed ones and other subjects' (the round must ignore those), sometimes the own post.
            var lists = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var who in people.Where(_ => random.Next(5) > 0))
            {
                lists[who.StaffId] = [.. posts.OrderBy(_ => random.Next()).Take(random.Next(Math.Min(7, posts.Count + 1))).Select(p => p.Id)];
            }

            var state = InSchoolCompetitionRound.Run(CountyState.Start(posts, people), rankings);
            return new Instance(state, lists, rankings);
        }

        // Four staff, three schools with one junior mathematics seat each, a fourth school without posts.
        public static Instance Small(Random random, bool everySchoolRanks = false)
        {
            var posts = Enumerable.Range(0, 3).Select(s => new SchoolPost(SchoolPost.IdFor($"s{s}", "junior", "mathematics"), $"s{s}", "junior", "mathematics", 1, false)).ToList();
            var ranks = Enumerable.Range(1, 4).OrderBy(_ => random.Next()).ToArray();
            var people = Enumerable.Range(0, 4).Select(i => new Participant($"t{i}", $"s{random.Next(4)}", "junior", "mathematics", "teacher", 40, 0, ranks[i])).ToList();
            var rankings = new Dictionary<string, IReadOnlyList<string>>();
            if (everySchoolRanks)
            {
                for (int s = 0; s < 4; s++)
                {
                    rankings[$"s{s}"] = [.. people.OrderBy(_ => random.Next()).Select(p => p.StaffId)];
                }
            }
            else if (random.Next(2) == 0)
            {
                rankings["s1"] = [.. people.OrderBy(_ => random.Next()).Select(p => p.StaffId)];
            }

            var lists = people.ToDictionary(p => p.StaffId, p => (IReadOnlyList<string>)[.. posts.OrderBy(_ => random.Next()).Take(random.Next(4)).Select(q => q.Id)]);
            return new Instance(InSchoolCompetitionRound.Run(CountyState.Start(posts, people), rankings), lists, rankings);
        }

        public Participant Person(string staffId) => AfterInSchool.Participants.Single(p => p.StaffId == staffId);

        public string? Held(Participant who) =>
            AfterInSchool.PlacementOf(who.StaffId) is { Round: Round.InSchoolCompetition } held ? held.PostId : null;

        /// <summary>Round 4's applicants: nobody placed yet, and the holders who submitted a list.</summary>
        public IEnumerable<Participant> Applicants() =>
            AfterInSchool.Participants.Where(p => AfterInSchool.PlacementOf(p.StaffId) is null || (Held(p) is not null && Lists.GetValueOrDefault(p.StaffId)?.Count > 0));

        /// <summary>The true preference: listed posts open to the person (first 20, no repeats), then the held option if unlisted.</summary>
        public List<string> Effective(Participant who)
        {
            var posts = AfterInSchool.Posts.ToDictionary(p => p.Id);
            var wanted = (Lists.GetValueOrDefault(who.StaffId) ?? []).Take(RankedListValidation.MaxChoices)
                .Where(id => posts.TryGetValue(id, out var p) && p.Open && p.Subject == who.Subject).Distinct().ToList();
            if (Held(who) is { } held && !wanted.Contains(held))
            {
                wanted.Add(held);
            }

            return wanted;
        }

        /// <summary>Smaller is better: the holder first, then the school's ranking, then the unranked by points.</summary>
        public long Priority(Participant who, SchoolPost post)
        {
            if (Held(who) == post.Id)
            {
                return who.PointsRank;
            }

            int position = Rankings.TryGetValue(post.SchoolId, out var ranking) ? ranking.ToList().IndexOf(who.StaffId) : -1;
            return position >= 0 ? 1_000_000L + position : 2_000_000L + who.PointsRank;
        }
    }
}
