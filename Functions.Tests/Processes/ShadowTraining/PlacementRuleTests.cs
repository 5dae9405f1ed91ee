using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.ShadowTraining;

public sealed class PlacementRuleTests
{
    private static readonly PlacementBase[] Bases =
    [
        new("base-1", "旗城学校", "sch-qc", "nine-year", 8),
        new("base-2", "海岱学校", "sch-hd", "nine-year", 8),
        new("base-3", "云门书院双语学校", "sch-ym", "nine-year", 6),
        new("base-4", "西苑小学", "sch-xy", "primary", 6),
    ];

    [Fact]
    public void Place_FullBatch_FillsEveryBaseToCapacity_NeverAtOwnSchool_AndExplainsEach()
    {
        // 28 candidates: 4 from each base school, the rest from 12 other schools.
        var candidates = new List<PlacementCandidate>();
        foreach (var b in Bases)
        {
            candidates.AddRange(Enumerable.Range(1, 4).Select(i => Candidate($"{b.SchoolId}-{i}", b.SchoolId, b.Section)));
        }

        candidates.AddRange(Enumerable.Range(1, 12).Select(i => Candidate($"x-{i:D2}", $"sch-{i:D2}", i % 3 == 0 ? "junior" : "primary")));

        var outcome = PlacementRule.Place(candidates, Bases);

        Assert.Null(outcome.Refusal);
        Assert.Equal(28, outcome.Placements.Count);
        Assert.Equal(candidates.Select(c => c.StaffId), outcome.Placements.Select(p => p.TraineeId));
        Assert.Equal([8, 8, 6, 6], Bases.Select(b => outcome.Placements.Count(p => p.BaseId == b.BaseId)));
        Assert.All(outcome.Placements, p => Assert.NotEqual(
            Bases.Single(b => b.BaseId == p.BaseId).SchoolId,
            candidates.Single(c => c.StaffId == p.TraineeId).SchoolId));
        Assert.All(outcome.Placements, p => Assert.StartsWith(Bases.Single(b => b.BaseId == p.BaseId).Name + ": ", p.Explanation, StringComparison.Ordinal));
        var fromXiyuan = outcome.Placements.First(p => p.TraineeId == "sch-xy-1");
        Assert.EndsWith("; not 西苑小学, the trainee's own school.", fromXiyuan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_TraineesOfOneSchool_AreSpreadAcrossBases()
    {
        var candidates = Enumerable.Range(1, 4).Select(i => Candidate($"t-{i}", "sch-07", "primary")).ToList();

        var outcome = PlacementRule.Place(candidates, Bases);

        Assert.Equal(4, outcome.Placements.Select(p => p.BaseId).Distinct().Count());
        Assert.All(outcome.Placements, p => Assert.Contains("1 of the 4 trainees from sch-07-name here, spread over 4 bases", p.Explanation, StringComparison.Ordinal));
    }

    [Fact]
    public void Place_MatchesSectionWherePossible_AndSaysSoWhenItCannot()
    {
        var bases = new PlacementBase[] { new("b-senior", "一中", "sch-s", "senior", 1), new("b-primary", "西苑小学", "sch-p", "primary", 1) };
        var candidates = new[] { Candidate("primary-1", "sch-a", "primary"), Candidate("senior-1", "sch-b", "senior") };

        var outcome = PlacementRule.Place(candidates, bases);

        Assert.Equal(["b-primary", "b-senior"], outcome.Placements.Select(p => p.BaseId));
        Assert.Equal("西苑小学: same section (primary); the only trainee from sch-a-name.", outcome.Placements[0].Explanation);

        var twoPrimary = PlacementRule.Place([Candidate("primary-1", "sch-a", "primary"), Candidate("primary-2", "sch-c", "primary")], bases);
        Assert.Equal("一中: no place left at a base matching the trainee's section (primary); the only trainee from sch-c-name.", twoPrimary.Placements[1].Explanation);
    }

    [Fact]
    public void Place_MoreCandidatesThanPlaces_IsRefusedNamingTheBases()
    {
        var candidates = Enumerable.Range(1, 29).Select(i => Candidate($"t-{i:D2}", $"sch-{i:D2}", "primary")).ToList();

        var outcome = PlacementRule.Place(candidates, Bases);

        Assert.Empty(outcome.Placements);
        Assert.Equal("bases", outcome.Refusal!.Field);
        Assert.Equal("29 candidates but the bases take only 28 (旗城学校 8, 海岱学校 8, 云门书院双语学校 6, 西苑小学 6): add places or move 1 candidates to a later batch.", outcome.Refusal.Reason);
    }

    [Fact]
    public void Place_TooManyFromOneBaseSchool_IsRefusedNamingTheCandidates()
    {
        var bases = new PlacementBase[] { new("b-1", "旗城学校", "sch-qc", "nine-year", 8), new("b-2", "西苑小学", "sch-xy", "primary", 2) };
        var candidates = Enumerable.Range(1, 3).Select(i => Candidate($"t-{i}", "sch-qc", "nine-year")).ToList();

        var outcome = PlacementRule.Place(candidates, bases);

        Assert.Equal("candidates", outcome.Refusal!.Field);
        Assert.Equal("3 candidates are from sch-qc-name, but the bases other than their own school take only 2: trainees never shadow at their own school.", outcome.Refusal.Reason);
    }

    [Fact]
    public void Refusals_AreAlsoGivenInChinese_WithoutCodesOrEnglishRuleText()
    {
        var tooMany = PlacementRule.Place(Enumerable.Range(1, 29).Select(i => new PlacementCandidate($"t-{i:D2}", $"学员{i}", $"sch-{i:D2}", $"第{i}小学", "primary")).ToList(), Bases);
        var fromQc = Enumerable.Range(1, 3).Select(i => new PlacementCandidate($"t-{i}", $"学员{i}", "sch-qc", "旗城学校", "nine-year")).ToList();
        var ownSchool = PlacementRule.Place(fromQc, [new("b-1", "旗城学校", "sch-qc", "nine-year", 8), new("b-2", "西苑小学", "sch-xy", "primary", 2)]);
        var none = PlacementRule.Place([], Bases);
        var two = new[] { new PlacementCandidate("t-1", "张三", "sch-qc", "旗城学校", "nine-year"), new PlacementCandidate("t-2", "李四", "sch-02", "东关小学", "primary") };
        var small = new PlacementBase[] { new("base-1", "旗城学校", "sch-qc", "nine-year", 1), new("base-4", "西苑小学", "sch-xy", "primary", 1) };
        var placed = PlacementRule.Place(two, small).Placements;
        var atOwn = PlacementRule.Adjust(placed, two, small, "t-1", "base-1");
        var full = PlacementRule.Adjust(placed, two, small, "t-2", "base-4");

        Assert.Equal("共有 29 名候选人，但各基地只能接收 28 名（旗城学校 8 名、海岱学校 8 名、云门书院双语学校 6 名、西苑小学 6 名）：请增加名额，或将 1 名候选人移到以后的批次。", tooMany.Refusal!.ReasonZh);
        Assert.Equal("有 3 名候选人来自旗城学校，但本校以外的基地只能接收 2 名：学员不在本校跟岗。", ownSchool.Refusal!.ReasonZh);
        Assert.Equal("每个批次至少需要一名候选人。", none.Refusal!.ReasonZh);
        Assert.Equal("张三在旗城学校工作：学员不在本校跟岗。", atOwn.Refusal!.ReasonZh);
        Assert.Equal("西苑小学已满（1/1 名）：请先调出其他学员。", full.Refusal!.ReasonZh);
        Assert.All(new[] { tooMany, ownSchool, none, atOwn, full }, o => Assert.DoesNotMatch("[A-Za-z]", o.Refusal!.ReasonFor(EduFlows.Notifications.Languages.Chinese)));
    }

    [Fact]
    public void Adjust_KeepsCapacityAndOwnSchoolRules_AndExplainsTheMove()
    {
        var candidates = new[] { Candidate("t-1", "sch-qc", "nine-year"), Candidate("t-2", "sch-02", "primary") };
        var small = new PlacementBase[] { new("base-1", "旗城学校", "sch-qc", "nine-year", 1), new("base-4", "西苑小学", "sch-xy", "primary", 1) };
        var placed = PlacementRule.Place(candidates, small).Placements;
        Assert.Equal(["base-4", "base-1"], placed.Select(p => p.BaseId));

        var ownSchool = PlacementRule.Adjust(placed, candidates, small, "t-1", "base-1");
        var full = PlacementRule.Adjust(placed, candidates, small, "t-2", "base-4");
        var unknownBase = PlacementRule.Adjust(placed, candidates, small, "t-2", "base-9");
        var unknownTrainee = PlacementRule.Adjust(placed, candidates, small, "t-9", "base-4");
        var roomy = small.Select(b => b with { Capacity = 2 }).ToArray();
        var moved = PlacementRule.Adjust(placed, candidates, roomy, "t-2", "base-4");

        Assert.Equal(new EduFlows.Hosting.FieldError("baseId", "t-1-name works at 旗城学校: trainees never shadow at their own school."), ownSchool.Refusal);
        Assert.Equal(new EduFlows.Hosting.FieldError("baseId", "西苑小学 is full (1 of 1): move someone out first."), full.Refusal);
        Assert.Equal("baseId", unknownBase.Refusal!.Field);
        Assert.Equal("traineeId", unknownTrainee.Refusal!.Field);
        Assert.Null(moved.Refusal);
        Assert.Equal(new Placement("t-2", "base-4", "西苑小学: moved here from 旗城学校 by an administrator.", Adjusted: true), moved.Placements[1]);
        Assert.Equal(placed[0], moved.Placements[0]);
    }

    [Fact]
    public void Place_EachPlacement_IsExplainedInChinese_WithoutCodesOrEnglish()
    {
        var bases = new PlacementBase[] { new("b-1", "旗城学校", "sch-qc", "nine-year", 1), new("b-4", "西苑小学", "sch-xy", "primary", 2) };
        var candidates = new PlacementCandidate[]
        {
            new("t-1", "张三", "sch-dg", "东关小学", "primary"), new("t-2", "李四", "sch-mh", "弥河初级中学", "junior"), new("t-3", "王五", "sch-xy", "西苑小学", "primary"),
        };

        var outcome = PlacementRule.Place(candidates, bases);
        var moved = PlacementRule.Adjust(outcome.Placements, candidates, bases.Select(b => b with { Capacity = 3 }).ToArray(), "t-1", "b-1");

        Assert.Null(outcome.Refusal);
        Assert.All(outcome.Placements, p => Assert.StartsWith(bases.Single(b => b.BaseId == p.BaseId).Name + "：", p.ExplanationZh, StringComparison.Ordinal));
        Assert.All(outcome.Placements, p => Assert.DoesNotMatch("[A-Za-z]", p.ExplanationZh!));
        Assert.Equal("旗城学校：九年一贯制学校，涵盖学员所在的小学学段；西苑小学仅此一名学员；不安排在学员本校西苑小学。", outcome.Placements[2].ExplanationZh);
        Assert.Equal("西苑小学：与学员学段（初中）相符的基地已无空位；弥河初级中学仅此一名学员。", outcome.Placements[1].ExplanationZh);
        Assert.Equal("旗城学校：由管理员从西苑小学调整至此。", moved.Placements[0].ExplanationZh);
    }

    [Fact]
    public void Place_DemoCounty_ThreeBatchesOf24_Place72PeopleAtTheFourBases()
    {
        var county = DemoCounty.Generate();
        var schools = county.Schools.ToDictionary(s => s.Id);
        var bases = county.TrainingBases.Select(b => new PlacementBase(b.Id, b.Name, b.SchoolId, schools[b.SchoolId].Section, b.Capacity)).ToList();
        var reserve = county.Staff.Where(s => s.ReservePrincipal).OrderBy(s => s.Id, StringComparer.Ordinal).Take(72)
            .Select(s => new PlacementCandidate(s.Id, s.Name, s.SchoolId, schools[s.SchoolId!].Name, schools[s.SchoolId!].Section))
            .ToList();

        var batches = reserve.Chunk(24).Select(batch => PlacementRule.Place(batch, bases)).ToList();

        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Null(b.Refusal));
        Assert.Equal([8, 8, 6, 6], bases.Select(b => b.Capacity));

        // 24 of 28 places: each base keeps about the same share free.
        Assert.Equal([[7, 6, 6, 5], [7, 7, 5, 5], [7, 7, 5, 5]], batches.Select(b => bases.Select(x => b.Placements.Count(p => p.BaseId == x.BaseId)).ToArray()));
        Assert.Equal(72, batches.SelectMany(b => b.Placements).Select(p => p.TraineeId).Distinct().Count());
        Assert.All(batches.SelectMany(b => b.Placements), p => Assert.NotEqual(
            bases.Single(b => b.BaseId == p.BaseId).SchoolId,
            reserve.Single(c => c.StaffId == p.TraineeId).SchoolId));
    }

    private static PlacementCandidate Candidate(string id, string schoolId, string section) => new(id, id + "-name", schoolId, schoolId + "-name", section);
}
