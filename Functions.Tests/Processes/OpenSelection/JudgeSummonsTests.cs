using EduFlows.Processes.OpenSelection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>Judges are told only on the interview day, with a link valid that day.</summary>
public sealed class JudgeSummonsTests
{
    [Fact]
    public void For_InterviewDay_SentAtSevenLinkUntilMidnight_InShanghai()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var summons = JudgeSummons.For(new DrawnJudge("ext-001", "retired-principal", 1), "刘老师", "2017年中层干部阳光选优", new DateOnly(2016, 12, 24), zone);

        Assert.Equal(new DateTimeOffset(2016, 12, 23, 23, 0, 0, TimeSpan.Zero), summons.SendAt.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2016, 12, 24, 16, 0, 0, TimeSpan.Zero), summons.LinkValidUntil.ToUniversalTime());
        Assert.Equal("面试评委通知：2017年中层干部阳光选优", summons.SubjectZh);
        Assert.Contains("（退休校长）", summons.BodyZh, StringComparison.Ordinal);
        Assert.Contains("链接仅今天有效", summons.BodyZh, StringComparison.Ordinal);
    }
}
