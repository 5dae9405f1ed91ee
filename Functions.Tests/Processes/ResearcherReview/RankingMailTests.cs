using EduFlows.Notifications;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>The office's ranking mail: the ranking is what it is opened for, so it comes first and the flags after it.</summary>
public sealed class RankingMailTests
{
    private static readonly StaffMember Zhao = new() { Id = "o1", Name = "赵主任", Gender = "male", Post = "bureau-cadre" };

    [Fact]
    public async Task RankingMail_PutsTheRankingBeforeTheFlags_InTextAndHtml()
    {
        var outcome = new ReviewOutcome(
            [new ResearcherResult("a", "甲", 1, 80, 80, 0, [], [], [], [new ResultFlag("missing-input", "q-teaching", "课堂教学指导成效缺少评审打分，按规则计。")])],
            [new ReviewerFlag("j1", "a", "q-teaching", 0, 9)],
            new PanelRule().Describe());
        var mail = ReviewMails.Ranking(Zhao, "2026年上半年初中教研员考核", outcome, DefaultSchemes.For("junior"), new Dictionary<string, string> { ["j1"] = "钱评审", ["a"] = "甲" });
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

        string text = mail.ToText();
        string page = System.Net.WebUtility.HtmlDecode(await html.RenderMailAsync(mail));

        foreach (string body in new[] { text, page })
        {
            int opening = body.IndexOf("已完成汇总，排名如下", StringComparison.Ordinal);
            int ranking = body.IndexOf("第 1 名 甲", StringComparison.Ordinal);
            int reviewerFlag = body.IndexOf("评分偏离提示", StringComparison.Ordinal);
            int missing = body.IndexOf("缺项：甲", StringComparison.Ordinal);
            Assert.True(opening >= 0 && opening < ranking, body);
            Assert.True(ranking < reviewerFlag, body);
            Assert.True(ranking < missing, body);
        }
    }
}
