using EduFlows.Notifications;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.StaffReallocation.Office;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Notifications;
using EduFlows.Workbench;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The rounds' English explanations reach staff and the office in Chinese (issue 18: "the placement explanations"):
/// every line the rules write over the whole demo county is worded, and each form reads as the bureau says it.
/// </summary>
public sealed class PlacementWordsTests
{
    private static readonly Lazy<SimulationResult> Demo = new(() => ReallocationSimulator.Run(DemoReallocation.Generate(DemoCounty.Generate())));
    private static readonly DateTimeOffset Decided = new(2026, 9, 4, 1, 0, 0, TimeSpan.Zero);
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly Dictionary<string, School> Schools = new()
    {
        ["sch-101"] = new("sch-101", "东关小学", "primary", "王府街道", false, "stf-921"),
    };

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

    [Fact]
    public void EveryCaseTheRuleLeaves_OverTheDemoCounty_KeepsItsReasonsWhole_ReadingAsItsLines()
    {
        var unplaced = Demo.Value.Final.Unplaced;
        string Post(string id) => PlacementWords.PostName(id, school => school);

        Assert.NotEmpty(unplaced);
        Assert.All(unplaced, u =>
        {
            Assert.Equal(u.Reasons, u.Why!.Select(r => r.Line));
            Assert.Equal(u.Why, u.Reasons.Select(UnplacedReason.Parse));
            // A case recorded before the reasons were kept whole reads the same from its lines.
            Assert.Equal(PlacementWords.UnplacedReasons(u with { Why = null }, Post), PlacementWords.UnplacedReasons(u, Post));
        });
    }

    [Theory]
    [InlineData(UnplacedReasonKind.OwnPostClosed, "sch-101:primary:chinese", 0, null, "in-school competition: own post sch-101:primary:chinese not published or closed", "校内竞聘：本人岗位（东关小学 小学语文）未发布或已关闭")]
    [InlineData(UnplacedReasonKind.OwnPostFull, "sch-101:primary:chinese", 2, null, "in-school competition: the 2 seats of own post sch-101:primary:chinese went to colleagues ranked higher or were taken in earlier rounds", "校内竞聘：本人岗位（东关小学 小学语文）2个岗位已由排名靠前的同事聘任或在前几轮聘满")]
    [InlineData(UnplacedReasonKind.NoRankedList, null, 0, null, "cross-school competition: no ranked list submitted", "跨校竞聘：未提交志愿")]
    [InlineData(UnplacedReasonKind.NoneOpen, null, 3, "mathematics", "cross-school competition: none of the 3 listed posts is open to a mathematics teacher", "跨校竞聘：所填3个志愿均不招数学教师")]
    [InlineData(UnplacedReasonKind.AllFilled, null, 4, null, "cross-school competition: all 4 listed posts open to them were filled by applicants ranked higher", "跨校竞聘：所填志愿中可报的4个岗位均由排名靠前者聘任")]
    public void UnplacedReason_EachKind_IsTheRulesLine_AndReadsInChinese(UnplacedReasonKind kind, string? post, int count, string? subject, string line, string chinese)
    {
        var reason = new UnplacedReason(kind, post, count, subject);
        string Post(string id) => ReallocationOfficeWords.Post(id, Schools);

        Assert.Equal(line, reason.Line);
        Assert.Equal(reason, UnplacedReason.Parse(line));
        Assert.Equal(chinese, PlacementWords.UnplacedReason(reason, Post));
        Assert.Equal(chinese, PlacementWords.UnplacedReason(line, Post));
    }

    [Fact]
    public void OfficePage_DownloadAndMail_ReadAnUnplacedCaseFromItsReasons_AnOlderCaseFromItsLines()
    {
        // The lines say nothing a rule writes: only the reasons kept whole can word this case.
        var kept = new UnplacedCase("stf-901", "sch-101", ["reworded line", "another"])
        {
            Why = [new(UnplacedReasonKind.OwnPostFull, "sch-101:primary:chinese", 1), new(UnplacedReasonKind.NoRankedList)],
        };
        var older = new UnplacedCase("stf-902", "sch-101", ["in-school competition: own post sch-101:primary:chinese not published or closed", "a line no rule writes"]);
        PersonRecord Person(string id, UnplacedCase unplaced) =>
            new() { ReallocationId = "staff-reallocation-2026", Participant = new(id, "sch-101", "primary", "chinese", "teacher", 40, 90, 2), Unplaced = unplaced };
        var people = new[] { Person("stf-901", kept), Person("stf-902", older) };
        var names = new Dictionary<string, string> { ["stf-901"] = "孙老师", ["stf-902"] = "钱老师" };
        var record = new ReallocationRecord { Id = "staff-reallocation-2026", OwnerId = "stf-3", AsOf = new DateOnly(2026, 9, 1), Stage = "unplaced" };

        var page = ReallocationOfficeView.Of(
            record, CountyState.Start([], []), people, [], Schools, names, "运行中", [], new Dictionary<string, OpenTaskRow>(), [], new OfficeLinks(string.Empty, null, "zh-CN"), Clock).Unplaced;
        var download = ReallocationOfficeTables.People(people, Schools, names).Select(row => row[13]).ToList();
        var mail = StaffReallocationMails.Result("2026", ZhCnMailSamples.ReallocationPerson with { Placement = null, Unplaced = kept }, ZhCnMailSamples.Wang, "zh-CN", null, id => Schools[id].Name);

        string[] fromReasons = ["校内竞聘：本人岗位（东关小学 小学语文）1个岗位已由排名靠前的同事聘任或在前几轮聘满", "跨校竞聘：未提交志愿"];
        string[] fromLines = ["校内竞聘：本人岗位（东关小学 小学语文）未发布或已关闭", "其他原因（见该人员的记录）"];
        Assert.Equal([fromReasons, fromLines], page.Select(u => u.Reasons));
        Assert.Equal([string.Join("；", fromReasons), string.Join("；", fromLines)], download);
        Assert.Equal(fromReasons, mail.Paragraphs.Skip(1).Take(2));
    }

    [Fact]
    public void PostsDecisions_ReadFromTheirCode_AnOlderEntryFromItsLine()
    {
        var record = new ReallocationRecord
        {
            Id = "staff-reallocation-2026",
            OwnerId = "stf-3",
            AsOf = new DateOnly(2026, 9, 1),
            Trace =
            [
                new TraceEntry(Decided, "stf-3", "posts", "sent back: （未写理由 no reason given）") { Approval = PostsApproval.SentBack },
                new TraceEntry(Decided.AddDays(1), "stf-3", "posts", "sent back: 数学岗位需按编制重新核定"),
                new TraceEntry(Decided.AddDays(2), "stf-3", "posts", "sent back: （未写理由 no reason given）"),
                new TraceEntry(Decided.AddDays(3), "stf-3", "posts", "approved, reworded") { Approval = PostsApproval.Approved },
                new TraceEntry(Decided.AddDays(4), "nobody", "posts", "not decided in time: the posts stand"),
            ],
        };

        var decisions = ReallocationOfficeView.Of(
            record, CountyState.Start([], []), [], [], Schools, new Dictionary<string, string> { ["stf-3"] = "赵主任" }, "运行中", [], new Dictionary<string, OpenTaskRow>(), [],
            new OfficeLinks(string.Empty, null, "zh-CN"), Clock).PostDecisions;

        Assert.Equal(
            [
                $"{Clock.Format(Decided)} 赵主任：退回重报（未写理由）",
                $"{Clock.Format(Decided.AddDays(1))} 赵主任：退回重报：数学岗位需按编制重新核定",
                $"{Clock.Format(Decided.AddDays(2))} 赵主任：退回重报（未写理由）",
                $"{Clock.Format(Decided.AddDays(3))} 赵主任：核定通过",
                $"{Clock.Format(Decided.AddDays(4))} nobody：逾期未核定，各校上报的岗位有效",
            ],
            decisions);
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
