using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The head-teachers' association's mails, in Chinese: an application's outcome, the ballot, and the office's notice of an election without candidates.</summary>
public static class AssociationMails
{
    /// <summary>Every association mail's closing line.</summary>
    public const string Footer = "青州市教育局 · 班主任学会 · EduFlows 自动发送，请勿直接回复。";

    /// <summary>The applicant's notice of the office's decision (or that the application expired undecided).</summary>
    /// <param name="application">The application as decided.</param>
    /// <param name="toName">The applicant's name.</param>
    /// <param name="clock">The bureau's clock.</param>
    public static MailContent ApplicationDecided(MembershipApplication application, string toName, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(clock);
        string outcome = application.Status switch
        {
            ApplicationStatus.Approved => "您的入会申请已获批准，欢迎加入青州市班主任学会。",
            ApplicationStatus.Declined => "您的入会申请未获同意。",
            _ => "您的入会申请未能在期限内审核，请重新提交申请。",
        };
        return new MailContent(
            "zh-CN",
            "班主任学会入会申请结果",
            $"{toName}老师：",
            [outcome, .. string.IsNullOrWhiteSpace(application.Note) ? Array.Empty<string>() : ["学会秘书处说明：" + application.Note]],
            [new("申请编号", application.Id), new("提交时间", clock.FormatForStaff(application.SubmittedAt, "zh-CN"))],
            null,
            null,
            Footer);
    }

    /// <summary>The office's notice that nominations closed with nobody nominated, so no ballot was sent.</summary>
    /// <param name="election">The election, ended without candidates.</param>
    /// <param name="members">How many members there were to vote.</param>
    /// <param name="toName">The office's name.</param>
    /// <param name="link">The election's page on the office's pages.</param>
    /// <param name="clock">The bureau's clock.</param>
    public static MailContent NoCandidates(Election election, int members, string toName, Uri link, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(clock);
        return new MailContent(
            "zh-CN",
            $"{election.Title} · 无候选人，未发选票",
            $"{toName}老师：",
            [
                $"{election.Title}的提名已截止，没有会员被提名，因此没有向会员发出选票，本次选举不投票。",
                "如需选举，请在班主任学会页面重新设立换届选举，并在提名期内登记候选人。",
            ],
            [new("理事名额", $"{election.Seats} 人"), new("提名截止", clock.FormatForStaff(election.NominationsClose, "zh-CN")), new("会员人数", $"{members} 人")],
            "查看选举",
            link,
            Footer);
    }

    /// <summary>A member's ballot mail with their own voting link.</summary>
    /// <param name="election">The election, nominations closed.</param>
    /// <param name="toName">The member's name.</param>
    /// <param name="link">Their ballot link.</param>
    /// <param name="clock">The bureau's clock: the ballot's close says its zone, as every time staff act by.</param>
    public static MailContent Ballot(Election election, string toName, Uri link, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(clock);
        string candidates = election.Nominations.Count == 0 ? "（无候选人）" : string.Join("、", election.Nominations.Select(n => $"{n.Name}（{n.SchoolName}）"));
        return new MailContent(
            "zh-CN",
            $"{election.Title} · 选票",
            $"{toName}老师：",
            [
                $"{election.Title}现已开始投票。请通过下方链接投票，最多可选 {election.Seats} 人。",
                "投票为无记名投票：系统只记录您已投票，不记录您选了谁。每位会员限投一次，投出后不能更改。",
                "此链接仅供您本人使用，请勿转发。",
            ],
            [new("候选人", candidates), new("投票截止", clock.FormatForStaff(election.BallotCloses, "zh-CN"))],
            "打开选票",
            link,
            Footer);
    }
}
