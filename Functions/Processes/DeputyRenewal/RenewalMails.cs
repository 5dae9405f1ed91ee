using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The mails that close a school's round: each person with their own result, the principal with the school's.</summary>
public static class RenewalMails
{
    /// <summary>A person's own result, with the rule that gave it.</summary>
    /// <param name="to">The person.</param>
    /// <param name="record">The school's round, done.</param>
    /// <param name="person">Their line in it.</param>
    /// <param name="postAfter">The post a deputy not renewed moved to (the round's move, a directory post code); null when none was made.</param>
    public static MailContent ToPerson(StaffMember to, RenewalRecord record, RenewalCandidate person, string? postAfter)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(person);
        string outcome = person.Result switch
        {
            RenewalChoices.Promoted => $"您已被提拔为{record.SchoolName}副校长。",
            RenewalChoices.Renewed => $"您继续受聘为{record.SchoolName}副校长。",
            RenewalChoices.NotRenewed => postAfter is null ? $"您不再续聘为{record.SchoolName}副校长。" : $"您不再续聘为{record.SchoolName}副校长，转任{PostName(postAfter)}。",
            _ => "您的职务维持不变。",
        };
        return new MailContent(
            "zh-CN",
            $"【副职续聘提拔结果】{record.RoundId}年 · {record.SchoolName}",
            TaskMails.Greeting(to.Name, false),
            [$"{record.RoundId}年副职续聘与提拔已结束。{outcome}", "如有疑问，请与教育局人事科联系。"],
            [new("结果", RenewalChoices.Zh(person.Result)), new("依据", person.Why ?? "—")],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>The school's results for its principal, one line per person.</summary>
    public static MailContent ToPrincipal(StaffMember to, RenewalRecord record)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(record);
        return new MailContent(
            "zh-CN",
            $"【副职续聘提拔结果】{record.RoundId}年 · {record.SchoolName}",
            TaskMails.Greeting(to.Name, false),
            [$"贵校{record.RoundId}年副职续聘与提拔已结束，结果如下；名录已按结果更新。"],
            [.. record.Candidates.Select(c => new KeyValuePair<string, string>(c.Name, $"{RenewalChoices.Zh(c.Result)}（{c.Why ?? "—"}）"))],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>A post as staff read it, from the directory's names ("teacher" → 教师); a code the directory does not name reads 其他岗位.</summary>
    public static string PostName(string post) => DirectoryVocabulary.PostNames.GetValueOrDefault(post, "其他岗位");

    /// <summary>Whether a person hears of the round: every deputy, and each mid-level leader proposed for promotion.</summary>
    public static bool Hears(RenewalCandidate person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.IsDeputy || person.Proposal == RenewalChoices.Promote;
    }
}
