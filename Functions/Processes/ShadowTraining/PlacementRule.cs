using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// Places the trainees of a batch at training bases (pure, no I/O). Rules, in order of strength: within each base's
/// capacity; never at the trainee's own school; a base of the trainee's section where one has a place (a nine-year
/// school counts for primary and junior trainees and the other way round); trainees of one school spread across bases;
/// then the base with the largest share of places left. Every placement says why.
/// </summary>
public static class PlacementRule
{
    private static readonly HashSet<string> NineYearCovers = new(StringComparer.Ordinal) { "primary", "junior", "nine-year" };

    /// <summary>True when a trainee from a <paramref name="candidateSection"/> school learns at a base of <paramref name="baseSection"/>.</summary>
    public static bool SectionMatches(string? candidateSection, string baseSection) =>
        candidateSection is not null
        && (string.Equals(candidateSection, baseSection, StringComparison.Ordinal)
            || (baseSection == "nine-year" && NineYearCovers.Contains(candidateSection))
            || (candidateSection == "nine-year" && NineYearCovers.Contains(baseSection)));

    /// <summary>Places every candidate, or refuses the batch naming the field at fault (bases: too few places; candidates: too many from one base school).</summary>
    public static PlacementOutcome Place(IReadOnlyList<PlacementCandidate> candidates, IReadOnlyList<PlacementBase> bases)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(bases);
        if (candidates.Count == 0)
        {
            return PlacementOutcome.Refused("candidates", "A batch needs at least one candidate.", "每个批次至少需要一名候选人。");
        }

        if (bases.Count == 0)
        {
            return PlacementOutcome.Refused("bases", "A batch needs at least one training base.", "每个批次至少需要一个培训基地。");
        }

        int capacity = bases.Sum(b => b.Capacity);
        if (candidates.Count > capacity)
        {
            return PlacementOutcome.Refused(
                "bases",
                $"{candidates.Count} candidates but the bases take only {capacity} ({string.Join(", ", bases.Select(b => $"{b.Name} {b.Capacity}"))}): add places or move {candidates.Count - capacity} candidates to a later batch.",
                $"共有 {candidates.Count} 名候选人，但各基地只能接收 {capacity} 名（{string.Join("、", bases.Select(b => $"{b.Name} {b.Capacity} 名"))}）：请增加名额，或将 {candidates.Count - capacity} 名候选人移到以后的批次。");
        }

        foreach (var school in candidates.Where(c => c.SchoolId is not null).GroupBy(c => c.SchoolId!, StringComparer.Ordinal))
        {
            int elsewhere = bases.Where(b => b.SchoolId != school.Key).Sum(b => b.Capacity);
            if (school.Count() > elsewhere)
            {
                return PlacementOutcome.Refused(
                    "candidates",
                    $"{school.Count()} candidates are from {school.First().SchoolName ?? school.Key}, but the bases other than their own school take only {elsewhere}: trainees never shadow at their own school.",
                    $"有 {school.Count()} 名候选人来自{school.First().SchoolName ?? school.Key}，但本校以外的基地只能接收 {elsewhere} 名：学员不在本校跟岗。");
            }
        }

        var at = new Dictionary<string, PlacementBase>(StringComparer.Ordinal);
        var order = candidates
            .OrderBy(c => bases.Count(b => Eligible(c, b) && SectionMatches(c.Section, b.Section)))
            .ThenBy(c => bases.Count(b => Eligible(c, b)))
            .ThenBy(c => c.StaffId, StringComparer.Ordinal);
        foreach (var candidate in order)
        {
            var open = bases.Where(b => Eligible(candidate, b) && Load(at, b) < b.Capacity).ToList();
            if (open.Count > 0)
            {
                at[candidate.StaffId] = open
                    .OrderBy(b => SectionMatches(candidate.Section, b.Section) ? 0 : 1)
                    .ThenBy(b => SameSchool(at, candidates, b, candidate))
                    .ThenByDescending(b => (b.Capacity - Load(at, b)) / (double)b.Capacity)
                    .ThenBy(b => b.BaseId, StringComparer.Ordinal)
                    .First();
                continue;
            }

            // Only the trainee's own school has places left: someone placed elsewhere who may go there makes room.
            if (!TrySwap(candidate, candidates, bases, at))
            {
                return PlacementOutcome.Refused("candidates", $"{candidate.Name} ({candidate.StaffId}) cannot be placed: the only places left are at their own school.", $"{candidate.Name}（{candidate.StaffId}）无法安排：剩余名额都在其本校。");
            }
        }

        var byId = candidates.ToDictionary(c => c.StaffId, StringComparer.Ordinal);
        return new PlacementOutcome(
            [.. candidates.Select(c => new Placement(c.StaffId, at[c.StaffId].BaseId, Explain(c, at[c.StaffId], at, byId, bases)) { ExplanationZh = ExplainZh(c, at[c.StaffId], at, byId, bases) })],
            null);
    }

    /// <summary>
    /// Moves one trainee to another base before the batch is confirmed, under the same hard rules (capacity, not the
    /// own school); refused naming <c>traineeId</c> or <c>baseId</c>.
    /// </summary>
    public static PlacementOutcome Adjust(
        IReadOnlyList<Placement> placements, IReadOnlyList<PlacementCandidate> candidates, IReadOnlyList<PlacementBase> bases, string traineeId, string baseId)
    {
        ArgumentNullException.ThrowIfNull(placements);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(bases);
        var current = placements.FirstOrDefault(p => p.TraineeId == traineeId);
        var candidate = candidates.FirstOrDefault(c => c.StaffId == traineeId);
        if (current is null || candidate is null)
        {
            return PlacementOutcome.Refused("traineeId", $"'{traineeId}' is not a trainee of this batch.", $"“{traineeId}”不是本批次的学员。");
        }

        var target = bases.FirstOrDefault(b => b.BaseId == baseId);
        if (target is null)
        {
            return PlacementOutcome.Refused("baseId", $"'{baseId}' is not a base of this batch ({string.Join(", ", bases.Select(b => b.BaseId))}).",
                $"“{baseId}”不是本批次的基地（本批次基地：{string.Join("、", bases.Select(b => $"{b.Name}（{b.BaseId}）"))}）。");
        }

        if (current.BaseId == baseId)
        {
            return new PlacementOutcome(placements, null);
        }

        if (!Eligible(candidate, target))
        {
            return PlacementOutcome.Refused("baseId", $"{candidate.Name} works at {target.Name}: trainees never shadow at their own school.", $"{candidate.Name}在{target.Name}工作：学员不在本校跟岗。");
        }

        int taken = placements.Count(p => p.BaseId == baseId);
        if (taken >= target.Capacity)
        {
            return PlacementOutcome.Refused("baseId", $"{target.Name} is full ({taken} of {target.Capacity}): move someone out first.", $"{target.Name}已满（{taken}/{target.Capacity} 名）：请先调出其他学员。");
        }

        string from = bases.FirstOrDefault(b => b.BaseId == current.BaseId)?.Name ?? current.BaseId;
        var moved = new Placement(traineeId, baseId, $"{target.Name}: moved here from {from} by an administrator.", Adjusted: true) { ExplanationZh = $"{target.Name}：由管理员从{from}调整至此。" };
        return new PlacementOutcome([.. placements.Select(p => p.TraineeId == traineeId ? moved : p)], null);
    }

    private static bool Eligible(PlacementCandidate candidate, PlacementBase b) => candidate.SchoolId != b.SchoolId;

    private static int Load(Dictionary<string, PlacementBase> at, PlacementBase b) => at.Values.Count(x => x.BaseId == b.BaseId);

    private static int SameSchool(Dictionary<string, PlacementBase> at, IReadOnlyList<PlacementCandidate> candidates, PlacementBase b, PlacementCandidate candidate) =>
        candidate.SchoolId is null ? 0 : candidates.Count(c => c.SchoolId == candidate.SchoolId && at.TryGetValue(c.StaffId, out var x) && x.BaseId == b.BaseId);

    private static bool TrySwap(PlacementCandidate candidate, IReadOnlyList<PlacementCandidate> candidates, IReadOnlyList<PlacementBase> bases, Dictionary<string, PlacementBase> at)
    {
        foreach (var free in bases.Where(b => Load(at, b) < b.Capacity).OrderBy(b => b.BaseId, StringComparer.Ordinal))
        {
            var mover = candidates
                .Where(t => at.TryGetValue(t.StaffId, out var b) && Eligible(candidate, b) && Eligible(t, free))
                .OrderBy(t => SectionMatches(t.Section, free.Section) ? 0 : 1)
                .ThenBy(t => t.StaffId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (mover is not null)
            {
                at[candidate.StaffId] = at[mover.StaffId];
                at[mover.StaffId] = free;
                return true;
            }
        }

        return false;
    }

    private static string Explain(
        PlacementCandidate c, PlacementBase b, Dictionary<string, PlacementBase> at, Dictionary<string, PlacementCandidate> byId, IReadOnlyList<PlacementBase> bases)
    {
        string section = SectionMatches(c.Section, b.Section)
            ? string.Equals(c.Section, b.Section, StringComparison.Ordinal) ? $"same section ({b.Section})" : $"{b.Section} school, matching the trainee's {c.Section} section"
            : $"no place left at a base matching the trainee's section ({c.Section ?? "none"})";
        string spread = "no school recorded";
        if (c.SchoolId is not null)
        {
            var mates = at.Where(kv => byId[kv.Key].SchoolId == c.SchoolId).ToList();
            int here = mates.Count(kv => kv.Value.BaseId == b.BaseId);
            spread = mates.Count == 1
                ? $"the only trainee from {c.SchoolName ?? c.SchoolId}"
                : string.Create(CultureInfo.InvariantCulture, $"{here} of the {mates.Count} trainees from {c.SchoolName ?? c.SchoolId} here, spread over {mates.Select(kv => kv.Value.BaseId).Distinct().Count()} bases");
        }

        string own = bases.FirstOrDefault(x => x.SchoolId == c.SchoolId) is { } ownBase ? $"; not {ownBase.Name}, the trainee's own school" : string.Empty;
        return $"{b.Name}: {section}; {spread}{own}.";
    }

    // The same reasons as Explain, in the office's words: sections by their Chinese names, no codes.
    private static string ExplainZh(
        PlacementCandidate c, PlacementBase b, Dictionary<string, PlacementBase> at, Dictionary<string, PlacementCandidate> byId, IReadOnlyList<PlacementBase> bases)
    {
        string baseSection = DirectoryVocabulary.SectionName(b.Section);
        string ownSection = c.Section is null ? "未登记" : DirectoryVocabulary.SectionName(c.Section);
        string section = SectionMatches(c.Section, b.Section)
            ? string.Equals(c.Section, b.Section, StringComparison.Ordinal) ? $"学段相同（{baseSection}）" : $"{baseSection}学校，涵盖学员所在的{ownSection}学段"
            : $"与学员学段（{ownSection}）相符的基地已无空位";
        string spread = "学员未登记所在学校";
        if (c.SchoolId is not null)
        {
            string school = c.SchoolName ?? c.SchoolId;
            var mates = at.Where(kv => byId[kv.Key].SchoolId == c.SchoolId).ToList();
            int here = mates.Count(kv => kv.Value.BaseId == b.BaseId);
            spread = mates.Count == 1
                ? $"{school}仅此一名学员"
                : string.Create(CultureInfo.InvariantCulture, $"{school}的 {mates.Count} 名学员分在 {mates.Select(kv => kv.Value.BaseId).Distinct().Count()} 个基地，本基地 {here} 名");
        }

        string own = bases.FirstOrDefault(x => x.SchoolId == c.SchoolId) is { } ownBase ? $"；不安排在学员本校{ownBase.Name}" : string.Empty;
        return $"{b.Name}：{section}；{spread}{own}。";
    }
}
