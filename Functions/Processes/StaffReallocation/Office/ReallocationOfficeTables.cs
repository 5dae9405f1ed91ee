using EduFlows.StaffDirectory;
using EduFlows.Workbench;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The office's two downloads of a reallocation, the same rows as Excel or CSV (<see cref="OfficeExport.File"/>, which
/// neutralises formula cells): the per-school results (one row per post) and the people table (one row per person).
/// Headers zh-CN first; cells in Chinese, no codes but ids.
/// </summary>
public static class ReallocationOfficeTables
{
    /// <summary>The per-school results' header.</summary>
    public static readonly IReadOnlyList<string> SchoolsHeader =
    [
        "学校编号 school id", "学校 school", "学段 section", "学科 subject", "岗位数 seats", "已聘 filled", "空余 free", "岗位状态 status",
        "农村或薄弱学校 rural or weak", "校内竞聘排序 in-school ranking", "跨校竞聘排序 cross-school ranking",
    ];

    /// <summary>The people table's header.</summary>
    public static readonly IReadOnlyList<string> PeopleHeader =
    [
        "人员编号 staff id", "姓名 name", "原学校 from school", "学段 section", "学科 subject", "积分 points", "积分名次 points rank",
        "结果 result", "聘任岗位 post", "轮次 round", "依据规则 rule", "交流 moved", "跨学段 cross-section", "落聘原因 unplaced reasons", "教育局处理 bureau decision",
    ];

    // Downloads are read in Chinese whatever the page's language.
    private static readonly OfficeLinks Chinese = new(string.Empty, null, "zh-CN");

    /// <summary>One row per post, by school, section and subject, with the school's rankings on each of its rows.</summary>
    public static IReadOnlyList<IReadOnlyList<string?>> Schools(CountyState state, IReadOnlyList<SchoolRankingRecord> rankings, IReadOnlyDictionary<string, School> schools, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rankings);
        var filled = state.Placements.GroupBy(p => p.PostId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string? Ranking(string schoolId, Round round) =>
            rankings.FirstOrDefault(r => r.SchoolId == schoolId && r.Round == round) is { } ranked ? ReallocationOfficeView.RankingText(ranked, names, Chinese) : null;
        return [.. state.Posts
            .OrderBy(p => p.SchoolId, StringComparer.Ordinal).ThenBy(p => p.Section, StringComparer.Ordinal).ThenBy(p => p.Subject, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<string?>)
            [
                p.SchoolId,
                ReallocationOfficeWords.SchoolName(p.SchoolId, schools),
                DirectoryVocabulary.SectionName(p.Section),
                DirectoryVocabulary.SubjectName(p.Subject),
                ReallocationOfficeWords.Number(p.Count),
                ReallocationOfficeWords.Number(filled.GetValueOrDefault(p.Id)),
                ReallocationOfficeWords.Number(Math.Max(0, (p.Open ? p.Count : 0) - filled.GetValueOrDefault(p.Id))),
                p.Open ? "开放" : "已关闭",
                p.RuralOrWeak ? "是" : "否",
                Ranking(p.SchoolId, Round.InSchoolCompetition),
                Ranking(p.SchoolId, Round.CrossSchoolCompetition),
            ])];
    }

    /// <summary>One row per person, by school then points rank: points, result, the round and rule that decided, and an unplaced case's reasons and decision.</summary>
    public static IReadOnlyList<IReadOnlyList<string?>> People(IReadOnlyList<PersonRecord> people, IReadOnlyDictionary<string, School> schools, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(names);
        return [.. people
            .OrderBy(p => p.Participant.SchoolId, StringComparer.Ordinal).ThenBy(p => p.Participant.PointsRank)
            .Select(p =>
            {
                var who = p.Participant;
                var placed = p.Placement;
                return (IReadOnlyList<string?>)
                [
                    who.StaffId,
                    names.GetValueOrDefault(who.StaffId, who.StaffId),
                    ReallocationOfficeWords.SchoolName(who.SchoolId, schools),
                    DirectoryVocabulary.SectionName(who.Section),
                    DirectoryVocabulary.SubjectName(who.Subject),
                    ReallocationOfficeWords.Number(who.Points),
                    ReallocationOfficeWords.Number(who.PointsRank),
                    placed is not null ? "已聘" : p.Unplaced is not null ? "落聘" : "待定",
                    placed is null ? null : ReallocationOfficeWords.Post(placed.PostId, schools),
                    placed is null ? null : ReallocationOfficeWords.RoundTitle(placed.Round, Chinese),
                    placed is null ? null : StaffReallocationMails.RuleName(placed.Rule, false),
                    placed is null ? null : placed.Moved ? "是" : "否",
                    placed is null ? null : placed.CrossSection ? "是" : "否",
                    p.Unplaced is { } unplaced ? string.Join("；", unplaced.Reasons.Select(r => ReallocationOfficeWords.UnplacedReason(r, schools) ?? r)) : null,
                    p.BureauDecision is { } decided ? ReallocationOfficeWords.BureauDecision(decided, schools) : null,
                ];
            })];
    }
}
