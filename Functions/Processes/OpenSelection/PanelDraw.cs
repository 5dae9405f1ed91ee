using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// Draws the interview panel from the directory's external judges (pure, no I/O): the same number from each of the three
/// groups, none with a conflict (the same school or department as a candidate, a relation declared for this selection,
/// or a relative declared in the directory by either the judge or the candidate). The same pool,
/// candidates, conflicts and seed always give the same panel, so the draw can be audited by repeating it.
/// </summary>
public static class PanelDraw
{
    /// <summary>The three judge groups, in the order they are drawn: 外地专家, 退休校长, 退休机关干部.</summary>
    public static readonly IReadOnlyList<string> Groups = ["external-expert", "retired-principal", "retired-cadre"];

    /// <summary>A group's Chinese name.</summary>
    public static string GroupName(string group) => group switch
    {
        "external-expert" => "外地专家",
        "retired-principal" => "退休校长",
        "retired-cadre" => "退休机关干部",
        _ => group,
    };

    /// <summary>Draws <paramref name="perGroup"/> judges from each group.</summary>
    /// <param name="pool">The directory's people; those not in an external post are ignored.</param>
    /// <param name="candidates">The interviewees.</param>
    /// <param name="declared">Conflicts declared by judges or applicants.</param>
    /// <param name="perGroup">Judges per group.</param>
    /// <param name="seed">The seed to record with the draw.</param>
    public static PanelDrawResult Draw(IReadOnlyList<StaffMember> pool, IReadOnlyList<DrawCandidate> candidates, IReadOnlyList<DeclaredConflict> declared, int perGroup, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentOutOfRangeException.ThrowIfLessThan(perGroup, 1);
        var schools = candidates.Where(c => c.SchoolId is not null).ToLookup(c => c.SchoolId!, StringComparer.Ordinal);
        var departments = candidates.Where(c => c.DepartmentId is not null).ToLookup(c => c.DepartmentId!, StringComparer.Ordinal);
        var interviewees = candidates.Select(c => c.StaffId).ToHashSet(StringComparer.Ordinal);
        var relations = declared.Where(d => interviewees.Contains(d.StaffId)).ToLookup(d => d.JudgeId, StringComparer.Ordinal);
        // A relative declared by a candidate names the judge; one declared by the judge names the candidate: both count.
        var candidatesRelatives = candidates
            .SelectMany(c => (c.Relatives ?? []).Select(r => new DeclaredConflict(r.StaffId, c.StaffId, r.Relation)))
            .ToLookup(d => d.JudgeId, StringComparer.Ordinal);

        var excluded = new List<ExcludedJudge>();
        var eligible = new List<StaffMember>();
        // Sorted by id, so the shuffle starts from the same order whatever order the directory returned.
        foreach (var judge in pool.Where(p => DirectoryVocabulary.ExternalPosts.Contains(p.Post)).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var relatives = (judge.Relatives ?? []).Where(r => interviewees.Contains(r.StaffId)).Select(r => new DeclaredConflict(judge.Id, r.StaffId, r.Relation))
                .Concat(candidatesRelatives[judge.Id]);
            string? reason = ConflictOf(judge, schools, departments, relations[judge.Id], relatives);
            if (reason is null)
            {
                eligible.Add(judge);
            }
            else
            {
                excluded.Add(new ExcludedJudge(judge.Id, reason));
            }
        }

        var random = new SplitMix64(seed);
        var judges = new List<DrawnJudge>();
        var alternates = new List<DrawnJudge>();
        var short_ = new List<string>();
        foreach (string group in Groups)
        {
            var members = eligible.Where(j => j.Post == group).ToList();
            // Fisher–Yates with our own generator: System.Random's sequence is not promised across .NET versions.
            for (int i = members.Count - 1; i > 0; i--)
            {
                int k = (int)random.Below((ulong)(i + 1));
                (members[i], members[k]) = (members[k], members[i]);
            }

            if (members.Count < perGroup)
            {
                short_.Add($"{GroupName(group)}可抽 {members.Count} 人，少于 {perGroup} 人");
            }

            judges.AddRange(members.Take(perGroup).Select((j, i) => new DrawnJudge(j.Id, group, i + 1)));
            alternates.AddRange(members.Skip(perGroup).Select((j, i) => new DrawnJudge(j.Id, group, perGroup + i + 1)));
        }

        return short_.Count == 0
            ? new PanelDrawResult(seed, judges, alternates, excluded)
            : new PanelDrawResult(seed, [], [], excluded, "评委库人数不足，无法均衡抽取：" + string.Join("；", short_));
    }

    private static string? ConflictOf(StaffMember judge, ILookup<string, DrawCandidate> schools, ILookup<string, DrawCandidate> departments, IEnumerable<DeclaredConflict> relations, IEnumerable<DeclaredConflict> relatives)
    {
        if (judge.SchoolId is { } school && schools[school].FirstOrDefault() is { } sameSchool)
        {
            return $"与应聘人 {sameSchool.StaffId} 同一学校";
        }

        if (judge.DepartmentId is { } department && departments[department].FirstOrDefault() is { } sameDepartment)
        {
            return $"与应聘人 {sameDepartment.StaffId} 同一科室";
        }

        if (relations.FirstOrDefault() is { } relation)
        {
            return $"申报与应聘人 {relation.StaffId} 有{relation.Relation}关系";
        }

        // The lowest candidate id, so the recorded reason does not depend on the order of declarations.
        return relatives.MinBy(r => r.StaffId, StringComparer.Ordinal) is { } relative ? $"名录登记与应聘人 {relative.StaffId} 有{relative.Relation}关系" : null;
    }

    // SplitMix64 (Steele, Lea, Flood 2014): tiny, fully specified, so the draw repeats anywhere from the seed alone.
    private sealed class SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Rejection sampling keeps every index equally likely.
        public ulong Below(ulong bound)
        {
            ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
            ulong value;
            do
            {
                value = Next();
            }
            while (value >= limit);
            return value % bound;
        }
    }
}
