using EduFlows.Tasks;

namespace EduFlows.Tests.Tasks;

/// <summary>Context labels written "中文 English" follow the page's language.</summary>
public sealed class ContextLabelTests
{
    [Theory]
    [InlineData("延期理由 Reason", "zh-CN", "延期理由")]
    [InlineData("延期理由 Reason", "en", "Reason")]
    [InlineData("学校 学段 学科 School, section, subject", "zh-CN", "学校 学段 学科")]
    [InlineData("学校 学段 学科 School, section, subject", "en", "School, section, subject")]
    [InlineData("展示PPT", "zh-CN", "展示PPT")]
    [InlineData("2026年度总分", "en", "2026年度总分")]
    [InlineData("办公室意见", "en", "办公室意见")]
    public void For_ShowsTheHalfInThePagesLanguage_AndAChineseOnlyLabelAsWritten(string label, string culture, string shown) =>
        Assert.Equal(shown, ContextLabel.For(label, culture));
}
