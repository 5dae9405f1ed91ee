using System.Text.RegularExpressions;
using EduFlows.StaffDirectory;
using EduFlows.Workbench;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The reallocation's stored words as the office reads them. The rules and activities keep their trace in English
/// (stable text that tests and audits compare); these turn the known forms into zh-CN, so the office page and its
/// downloads show no codes or English rule text.
/// </summary>
public static partial class ReallocationOfficeWords
{
    /// <summary>A round's name with its number, e.g. "第一轮 直接聘用".</summary>
    public static string RoundTitle(Round round, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        string name = StaffReallocationMails.RoundName(round, links.English);
        return round switch
        {
            Round.DirectAppointment => links.Say("第一轮 " + name, "Round 1: " + name),
            Round.SupportTeaching => links.Say("第二轮 " + name, "Round 2: " + name),
            Round.InSchoolCompetition => links.Say("第三轮 " + name, "Round 3: " + name),
            Round.CrossSchoolCompetition => links.Say("第四轮 " + name, "Round 4: " + name),
            _ => links.Say("落聘处理（教育局）", "Unplaced cases (the bureau)"),
        };
    }

    /// <summary>The reallocation's stage (<see cref="ReallocationRecord.Stage"/>) in words.</summary>
    public static string Stage(string stage, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (stage.StartsWith("appeal:", StringComparison.Ordinal) && Enum.TryParse<Round>(stage["appeal:".Length..], out var appealed))
        {
            return RoundTitle(appealed, links) + links.Say(" · 结果公布，申诉期", " · results out, appeal window");
        }

        return stage switch
        {
            PointsObjectionWindow.Stage => links.Say("积分公示与异议", "points published, objections"),
            "posts" => links.Say("岗位发布与核定", "posts published and approved"),
            "unplaced" => links.Say("落聘处理（教育局）", "unplaced cases (the bureau)"),
            "finished" => links.Say("已完成", "finished"),
            _ when Enum.TryParse<Round>(stage, out var round) => RoundTitle(round, links) + links.Say(" · 进行中", " · running"),
            _ => links.Say("未记录阶段", "no stage recorded"),
        };
    }

    /// <summary>Where a stage stands in the run: 0 before the rounds, the round's number (and .5 in its appeal window), 5 unplaced, 6 finished.</summary>
    public static decimal Progress(string stage) => stage switch
    {
        _ when stage.StartsWith("appeal:", StringComparison.Ordinal) && Enum.TryParse<Round>(stage["appeal:".Length..], out var r) => (int)r + 0.5m,
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

    /// <summary>The bureau's decision on the county's posts, as traced (<c>approved</c>, <c>sent back: …</c>, not decided in time).</summary>
    public static string PostsDecision(string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        return what switch
        {
            "approved" => "核定通过",
            "not decided in time: the posts stand" => "逾期未核定，各校上报的岗位有效",
            _ when what.StartsWith("sent back: ", StringComparison.Ordinal) => "退回重报：" + what["sent back: ".Length..],
            _ => what,
        };
    }

    /// <summary>An appeal or points objection read back from its trace line; null for another kind of line.</summary>
    public static (string Kind, string Reason, string Outcome, string? Note)? Decided(TraceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Step == "appeal" && AppealLine().Match(entry.What) is { Success: true } appeal)
        {
            string kind = Enum.TryParse<Round>(appeal.Groups["round"].Value, out var round) ? RoundName(round) + "申诉" : "申诉";
            string note = appeal.Groups["note"].Value.Trim();
            return (kind, appeal.Groups["reason"].Value, Outcome(appeal.Groups["outcome"].Value, "支持申诉", "驳回申诉"), note.Length == 0 ? null : note);
        }

        if (entry.Step == PointsObjectionWindow.Stage && ObjectionLine().Match(entry.What) is { Success: true } objection)
        {
            return ("积分异议", objection.Groups["reason"].Value, Outcome(objection.Groups["outcome"].Value, "异议成立，积分已更正", "异议不成立，积分不变"), null);
        }

        return null;
    }

    /// <summary>A reason recorded for an unplaced case (the cross-school rule's English line), in Chinese; null for a line the rule does not write.</summary>
    public static string? UnplacedReason(string reason, IReadOnlyDictionary<string, School> schools) =>
        PlacementWords.UnplacedReason(reason, id => Post(id, schools));

    /// <summary>The bureau's decision on an unplaced case as stored (<c>assigned to …</c>, <c>other arrangement: …</c>), in Chinese.</summary>
    public static string BureauDecision(string decision, IReadOnlyDictionary<string, School> schools) =>
        PlacementWords.BureauDecision(decision, id => SchoolName(id, schools));

    private static string RoundName(Round round) => StaffReallocationMails.RoundName(round, false);

    private static string Outcome(string traced, string upheld, string rejected) => traced switch
    {
        "upheld" => upheld,
        "rejected" => rejected,
        _ => "逾期未处理，视为" + rejected,
    };

    // The reason may hold anything, the note too: the outcome word after the last "): " that is followed by one ends the reason.
    [GeneratedRegex(@"^(?<round>[A-Za-z]+) appeal \((?<reason>.*)\): (?<outcome>upheld|rejected|not decided in time: rejected)(?<note>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AppealLine();

    [GeneratedRegex(@"^points objection \((?<reason>.*)\): (?<outcome>upheld|rejected|not decided in time: rejected)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ObjectionLine();
}
