using EduFlows.Processes.Secondment;
using EduFlows.Tests.Notifications;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>The consent lines the report, the audit and the mails show: people by name and unit, no staff id, no code.</summary>
public sealed class SecondmentLinesTests
{
    [Theory]
    [InlineData("agree", null, "本人钱科员（组织人事科）同意")]
    [InlineData("decline", " 家中老人需要照顾 ", "本人钱科员（组织人事科）不同意：家中老人需要照顾")]
    [InlineData(null, "  ", "本人钱科员（组织人事科）逾期未答复")]
    [InlineData("none", null, "本人钱科员（组织人事科）逾期未答复")]
    public void Consent_NamesThePersonAndTheirUnit_WithTheAnswerInChinese(string? answer, string? note, string line)
    {
        string consent = SecondmentLines.Consent("本人", "钱科员", "组织人事科", answer, note);

        Assert.Equal(line, consent);
        Assert.Empty(ChineseText.LatinWords(consent));
        Assert.Equal(line["本人".Length..], SecondmentLines.Answer("钱科员", "组织人事科", answer, note));
    }

    [Fact]
    public void Decider_IsTheOwnersName_OrTheirRoleInAPlanMadeBeforeTheNameWasKept()
    {
        var home = new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长");
        var host = new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长");
        var plan = new SecondmentPlan("2026-qian", SecondmentKinds.Secondment, "stf-30", "钱科员", "bureau-cadre", home, host, "挂职副校长", "vice-principal", new DateOnly(2026, 9, 14), 12, "stf-12", "孙老师", "stf-3", "Asia/Shanghai", "赵主任");

        Assert.Equal("赵主任", SecondmentLines.Decider(plan));
        Assert.Equal("负责人", SecondmentLines.Decider(plan with { OwnerName = null }));
    }
}
