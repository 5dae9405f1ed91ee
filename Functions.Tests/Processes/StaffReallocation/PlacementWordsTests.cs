using EduFlows.Notifications;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Notifications;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The rounds' English explanations reach staff and the office in Chinese (issue 18: "the placement explanations"):
/// every line the rules write over the whole demo county is worded, and each form reads as the bureau says it.
/// </summary>
public sealed class PlacementWordsTests
{
    private static readonly Lazy<SimulationResult> Demo = new(() => ReallocationSimulator.Run(DemoReallocation.Generate(DemoCounty.Generate())));

    [Fact]
    public void EveryLineTheRoundsWrite_OverTheDemoCounty_IsWordedInChinese()
    {
        var final = Demo.Value.Final;
        var details = final.Placements.Where(p => p.Rule != PlacementRule.BureauDecision).Select(p => p.Detail).Distinct().ToList();
        var reasons = final.Unplaced.SelectMany(u => u.Reasons).Distinct().ToList();

        Assert.True(details.Count > 100, $"only {details.Count} distinct details");
        Assert.NotEmpty(reasons);
        Assert.All(details, d => Assert.True(PlacementWords.Detail(d, id => id) is { } zh && ChineseText.LatinWords(zh).Count == 0, d));
        Assert.All(reasons, r => Assert.True(PlacementWords.UnplacedReason(r, id => PlacementWords.PostName(id, school => school)) is { } zh && ChineseText.LatinWords(zh).Count == 0, r));
        // The demo exercises at least the main rules, so the wording above is checked on real lines of each.
        Assert.Superset(
            new HashSet<PlacementRule> { PlacementRule.DirectLeadership, PlacementRule.DirectNearRetirement, PlacementRule.InSchoolByPoints, PlacementRule.DeferredAcceptance },
            final.Placements.Select(p => p.Rule).ToHashSet());
    }

    [Theory]
    [InlineData("criteria 2026.1: post mid-level-leader; confirmed by the principal", "直接聘用条件（2026.1 版）：现任中层干部，经校长确认")]
    [InlineData("criteria 2026.1: age 57, within 3 years of 60; confirmed by the principal", "直接聘用条件（2026.1 版）：57 岁，距 60 岁退休不足 3 年，经校长确认")]
    [InlineData("volunteer, points rank 12; vacancy 2 of 5", "自愿报名支教，积分名次第 12 名；第 2 个空缺（共 5 个）")]
    [InlineData("rota, points rank 3; vacancy 1 of 1", "按轮岗安排支教，积分名次第 3 名；第 1 个空缺（共 1 个）")]
    [InlineData("2 of 4 for 3 seats, school ranking", "4 人竞聘 3 个岗位，按学校排序排第 2 名")]
    [InlineData("1 of 2 for 1 seats, by points", "2 人竞聘 1 个岗位，按积分排序排第 1 名")]
    [InlineData("choice 2 of 5, exchanged with stf-00042", "第 2 志愿（共填 5 个），与另一位申请人互换岗位，双方都得到更靠前的志愿")]
    [InlineData("held in-school option kept; no listed post better than it was open (choice 3 of 3)", "保留校内岗位：所填志愿中没有比它更靠前且仍有空缺的岗位（第 3 志愿（共填 3 个））")]
    [InlineData("choice 1 of 3, deferred acceptance, sch-002's ranking", "第 1 志愿（共填 3 个），按志愿顺序录取（延迟接受），依西苑小学的排序")]
    [InlineData("choice 1 of 3, deferred acceptance", "第 1 志愿（共填 3 个），按志愿顺序录取（延迟接受），依积分排序")]
    public void Detail_EachFormTheRulesWrite_ReadsInChinese(string line, string chinese) =>
        Assert.Equal(chinese, PlacementWords.Detail(line, id => id == "sch-002" ? "西苑小学" : id));

    [Fact]
    public void ResultMail_InChinese_ShowsNoRuleEnglish_AndAnUnknownLineIsNotShown()
    {
        var person = ZhCnMailSamples.ReallocationPerson;
        var placed = StaffReallocationMails.Result("2026", person, ZhCnMailSamples.Wang, "zh-CN", null, id => id switch { "sch-001" => "东关小学", "sch-002" => "西苑小学", _ => id });
        var odd = StaffReallocationMails.Result("2026", person with { Placement = person.Placement! with { Detail = "a line no rule writes" } }, ZhCnMailSamples.Wang, "zh-CN", null);

        string text = string.Join("\n", placed.Paragraphs.Concat(placed.Details.Select(d => d.Value)));
        Assert.Contains("第 1 志愿（共填 3 个），按志愿顺序录取（延迟接受），依积分排序", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deferred", text, StringComparison.Ordinal);
        // Schools by name, as the directory gives them; no school id in the Chinese mail.
        Assert.Contains("您已聘任至东关小学的初中英语岗位。", text, StringComparison.Ordinal);
        Assert.Contains(placed.Details, d => d.Key == "原学校" && d.Value == "西苑小学");
        Assert.DoesNotContain("sch-", text, StringComparison.Ordinal);
        Assert.Contains(odd.Details, d => d.Value == StaffReallocationMails.NotWorded);
        Assert.DoesNotContain(odd.Details, d => d.Value.Contains("no rule", StringComparison.Ordinal));
    }
}
