using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>The mails of courses and lectures, in Chinese: the invitation to register, and the move from the waiting list to a seat.</summary>
public static class TrainingMails
{
    /// <summary>The invitation with the person's registration link.</summary>
    /// <param name="lecture">The lecture.</param>
    /// <param name="to">The person invited.</param>
    /// <param name="registration">Their registration link.</param>
    /// <param name="clock">The bureau's clock: the lecture's times are its zone's.</param>
    public static MailContent Invitation(Lecture lecture, StaffMember to, Uri registration, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        ArgumentNullException.ThrowIfNull(to);
        return new(
            "zh-CN",
            $"【{lecture.SeriesZh}】报名邀请：{lecture.Title}",
            TaskMails.Greeting(to.Name, false),
            [
                $"诚邀您参加{lecture.SeriesZh}“{lecture.Title}”。名额{lecture.Capacity}个，按报名先后确定；" + (lecture.WaitingList ? "额满后进入候补名单，有人取消时依次递补。" : "额满即止。"),
                "请点击下方链接报名。课程当天请扫描会场二维码签到，签到后计入培训学时。",
            ],
            Details(lecture, clock),
            "报名",
            registration,
            TaskMails.Footer(false));
    }

    /// <summary>The notice to a person moved from the waiting list to a seat.</summary>
    /// <param name="lecture">The lecture.</param>
    /// <param name="to">The person moved up.</param>
    /// <param name="why">What freed the seat ("有人取消报名").</param>
    /// <param name="registration">Their registration link.</param>
    /// <param name="clock">The bureau's clock: the lecture's times are its zone's.</param>
    public static MailContent MovedUp(Lecture lecture, StaffMember to, string why, Uri registration, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        ArgumentNullException.ThrowIfNull(to);
        return new(
            "zh-CN",
            $"【{lecture.SeriesZh}】候补转正：{lecture.Title}",
            TaskMails.Greeting(to.Name, false),
            [$"{why}，您已由候补转为正式名额。请按时参加，当天扫码签到。"],
            Details(lecture, clock),
            "查看报名",
            registration,
            TaskMails.Footer(false));
    }

    private static List<KeyValuePair<string, string>> Details(Lecture lecture, BureauClock clock) =>
    [
        new("题目", lecture.Title),
        new("主讲", lecture.Speaker),
        new("时间", TrainingPages.When(lecture, clock)),
        new("地点", lecture.Place),
        new("学时", lecture.Hours.ToString("0.#", CultureInfo.InvariantCulture)),
    ];
}
