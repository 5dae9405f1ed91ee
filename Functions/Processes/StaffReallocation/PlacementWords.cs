using System.Text.RegularExpressions;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The rounds' explanations in Chinese. The pure rules write a placement's detail and an unplaced person's reasons as
/// stable English lines (the trace, audits and tests compare them); staff and the office read them through these
/// words, so a result mail or page shows no English rule text. A line of a form the rules do not write gives null, and
/// the caller says so in Chinese rather than showing the line.
/// </summary>
public static partial class PlacementWords
{
    /// <summary>A placement's detail (<see cref="Placement.Detail"/>) in Chinese; null for a line no rule writes.</summary>
    /// <param name="detail">The rule's line.</param>
    /// <param name="schoolName">A school's name from its id (the id itself when unknown).</param>
    public static string? Detail(string detail, Func<string, string> schoolName)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(schoolName);
        if (DirectLeadership().Match(detail) is { Success: true } leader)
        {
            return $"直接聘用条件（{leader.Groups["version"].Value} 版）：现任{PostName(leader.Groups["post"].Value)}，经校长确认";
        }

        if (NearRetirement().Match(detail) is { Success: true } near)
        {
            return $"直接聘用条件（{near.Groups["version"].Value} 版）：{near.Groups["age"].Value} 岁，距 {near.Groups["retire"].Value} 岁退休不足 {near.Groups["years"].Value} 年，经校长确认";
        }

        if (Support().Match(detail) is { Success: true } support)
        {
            string how = support.Groups["how"].Value == "volunteer" ? "自愿报名支教" : "按轮岗安排支教";
            return $"{how}，积分名次第 {support.Groups["rank"].Value} 名；第 {support.Groups["seat"].Value} 个空缺（共 {support.Groups["of"].Value} 个）";
        }

        if (InSchool().Match(detail) is { Success: true } inSchool)
        {
            string by = inSchool.Groups["by"].Value == "school ranking" ? "按学校排序" : "按积分排序";
            return $"{inSchool.Groups["of"].Value} 人竞聘 {inSchool.Groups["seats"].Value} 个岗位，{by}排第 {inSchool.Groups["place"].Value} 名";
        }

        if (Swap().Match(detail) is { Success: true } swap)
        {
            // The partner is not named: one teacher's result is not another's to read.
            return $"{Choice(swap)}，与另一位申请人互换岗位，双方都得到更靠前的志愿";
        }

        if (OptionKept().Match(detail) is { Success: true } kept)
        {
            return $"保留校内岗位：所填志愿中没有比它更靠前且仍有空缺的岗位（{Choice(kept)}）";
        }

        if (BySchoolRanking().Match(detail) is { Success: true } ranked)
        {
            return $"{Choice(ranked)}，按志愿顺序录取（延迟接受），依{schoolName(ranked.Groups["school"].Value)}的排序";
        }

        return Deferred().Match(detail) is { Success: true } deferred
            ? $"{Choice(deferred)}，按志愿顺序录取（延迟接受），依积分排序"
            : null;
    }

    /// <summary>A reason an unplaced person's case records, in Chinese, from its kind and figures.</summary>
    /// <param name="reason">The reason as the rule found it.</param>
    /// <param name="post">A post's name from its id (school, section and subject).</param>
    public static string UnplacedReason(UnplacedReason reason, Func<string, string> post)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(post);
        return reason.Kind switch
        {
            UnplacedReasonKind.OwnPostClosed => $"校内竞聘：本人岗位（{post(reason.PostId ?? string.Empty)}）未发布或已关闭",
            UnplacedReasonKind.OwnPostFull => Invariant($"校内竞聘：本人岗位（{post(reason.PostId ?? string.Empty)}）{reason.Count}个岗位已由排名靠前的同事聘任或在前几轮聘满"),
            UnplacedReasonKind.NoRankedList => "跨校竞聘：未提交志愿",
            UnplacedReasonKind.NoneOpen => Invariant($"跨校竞聘：所填{reason.Count}个志愿均不招{DirectoryVocabulary.SubjectName(reason.Subject ?? string.Empty)}教师"),
            _ => Invariant($"跨校竞聘：所填志愿中可报的{reason.Count}个岗位均由排名靠前者聘任"),
        };
    }

    /// <summary>A line an unplaced person's case records (the rule's English, on a case recorded before its reasons were kept whole), in Chinese; null for a line no rule writes.</summary>
    /// <param name="reason">The rule's line.</param>
    /// <param name="post">A post's name from its id (school, section and subject).</param>
    public static string? UnplacedReason(string reason, Func<string, string> post) =>
        global::EduFlows.Processes.StaffReallocation.UnplacedReason.Parse(reason) is { } parsed ? UnplacedReason(parsed, post) : null;

    /// <summary>
    /// Each reason of an unplaced case in Chinese, one per round that could have placed them: from the reasons as the rule
    /// found them (<see cref="UnplacedCase.Why"/>), or, on a case recorded before, from its lines; null for a line no rule writes.
    /// </summary>
    /// <param name="unplaced">The case.</param>
    /// <param name="post">A post's name from its id (school, section and subject).</param>
    public static IReadOnlyList<string?> UnplacedReasons(UnplacedCase unplaced, Func<string, string> post)
    {
        ArgumentNullException.ThrowIfNull(unplaced);
        return unplaced.Why is { Count: > 0 } why
            ? [.. why.Select(r => UnplacedReason(r, post))]
            : [.. unplaced.Reasons.Select(r => UnplacedReason(r, post))];
    }

    /// <summary>The bureau's decision on an unplaced case as stored (<c>assigned to …</c>, <c>other arrangement: …</c>), in Chinese.</summary>
    /// <param name="decision">The stored decision: the bureau's own note after the rule's words.</param>
    /// <param name="schoolName">A school's name from its id (the id itself when unknown).</param>
    public static string BureauDecision(string decision, Func<string, string> schoolName)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(schoolName);
        if (decision == "the bureau did not decide in time: the case stays open")
        {
            return "教育局逾期未处理，仍待处理";
        }

        string notPlaced = string.Empty;
        if (NotPlaced().Match(decision) is { Success: true } refused)
        {
            notPlaced = $"（未能调剂：岗位{(refused.Groups["why"].Value == "unknown" ? "不存在" : "已关闭或已满")}）";
            decision = decision[..refused.Index];
        }

        if (AssignedTo().Match(decision) is { Success: true } assigned)
        {
            string post = assigned.Groups["post"].Value == "(no post given)" ? "（未填岗位）" : PostName(assigned.Groups["post"].Value, schoolName);
            return $"调剂到{post}：{assigned.Groups["note"].Value}{notPlaced}";
        }

        return decision.StartsWith("other arrangement: ", StringComparison.Ordinal) ? "其他安排：" + decision["other arrangement: ".Length..] + notPlaced : decision + notPlaced;
    }

    /// <summary>
    /// The bureau's decision on the county's posts in Chinese: from its code (<see cref="TraceEntry.Approval"/>) and the
    /// bureau's reason, or, on an entry written before the code was kept, from its line.
    /// </summary>
    public static string PostsDecision(TraceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Approval switch
        {
            PostsApproval.Approved => "核定通过",
            PostsApproval.SentBack => entry.Note is { Length: > 0 } reason ? "退回重报：" + reason : NoReasonSentBack,
            PostsApproval.NotDecidedInTime => "逾期未核定，各校上报的岗位有效",
            _ => PostsDecision(entry.What),
        };
    }

    /// <summary>The bureau's decision on the county's posts as an older trace line wrote it (<c>approved</c>, <c>sent back: …</c>, not decided in time), in Chinese.</summary>
    public static string PostsDecision(string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        return what switch
        {
            "approved" => "核定通过",
            "not decided in time: the posts stand" => "逾期未核定，各校上报的岗位有效",
            // The orchestration's words when the bureau gave no reason.
            "sent back: （未写理由 no reason given）" => NoReasonSentBack,
            _ when what.StartsWith("sent back: ", StringComparison.Ordinal) => "退回重报：" + what["sent back: ".Length..],
            _ => what,
        };
    }

    /// <summary>A post id (<c>school:section:subject</c>) as staff read it, with the school's name from <paramref name="schoolName"/>.</summary>
    public static string PostName(string postId, Func<string, string> schoolName)
    {
        ArgumentNullException.ThrowIfNull(postId);
        ArgumentNullException.ThrowIfNull(schoolName);
        return postId.Split(':') is [var school, var section, var subject]
            ? $"{schoolName(school)} {DirectoryVocabulary.SectionName(section)}{DirectoryVocabulary.SubjectName(subject)}"
            : postId;
    }

    private const string NoReasonSentBack = "退回重报（未写理由）";

    private static string PostName(string post) => DirectoryVocabulary.PostNames.GetValueOrDefault(post, post);

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Choice(Match match) => $"第 {match.Groups["choice"].Value} 志愿（共填 {match.Groups["listed"].Value} 个）";

    [GeneratedRegex(@"^criteria (?<version>\S+): post (?<post>\S+); confirmed by the principal$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectLeadership();

    [GeneratedRegex(@"^criteria (?<version>\S+): age (?<age>\d+), within (?<years>\d+) years of (?<retire>\d+); confirmed by the principal$", RegexOptions.CultureInvariant)]
    private static partial Regex NearRetirement();

    [GeneratedRegex(@"^(?<how>volunteer|rota), points rank (?<rank>\d+); vacancy (?<seat>\d+) of (?<of>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Support();

    [GeneratedRegex(@"^(?<place>\d+) of (?<of>\d+) for (?<seats>\d+) seats, (?<by>school ranking|by points)$", RegexOptions.CultureInvariant)]
    private static partial Regex InSchool();

    [GeneratedRegex(@"^choice (?<choice>\d+) of (?<listed>\d+), exchanged with (?<partner>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Swap();

    [GeneratedRegex(@"^held in-school option kept; no listed post better than it was open \(choice (?<choice>\d+) of (?<listed>\d+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionKept();

    [GeneratedRegex(@"^choice (?<choice>\d+) of (?<listed>\d+), deferred acceptance, (?<school>\S+)'s ranking$", RegexOptions.CultureInvariant)]
    private static partial Regex BySchoolRanking();

    [GeneratedRegex(@"^choice (?<choice>\d+) of (?<listed>\d+), deferred acceptance$", RegexOptions.CultureInvariant)]
    private static partial Regex Deferred();

    [GeneratedRegex(@" — not placed: post '[^']*' is (?<why>unknown|closed or full)$", RegexOptions.CultureInvariant)]
    private static partial Regex NotPlaced();

    [GeneratedRegex(@"^assigned to (?<post>\(no post given\)|\S+): (?<note>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AssignedTo();
}
