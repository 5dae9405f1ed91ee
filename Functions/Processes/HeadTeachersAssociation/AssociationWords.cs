namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>How the association's states read in Chinese, the same on the office's pages and on a member's own.</summary>
public static class AssociationWords
{
    /// <summary>An application's status: 待审核, 已批准, 未批准, 逾期未审核.</summary>
    public static string ApplicationZh(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Pending => "待审核",
        ApplicationStatus.Approved => "已批准",
        ApplicationStatus.Declined => "未批准",
        _ => "逾期未审核",
    };

    /// <summary>An application's status in English, for a member who reads in English: pending, approved, declined, expired.</summary>
    public static string ApplicationEn(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Pending => "pending review",
        ApplicationStatus.Approved => "approved",
        ApplicationStatus.Declined => "declined",
        _ => "not reviewed in time",
    };

    /// <summary>An election's stage: 提名中, 投票中, 计票中, 结果已公布, or 无候选人，未投票.</summary>
    public static string ElectionZh(ElectionStatus status) => status switch
    {
        ElectionStatus.Nominating => "提名中",
        ElectionStatus.Voting => "投票中",
        ElectionStatus.Counting => "计票中",
        ElectionStatus.NoCandidates => "无候选人，未投票",
        _ => "结果已公布",
    };

    /// <summary>What the office reads of an election whose nominations closed with nobody nominated (its list and its own page).</summary>
    public const string NoCandidatesZh = "提名截止时无人被提名，未向会员发出选票，本次选举不投票。如需选举，请重新设立换届选举。";

    /// <summary>
    /// A candidate's outcome in a published count: 当选, 未当选, or 票数相同，由学会另行决定 when equal votes straddle the
    /// last seat. The member's page, their /api/me entry, the office's page and the download all say it with these words.
    /// </summary>
    public static string OutcomeZh(CandidateTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return tally.Elected ? "当选" : tally.Tied ? "票数相同，由学会另行决定" : "未当选";
    }

    /// <summary>A candidate's outcome in English, as <see cref="OutcomeZh"/> says it in Chinese.</summary>
    public static string OutcomeEn(CandidateTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return tally.Elected ? "elected" : tally.Tied ? "tied votes: the association decides" : "not elected";
    }

    /// <summary>An award (<see cref="ContestRanking.AwardNames"/>) in English: first, second or third prize.</summary>
    public static string AwardEn(string award) =>
        award == ContestRanking.AwardNames[0] ? "first prize" : award == ContestRanking.AwardNames[1] ? "second prize" : "third prize";

    /// <summary>A contest's stage: 征集中, 评审中, 已评奖.</summary>
    public static string ContestZh(ContestStatus status) => status switch
    {
        ContestStatus.Submitting => "征集中",
        ContestStatus.Reviewing => "评审中",
        _ => "已评奖",
    };

    /// <summary>An event's kind: 读书沙龙, 讲座, 观摩.</summary>
    public static string KindZh(string kind) => kind switch
    {
        "reading-salon" => "读书沙龙",
        "lecture" => "讲座",
        _ => "观摩",
    };
}
