using System.Globalization;
using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// Open selection's mails to an applicant: their application received, and their appointment. Each is written in the
/// mail culture alone (<see cref="MailSettings.DefaultCulture"/>): Chinese for zh-CN, English for "en", never both.
/// </summary>
public static class OpenSelectionMails
{
    /// <summary>"您报名……的材料已收到": the applicant's receipt, with the day until which they may change it.</summary>
    /// <param name="culture">The mail culture.</param>
    /// <param name="selectionTitle">The selection's title.</param>
    /// <param name="post">The post applied for.</param>
    /// <param name="applicationsClose">The last day applications may be changed (until 24:00).</param>
    /// <param name="submittedAt">When the application was last saved, as the bureau's clock reads it.</param>
    /// <param name="toName">The applicant's name.</param>
    public static MailContent Received(string culture, string selectionTitle, string post, DateOnly applicationsClose, string submittedAt, string toName)
    {
        bool en = Languages.IsEnglish(culture);
        return new MailContent(
            en ? Languages.English : Languages.Chinese,
            en ? $"[Open selection] Application received: {selectionTitle}" : $"【阳光选优】报名已收到：{selectionTitle}",
            TaskMails.Greeting(toName, en),
            [
                en
                    ? $"Your application for {post} has been received. You may change it until the end of {applicationsClose.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}."
                    : $"您报名“{post}”的材料已收到。{applicationsClose.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)} 24 时前可以修改。",
            ],
            [
                new(en ? "Selection" : "选拔", selectionTitle),
                new(en ? "Post" : "岗位", post),
                new(en ? "Submitted" : "提交时间", submittedAt),
            ],
            null,
            null,
            TaskMails.Footer(en));
    }

    /// <summary>"您被任命为……": the appointed candidate's notice, with their total.</summary>
    /// <param name="culture">The mail culture.</param>
    /// <param name="selectionTitle">The selection's title.</param>
    /// <param name="post">The post they are appointed to.</param>
    /// <param name="total">Their weighted total; null when absent.</param>
    /// <param name="toName">Their name.</param>
    public static MailContent Appointed(string culture, string selectionTitle, string post, decimal? total, string toName)
    {
        bool en = Languages.IsEnglish(culture);
        return new MailContent(
            en ? Languages.English : Languages.Chinese,
            en ? $"[Open selection] Appointment: {selectionTitle}" : $"【阳光选优】任职通知：{selectionTitle}",
            TaskMails.Greeting(toName, en),
            [
                en
                    ? $"After the written test, interview, inspection and public notice you are appointed {post}. The organisation office will tell you what to do next."
                    : $"经笔试、面试、考察和公示，您被任命为{post}。请按组织科通知办理任职手续。",
            ],
            [
                new(en ? "Selection" : "选拔", selectionTitle),
                new(en ? "Post" : "岗位", post),
                new(en ? "Total score" : "总成绩", total?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            ],
            null,
            null,
            TaskMails.Footer(en));
    }
}
