using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>The interview panel's draw: balanced groups, no conflicted judge, the same panel from the same seed.</summary>
public sealed class PanelDrawTests
{
    [Fact]
    public void Draw_RandomPools_EveryGroupBalanced_AndNoConflictedJudge()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var pool = Enumerable.Range(0, 9 + random.Next(40)).Select(i => Judge(i, random)).ToList();
            var candidates = Enumerable.Range(0, 1 + random.Next(20))
                .Select(i => new DrawCandidate($"stf-{i:D3}", random.Next(3) == 0 ? null : $"sch-{random.Next(8)}", random.Next(4) == 0 ? $"dep-{random.Next(3)}" : null))
                .ToList();
            var declared = Enumerable.Range(0, random.Next(6))
                .Select(_ => new DeclaredConflict(pool[random.Next(pool.Count)].Id, candidates[random.Next(candidates.Count)].StaffId, "亲属"))
                .ToList();
            int perGroup = 1 + random.Next(3);

            var draw = PanelDraw.Draw(pool, candidates, declared, perGroup, (ulong)seed);

            var conflicted = pool.Where(j =>
                    (j.SchoolId is not null && candidates.Any(c => c.SchoolId == j.SchoolId))
                    || (j.DepartmentId is not null && candidates.Any(c => c.DepartmentId == j.DepartmentId))
                    || declared.Any(d => d.JudgeId == j.Id))
                .Select(j => j.Id).ToHashSet();
            Assert.Equal(conflicted.Order(), draw.Excluded.Select(e => e.JudgeId).Order());
            foreach (string group in PanelDraw.Groups)
            {
                int available = pool.Count(j => j.Post == group && !conflicted.Contains(j.Id));
                if (draw.RefusalZh is null)
                {
                    Assert.Equal(perGroup, draw.Judges.Count(j => j.Group == group));
                    Assert.Equal(available - perGroup, draw.Alternates.Count(j => j.Group == group));
                }
                else if (available < perGroup)
                {
                    Assert.Contains(PanelDraw.GroupName(group), draw.RefusalZh, StringComparison.Ordinal);
                }
            }

            Assert.Equal(draw.RefusalZh is null, PanelDraw.Groups.All(g => pool.Count(j => j.Post == g && !conflicted.Contains(j.Id)) >= perGroup));
            Assert.DoesNotContain(draw.Judges.Concat(draw.Alternates), j => conflicted.Contains(j.JudgeId));
            Assert.All(draw.Judges, j => Assert.Equal(pool.Single(p => p.Id == j.JudgeId).Post, j.Group));
        }
    }

    [Fact]
    public void Draw_SameSeed_SamePanel_WhateverTheDirectorysOrder()
    {
        var random = new Random(7);
        var pool = Enumerable.Range(0, 30).Select(i => Judge(i, random) with { SchoolId = null, DepartmentId = null }).ToList();
        var candidates = new[] { new DrawCandidate("stf-1", "sch-1", null) };

        var first = PanelDraw.Draw(pool, candidates, [], 3, 20170103);
        var again = PanelDraw.Draw([.. Enumerable.Reverse(pool)], candidates, [], 3, 20170103);
        var other = PanelDraw.Draw(pool, candidates, [], 3, 20170104);

        Assert.Equal(first.Judges, again.Judges);
        Assert.Equal(first.Alternates, again.Alternates);
        Assert.NotEqual(first.Judges, other.Judges);
    }

    [Fact]
    public void Draw_KnownSeed_GivesTheRecordedPanel()
    {
        // Pinned (and recomputed by hand from SplitMix64 outside .NET) so that a change to the generator, which would make
        // recorded draws unrepeatable, fails here.
        var pool = PanelDraw.Groups.SelectMany(g => Enumerable.Range(1, 4).Select(i => new StaffMember { Id = $"{g}-{i}", Name = "评委", Gender = "male", Post = g })).ToList();

        var draw = PanelDraw.Draw(pool, [], [], 2, 42);

        Assert.Equal(
            ["external-expert-3", "external-expert-1", "retired-principal-3", "retired-principal-4", "retired-cadre-1", "retired-cadre-4"],
            draw.Judges.Select(j => j.JudgeId));
    }

    [Fact]
    public void Draw_SameSchoolAndDeclaredRelative_AreExcludedWithTheReason()
    {
        var pool = new List<StaffMember>
        {
            new() { Id = "j1", Name = "甲", Gender = "male", Post = "retired-principal", SchoolId = "sch-1" },
            new() { Id = "j2", Name = "乙", Gender = "female", Post = "external-expert" },
            new() { Id = "j3", Name = "丙", Gender = "male", Post = "retired-cadre" },
            new() { Id = "j4", Name = "丁", Gender = "male", Post = "teacher" },
        };

        var draw = PanelDraw.Draw(pool, [new DrawCandidate("stf-9", "sch-1", null)], [new DeclaredConflict("j2", "stf-9", "夫妻")], 1, 1);

        Assert.Equal([new ExcludedJudge("j1", "与应聘人 stf-9 同一学校"), new ExcludedJudge("j2", "申报与应聘人 stf-9 有夫妻关系")], draw.Excluded);
        Assert.Empty(draw.Judges);
        Assert.Equal("评委库人数不足，无法均衡抽取：外地专家可抽 0 人，少于 1 人；退休校长可抽 0 人，少于 1 人", draw.RefusalZh);
    }

    [Fact]
    public void Draw_RandomPools_RelativesInTheDirectory_EitherDirection_ExcludedExactly_AndBalanced()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var pool = Enumerable.Range(0, 12 + random.Next(40)).Select(i => Judge(i, random) with { SchoolId = null, DepartmentId = null }).ToList();
            var candidates = Enumerable.Range(0, 1 + random.Next(20)).Select(i => new DrawCandidate($"stf-{i:D3}", null, null)).ToList();
            var conflicted = new HashSet<string>();
            for (int n = random.Next(6); n > 0; n--)
            {
                int j = random.Next(pool.Count), c = random.Next(candidates.Count);
                if (random.Next(2) == 0)
                {
                    // The judge declared the candidate.
                    pool[j] = pool[j] with { Relatives = [.. pool[j].Relatives ?? [], new DeclaredRelative(candidates[c].StaffId, "夫妻")] };
                }
                else
                {
                    // The candidate declared the judge.
                    candidates[c] = candidates[c] with { Relatives = [.. candidates[c].Relatives ?? [], new DeclaredRelative(pool[j].Id, "兄弟姐妹")] };
                }

                conflicted.Add(pool[j].Id);
            }

            // Relatives who are neither a candidate nor a judge of the pool conflict nobody.
            int k = random.Next(pool.Count);
            pool[k] = pool[k] with { Relatives = [.. pool[k].Relatives ?? [], new DeclaredRelative("stf-999", "父子")] };
            int perGroup = 1 + random.Next(3);

            var draw = PanelDraw.Draw(pool, candidates, [], perGroup, (ulong)seed);

            Assert.Equal(conflicted.Order(), draw.Excluded.Select(e => e.JudgeId).Order());
            Assert.All(draw.Excluded, e => Assert.Matches("^名录登记与应聘人 stf-\\d{3} 有(夫妻|兄弟姐妹)关系$", e.ReasonZh));
            Assert.DoesNotContain(draw.Judges.Concat(draw.Alternates), j => conflicted.Contains(j.JudgeId));
            Assert.Equal(draw.RefusalZh is null, PanelDraw.Groups.All(g => pool.Count(j => j.Post == g && !conflicted.Contains(j.Id)) >= perGroup));
            if (draw.RefusalZh is null)
            {
                Assert.All(PanelDraw.Groups, g => Assert.Equal(perGroup, draw.Judges.Count(j => j.Group == g)));
            }

            // Reproducible from the recorded seed, whatever order the directory returns.
            Assert.Equal(draw.Judges, PanelDraw.Draw([.. Enumerable.Reverse(pool)], candidates, [], perGroup, draw.Seed).Judges);
            Assert.Equal(draw.Excluded, PanelDraw.Draw([.. Enumerable.Reverse(pool)], candidates, [], perGroup, draw.Seed).Excluded);
        }
    }

    [Fact]
    public void Draw_JudgeDeclaredByTheApplicant_IsExcludedWithTheReason()
    {
        var judge = new StaffMember { Id = "j1", Name = "甲", Gender = "male", Post = "retired-principal" };
        var applicant = new StaffMember { Id = "stf-9", Name = "乙", Gender = "female", Post = "teacher", SchoolId = "sch-2", Relatives = [new DeclaredRelative("j1", "父女")] };

        var draw = PanelDraw.Draw([judge, applicant], [new DrawCandidate("stf-9", "sch-2", null, applicant.Relatives)], [], 1, 1);

        Assert.Equal([new ExcludedJudge("j1", "名录登记与应聘人 stf-9 有父女关系")], draw.Excluded);
    }

    private static StaffMember Judge(int i, Random random) => new()
    {
        Id = $"ext-{i:D3}",
        Name = "评委",
        Gender = "female",
        Post = PanelDraw.Groups[random.Next(3)],
        SchoolId = random.Next(3) == 0 ? $"sch-{random.Next(8)}" : null,
        DepartmentId = random.Next(6) == 0 ? $"dep-{random.Next(3)}" : null,
    };
}
