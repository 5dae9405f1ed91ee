using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>What researchers and the office read in Chinese: levels, the panel rule and subjects by their names, not their codes.</summary>
public sealed class ChineseWordingTests
{
    private static readonly ResearcherScheme Scheme = DefaultSchemes.For("junior");
    private static readonly StaffMember Wang = new() { Id = "stf-1", Name = "王芳", Gender = "female", Email = "wang.fang@qz.example.cn", Post = "researcher" };

    [Fact]
    public void OwnResultMail_NamesBonusLevelsInChinese()
    {
        var result = new ResearcherResult("stf-1", "王芳", 1, 90, 87, 3, [], [], [new BonusOutcome("honour", "provincial", "省级优秀教研员", "confirmed", null, 3), new BonusOutcome("innovation", "city", null, "rejected", "证书不在考核期内", 0)], []);

        var mail = ReviewMails.OwnResult(Wang, "2026年上半年初中教研员考核", result, 12, Scheme);

        Assert.Equal(["加分：荣誉表彰（省级）", "加分：创新成果（市级）"], mail.Details.Select(d => d.Key));
    }

    [Fact]
    public void BonusDecisionForm_NamesTheLevelInChinese_AndInEnglishOnTheEnglishPage()
    {
        var field = ReviewTaskKinds.BonusDecisionFields([new BonusClaim("honour-1", "honour", "city", "市级优秀教研员")], Scheme)[0];

        Assert.Equal("荣誉表彰（市级）：市级优秀教研员", field.Label.Zh);
        Assert.Equal("荣誉表彰 (city level): 市级优秀教研员", field.Label.En);
    }

    [Fact]
    public void RankingMail_StatesThePanelRuleInChinese()
    {
        var outcome = new ReviewOutcome([], [], Scheme.Panel.Describe());

        var mail = ReviewMails.Ranking(Wang, "2026年上半年初中教研员考核", outcome, Scheme, new Dictionary<string, string>());

        Assert.Equal("2026年上半年初中教研员考核已完成汇总，排名如下。评审分合成规则：评审达到 5 位及以上时，去掉一个最高分和一个最低分后取平均分；不足 5 位时取平均分。", mail.Paragraphs[0]);
    }

    [Fact]
    public void EverySubjectAndSection_HasAChineseName()
    {
        Assert.DoesNotContain(DirectoryVocabulary.Subjects, s => !DirectoryVocabulary.SubjectNames.ContainsKey(s));
        Assert.DoesNotContain(DirectoryVocabulary.SchoolSections, s => !DirectoryVocabulary.SectionNames.ContainsKey(s));
        Assert.Equal("英语", DirectoryVocabulary.SubjectName("english"));
    }

    [Fact]
    public void DemoRecords_NameTheSubjectInChinese()
    {
        var researcher = Wang with { Subject = "english", Section = "junior" };
        School[] schools = [new("sch-1", "旗城学校", "junior", "城区", false, "stf-2")];

        var records = ResearcherReviewDemo.Records(researcher, schools, new ReviewPeriod(2026, 1), new DateOnly(2026, 7, 1)).ToList();

        Assert.Contains(records, r => r.Description == "英语学科专题讲座");
        Assert.DoesNotContain(records, r => r.Description!.Contains("english", StringComparison.Ordinal));
    }
}
