using EduFlows.Notifications;
using EduFlows.Processes.OpenSelection;
using EduFlows.Tests.Notifications;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>Open selection's two mails to an applicant follow the mail culture: Chinese alone for zh-CN, English alone for "en".</summary>
public sealed class OpenSelectionMailsTests
{
    private static readonly DateOnly Close = new(2017, 5, 10);

    [Fact]
    public void Received_InChinese_HasNoLatinWords()
    {
        var mail = OpenSelectionMails.Received(Languages.Chinese, "2017年教育局中层干部阳光选优", "教研室副主任", Close, "2017-05-02 10:00", "王芳");

        Assert.Equal(Languages.Chinese, mail.Culture);
        Assert.Empty(ChineseText.LatinWords(TextOf(mail)));
        Assert.Equal(["您报名“教研室副主任”的材料已收到。2017年5月10日 24 时前可以修改。"], mail.Paragraphs);
    }

    [Fact]
    public void Appointed_InChinese_HasNoLatinWords()
    {
        var mail = OpenSelectionMails.Appointed(Languages.Chinese, "2017年教育局中层干部阳光选优", "教研室副主任", 86.5m, "王芳");

        Assert.Equal(Languages.Chinese, mail.Culture);
        Assert.Empty(ChineseText.LatinWords(TextOf(mail)));
        Assert.Equal(["经笔试、面试、考察和公示，您被任命为教研室副主任。请按组织科通知办理任职手续。"], mail.Paragraphs);
        Assert.Contains(new KeyValuePair<string, string>("总成绩", "86.5"), mail.Details);
    }

    [Fact]
    public void BothMails_InEnglish_HaveNoChinese()
    {
        var received = OpenSelectionMails.Received(Languages.English, "2017 open selection", "deputy head of research", Close, "2017-05-02 10:00", "Wang Fang");
        var appointed = OpenSelectionMails.Appointed(Languages.English, "2017 open selection", "deputy head of research", 86.5m, "Wang Fang");

        Assert.All([received, appointed], mail =>
        {
            Assert.Equal(Languages.English, mail.Culture);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}|\p{IsCJKSymbolsandPunctuation}|\p{IsHalfwidthandFullwidthForms}", TextOf(mail));
        });
        Assert.Equal(["Your application for deputy head of research has been received. You may change it until the end of 2017-05-10."], received.Paragraphs);
        Assert.StartsWith("After the written test, interview, inspection and public notice you are appointed deputy head of research.", appointed.Paragraphs.Single(), StringComparison.Ordinal);
    }

    private static string TextOf(MailContent mail) =>
        string.Join("\n", [mail.Subject, mail.Greeting, .. mail.Paragraphs, .. mail.Details.SelectMany(d => new[] { d.Key, d.Value }), mail.ActionLabel ?? string.Empty, mail.Footer]);
}
