using EduFlows.StaffDirectory;
using EduFlows.Workbench;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The reallocation's stored words as the office reads them. Rounds and stages are named by
/// <see cref="ReallocationNames"/>, appeals and objections from their records; the rules' own lines (kept in English,
/// stable text that tests and audits compare) are turned into zh-CN in their known forms, so the office page and its
/// downloads show no codes or English rule text.
/// </summary>
public static class ReallocationOfficeWords
{
    /// <summary>A round's name with its number, e.g. "第一轮 直接聘用" (<see cref="ReallocationNames.RoundTitle"/>).</summary>
    public static string RoundTitle(Round round, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return Say(ReallocationNames.RoundTitle(round), links);
    }

    /// <summary>The reallocation's stage (<see cref="ReallocationRecord.Stage"/>) in words (<see cref="ReallocationNames.Stage"/>).</summary>
    public static string Stage(string stage, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return ReallocationNames.Stage(stage) is { } named ? Say(named, links) : links.Say("未记录阶段", "no stage recorded");
    }

    /// <summary>
    /// Where a stage stands in the run: 0 before the rounds, the round's number (.5 in its appeal window, .75 once the
    /// window has closed and the bureau decides its appeals), 5 unplaced, 6 finished.
    /// </summary>
    public static decimal Progress(string stage) => stage switch
    {
        _ when AppealPage.OpenRound(stage) is { } r => (int)r + 0.5m,
        _ when AppealPage.ReviewedRound(stage) is { } r => (int)r + 0.75m,
        "unplaced" => 5,
        "finished" => 6,
        _ when Enum.TryParse<Round>(stage, out var round) && round != Round.Unplaced => (int)round,
        _ => 0,
    };

    /// <summary>A post as staff read it: school name, section and subject in Chinese.</summary>
    public static string Post(string postId, IReadOnlyDictionary<string, School> schools) =>
        PlacementWords.PostName(postId, id => SchoolName(id, schools));

    /// <summary>A school's name from the directory, its id when it is not there.</summary>
    public static string SchoolName(string schoolId, IReadOnlyDictionary<string, School> schools) =>
        schools is not null && schools.TryGetValue(schoolId, out var s) ? s.Name : schoolId;

    /// <summary>The bureau's decision on the county's posts, as its trace entry keeps it (<see cref="PlacementWords.PostsDecision(TraceEntry)"/>).</summary>
    public static string PostsDecision(TraceEntry entry) => PlacementWords.PostsDecision(entry);

    /// <summary>The bureau's decision on an appeal or a points objection, as its record keeps it.</summary>
    public static string Outcome(AppealRecord appeal, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentNullException.ThrowIfNull(links);
        var (upheld, rejected) = appeal.Round is null
            ? (links.Say("异议成立，积分已更正", "upheld: the points corrected"), links.Say("异议不成立，积分不变", "rejected: the points stand"))
            : (links.Say("支持申诉", "upheld"), links.Say("驳回申诉", "rejected"));
        return appeal.Outcome switch
        {
            AppealOutcome.Upheld => upheld,
            AppealOutcome.Rejected => rejected,
            AppealOutcome.NotDecidedInTime => links.Say("逾期未处理，视为", "not decided in time: ") + rejected,
            _ => links.Say("待处理", "pending"),
        };
    }

    /// <summary>The reasons recorded for an unplaced case, in Chinese (<see cref="PlacementWords.UnplacedReasons"/>); null for a line the rule does not write.</summary>
    public static IReadOnlyList<string?> UnplacedReasons(UnplacedCase unplaced, IReadOnlyDictionary<string, School> schools) =>
        PlacementWords.UnplacedReasons(unplaced, id => Post(id, schools));

    /// <summary>The bureau's decision on an unplaced case as stored (<c>assigned to …</c>, <c>other arrangement: …</c>), in Chinese.</summary>
    public static string BureauDecision(string decision, IReadOnlyDictionary<string, School> schools) =>
        PlacementWords.BureauDecision(decision, id => SchoolName(id, schools));

    private static string Say(EduFlows.Tasks.LocalizedText text, OfficeLinks links) => links.Say(text.Zh, text.En);
}
