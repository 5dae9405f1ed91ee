using EduFlows.StaffDirectory;
using EduFlows.Workbench;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The office's two downloads of a reallocation, the same rows as Excel or CSV (<see cref="OfficeExport.File"/>, which
/// neutralises formula cells): the per-school results (one row per post) and the people table (one row per person).
/// Headers in Chinese only; counts, points and ranks are numbers; cells in Chinese, no codes but ids.
/// </summary>
public static class ReallocationOfficeTables
{
    /// <summary>The per-school results' header.</summary>
    public static readonly IReadOnlyList<string> SchoolsHeader =
    [
        "学校编号", "学校", "学段", "学科", "岗位数", "已聘", "空余", "岗位状态",
        "农村或薄弱学校", "校内竞聘排序", "跨校竞聘排序",
    ];

    /// <summary>The people table's header.</summary>
    public static readonly IReadOnlyList<string> PeopleHeader =
    [
        "人员编号", "姓名", "原学校", "学段", "学科", "积分", "积分名次",
        "结果", "聘任岗位", "轮次", "依据规则", "交流", "跨学段", "落聘原因", "教育局处理",
    ];

    // Downloads are read in Chinese whatever the page's language.
    private static readonly OfficeLinks Chinese = new(string.Empty, null, "zh-CN");

    /// <summary>One row per post, by school, section and subject, with the school's rankings on each of its rows.</summary>
    public static IReadOnlyList<IReadOnlyList<object?>> Schools(CountyState state, IReadOnlyList<SchoolRankingRecord> rankings, IReadOnlyDictionary<string, School> schools, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rankings);
        var filled = state.Placements.GroupBy(p => p.PostId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string? Ranking(string schoolId, Round round) =>
            rankings.FirstOrDefault(r => r.SchoolId == schoolId && r.Round == round) is { } ranked ? ReallocationOfficeView.RankingText(ranked, names, Chinese) : null;
        return [.. state.Posts
            .OrderBy(p => p.SchoolId, StringComparer.Ordinal).ThenBy(p => p.Section, StringComparer.Ordinal).ThenBy(p => p.Subject, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<object?>)
            [
                p.SchoolId,
                ReallocationOfficeWords.SchoolName(p.SchoolId, schools),
                DirectoryVocabulary.SectionName(p.Section),
                DirectoryVocabulary.SubjectName(p.Subject),
                p.Count,
                filled.GetValueOrDefault(p.Id),
                Math.Max(0, (p.Open ? p.Count : 0) - filled.GetValueOrDefault(p.Id)),
                p.Open ? "开放" : "已关闭",
                p.RuralOrWeak ? "是" : "否",
                Ranking(p.SchoolId, Round.InSchoolCompetition),
                Ranking(p.SchoolId, Round.CrossSchoolCompetition),
            ])];
    }

    /// <summary>One row per person, by school then points rank: points, result, the round and rule that decided, and an unplaced case's reasons and decision.</summary>
    public static IReadOnlyList<IReadOnlyList<object?>> People(IReadOnlyList<PersonRecord> people, IReadOnlyDictionary<string, School> schools, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(names);
        return [.. people
            .OrderBy(p => p.Participant.SchoolId, StringComparer.Ordinal).ThenBy(p => p.Participant.PointsRank)
            .Select(p =>
            {
                var who = p.Participant;
                var placed = p.Placement;
                return (IReadOnlyList<object?>)
                [
                    who.StaffId,
                    names.GetValueOrDefault(who.StaffId, who.StaffId),
                    ReallocationOfficeWords.SchoolName(who.SchoolId, schools),
                    DirectoryVocabulary.SectionName(who.Section),
                    DirectoryVocabulary.SubjectName(who.Subject),
                    who.Points,
                    who.PointsRank,
                    placed is not null ? "已聘" : p.Unplaced is not null ? "落聘" : "待定",
                    placed is null ? null : ReallocationOfficeWords.Post(placed.PostId, schools),
                    placed is null ? null : ReallocationOfficeWords.RoundTitle(placed.Round, Chinese),
                    placed is null ? null : StaffReallocationMails.RuleName(placed.Rule, false),
                    placed is null ? null : placed.Moved ? "是" : "否",
                    placed is null ? null : placed.CrossSection ? "是" : "否",
                    p.Unplaced is { } unplaced ? string.Join("；", ReallocationOfficeWords.UnplacedReasons(unplaced, schools).Select(r => r ?? "其他原因（见该人员的记录）")) : null,
                    p.BureauDecision is { } decided ? ReallocationOfficeWords.BureauDecision(decided, schools) : null,
                ];
            })];
    }
}
