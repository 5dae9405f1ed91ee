namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>The association's published results as their downloads have them: headers in Chinese, ranks, votes and scores as numbers.</summary>
internal static class AssociationResultTables
{
    /// <summary>A published election's count, most votes first: 名次, 会员编号, 候选人, 学校, 得票, 结果.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Election(Election election)
    {
        ArgumentNullException.ThrowIfNull(election);
        string[] header = ["名次", "会员编号", "候选人", "学校", "得票", "结果"];
        var rows = election.Results.Select(r => (IReadOnlyList<object?>)
        [
            r.Rank, r.MemberId, r.Name, r.SchoolName, r.Votes, AssociationWords.OutcomeZh(r),
        ]).ToList();
        return (header, rows);
    }

    /// <summary>An awarded contest's ranking, best first: 名次, 编号, 题目, 作者编号, 作者, 学校, 得分, 评审人数, 奖项 (an unscored case: no rank, 得分 未评).</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Contest(CaseContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        string[] header = ["名次", "编号", "题目", "作者编号", "作者", "学校", "得分", "评审人数", "奖项"];
        var rows = contest.Results.Select(r => (IReadOnlyList<object?>)
        [
            r.Rank, r.Code, r.Title, r.AuthorId, r.AuthorName, r.SchoolName, r.Score is { } score ? Math.Round(score, 2) : "未评", r.Reviewers, r.Award ?? "无",
        ]).ToList();
        return (header, rows);
    }
}
