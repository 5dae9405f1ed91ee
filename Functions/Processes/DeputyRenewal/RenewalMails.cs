using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The mails of a school's round: the notice of its promotions to the school, then each person's own result and the school's to the principal.</summary>
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

    /// <summary>
    /// The notice of a school's promotions (公示), to each of its staff and each person on it: who is proposed for
    /// which post, the notice's working days and when objections close in the bureau's time, and how to object (the
    /// person's own link to the notice page, or the bureau).
    /// </summary>
    /// <param name="to">The recipient.</param>
    /// <param name="record">The school's round as its notice opens.</param>
    /// <param name="options">The round's timetable (working days of the notice and of looking into an objection).</param>
    /// <param name="clock">The round's time zone.</param>
    /// <param name="link">The recipient's link to the notice page.</param>
    public static MailContent Notice(StaffMember to, RenewalRecord record, DeputyRenewalOptions options, BureauClock clock, Uri link)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var onNotice = record.OnNotice();
        string period = $"{Day(record.NoticeFrom)}至{Day(record.NoticeUntil)}（{clock.ZoneNameZh}，{options.NoticeWorkingDays}个工作日，节假日不计）";
        string closes = record.NoticeEndsAt is { } endsAt ? clock.FormatForStaff(new DateTimeOffset(DateTime.SpecifyKind(endsAt, DateTimeKind.Utc)), "zh-CN") : "—";
        List<string> opening = [$"经学校推荐、教育局审核，拟提拔以下{onNotice.Count}人为{record.SchoolName}副校长，现予公示。"];
        if (onNotice.Any(c => c.StaffId == to.Id))
        {
            opening.Add("您是本次公示的拟提拔人选之一。");
        }

        return new MailContent(
            "zh-CN",
            $"【提拔人选公示】{record.RoundId}年 · {record.SchoolName}",
            TaskMails.Greeting(to.Name, false),
            [
                .. opening,
                $"对公示人选有异议的，请在{closes}前通过下方链接实名提出，写明具体事实，也可向教育局人事科反映。教育局收到异议后{options.ObjectionWorkingDays}个工作日内核查，异议属实的不予提拔。",
                "链接仅供您本人使用，请勿转发。",
            ],
            [
                .. onNotice.Select(c => new KeyValuePair<string, string>(c.Name, $"现任{PostName(c.Post)}，拟任副校长")),
                new("公示时间", period),
                new("异议截止", closes),
            ],
            "查看公示并提出异议",
            link,
            TaskMails.Footer(false)) { ParagraphsBeforeDetails = opening.Count };
    }

    /// <summary>A post as staff read it, from the directory's names ("teacher" → 教师); a code the directory does not name reads 其他岗位.</summary>
    public static string PostName(string post) => DirectoryVocabulary.PostNames.GetValueOrDefault(post, "其他岗位");

    /// <summary>Whether a person hears of the round: every deputy, and each mid-level leader proposed for promotion.</summary>
    public static bool Hears(RenewalCandidate person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.IsDeputy || person.Proposal == RenewalChoices.Promote;
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
