using EduFlows.Notifications;

namespace EduFlows.Tests.Notifications;

/// <summary>The one cut of long text kept in a line: SendGrid's error bodies, audit entries, a summary in a task's context.</summary>
public sealed class ShortTextTests
{
    [Theory]
    [InlineData("", 5, "")]
    [InlineData("异议内容", 5, "异议内容")]
    [InlineData("异议内容五", 5, "异议内容五")]
    [InlineData("异议内容五六", 5, "异议内容五…")]
    public void Of_CutsPastTheLengthOnly_WithAnEllipsis(string text, int maxLength, string expected) =>
        Assert.Equal(expected, ShortText.Of(text, maxLength));

    [Fact]
    public void Of_ACutThroughASurrogatePair_LeavesThePairOut()
    {
        // 𠮷 is two UTF-16 characters; half of it would be an unreadable character in the mail or audit entry.
        Assert.Equal("核查…", ShortText.Of("核查𠮷结论", 3));
        Assert.Equal("核查𠮷…", ShortText.Of("核查𠮷结论", 4));
    }

    [Fact]
    public void Of_NoRoom_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortText.Of("核查", 0));
}
