using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.ResearcherReview.Office;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>
/// Issue 18: the office's review page in English reads each basis and flag scoring writes in Chinese (the shapes of
/// <see cref="ReviewScoring"/>) in English, names indicators in English, and shows any other text as written.
/// </summary>
public sealed class ReviewResultEnglishTests
{
    [Theory]
    [InlineData("36 / 40 条记录", "36 / 40 records")]
    [InlineData("1 位评审", "1 reviewer")]
    [InlineData("5 位评审，去掉最高分和最低分", "5 reviewers, highest and lowest dropped")]
    [InlineData("12 份问卷，平均 4.25 / 5", "12 questionnaires, mean 4.25 / 5")]
    [InlineData("本半年记录中无服务学校", "no school served in the half-year's records")]
    [InlineData("教研室另行核定", "教研室另行核定")]
    public void Basis_InEnglish(string zh, string en) => Assert.Equal(en, ReviewResultEnglish.Basis(zh));

    [Fact]
    public void Flags_InEnglish_ByTheirCode_NamingTheIndicatorInEnglish()
    {
        Assert.Equal(
            "Lessons observed and discussed: no reviewer's score; counted at the other 4's mean, 7.5.",
            ReviewResultEnglish.Flag(new ResultFlag("no-reviewer-score", "lessons", "听课评课：无评审评分，按其他 4 人平均分 7.5 计。"), "听课评课"));
        Assert.Equal(
            "Guidance that works: no questionnaire answered, and none for anyone in the group; 0 points.",
            ReviewResultEnglish.Flag(new ResultFlag("no-survey-answer", "guidance", "指导实效：无问卷答复，全组均无数据，计 0 分。"), "指导实效"));
        Assert.Equal(
            "Guidance that works: no school served in the half-year's records, nobody to survey; 0 points.",
            ReviewResultEnglish.Flag(new ResultFlag("no-school-served", "guidance", "指导实效：本半年记录中无服务学校，无人可测评，计 0 分。"), "指导实效"));
        Assert.Equal(
            "No self-assessment submitted; no bonus counted.",
            ReviewResultEnglish.Flag(new ResultFlag("self-assessment-missing", null, "未提交自评，不计加分。"), null));
        Assert.Equal(
            "Research projects (provincial level) not confirmed by the research office; not counted.",
            ReviewResultEnglish.Flag(new ResultFlag("bonus-undecided", null, "课题研究（省级）未经教研室确认，不计分。"), null));
        // A flag of another shape (written by hand, or by an older version) is shown as written.
        Assert.Equal("+加分待审", ReviewResultEnglish.Flag(new ResultFlag("bonus-undecided", null, "+加分待审"), null));
    }
}
