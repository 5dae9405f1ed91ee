using System.Globalization;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The reallocation's rounds and stages by name, zh-CN and English: the one wording the office page, the workbench's
/// stage column (<see cref="Workbench.ProcessStage"/>), the report page and its Excel file, the mails and the tasks share.
/// </summary>
public static class ReallocationNames
{
    /// <summary>A round's name, in the seed's words (直接聘用 → 支教交流 → 校内竞聘 → 跨校竞聘 → 落聘).</summary>
    public static LocalizedText RoundName(Round round) => round switch
    {
        Round.DirectAppointment => new("直接聘用", "direct appointment"),
        Round.SupportTeaching => new("支教交流", "support-teaching exchange"),
        Round.InSchoolCompetition => new("校内竞聘", "in-school competition"),
        Round.CrossSchoolCompetition => new("跨校竞聘", "cross-school competition"),
        _ => new("落聘", "unplaced"),
    };

    /// <summary>A round with its number, e.g. "第一轮 直接聘用"; after the rounds, the bureau's unplaced stage.</summary>
    public static LocalizedText RoundTitle(Round round)
    {
        var name = RoundName(round);
        return round switch
        {
            Round.DirectAppointment => new("第一轮 " + name.Zh, "Round 1: " + name.En),
            Round.SupportTeaching => new("第二轮 " + name.Zh, "Round 2: " + name.En),
            Round.InSchoolCompetition => new("第三轮 " + name.Zh, "Round 3: " + name.En),
            Round.CrossSchoolCompetition => new("第四轮 " + name.Zh, "Round 4: " + name.En),
            _ => new("落聘处理（教育局）", "Unplaced cases (the bureau)"),
        };
    }

    /// <summary>An appeal against a round's result, e.g. "直接聘用申诉".</summary>
    public static LocalizedText Appeal(Round round) => new(RoundName(round).Zh + "申诉", "appeal " + RoundName(round).En);

    /// <summary>A person the directory no longer has, as a task's subject names them instead of by their id.</summary>
    public static LocalizedText MissingPerson { get; } = new("教师（档案缺失）", "teacher (not in the directory)");

    /// <summary>
    /// A person as the subjects of the reallocation's tasks name them (task pages, mails, the office's task page and the
    /// timers that quote the subject): by the name the directory has, or <see cref="MissingPerson"/>; never by their id.
    /// </summary>
    /// <param name="directoryName">Their name in the directory; null when the directory has no such person.</param>
    public static string PersonName(string? directoryName) => directoryName is { Length: > 0 } name ? name : MissingPerson.Zh;

    /// <summary>A person as a task's facts name them for whoever acts on it: "王芳（stf-901）", or the id alone when the directory has no such person.</summary>
    /// <param name="staffId">Their directory id.</param>
    /// <param name="directoryName">Their name in the directory; null when it has no such person.</param>
    public static string PersonFact(string staffId, string? directoryName) => directoryName is { Length: > 0 } name ? $"{name}（{staffId}）" : staffId;

    /// <summary>An objection to one's points breakdown.</summary>
    public static LocalizedText PointsObjection { get; } = new("积分异议", "points objection");

    /// <summary>What the timer closing a round's appeal window is for, as the reallocation publishes it: "直接聘用申诉期截止：2027年县管校聘".</summary>
    /// <param name="title">The reallocation's title (<see cref="TitleOf"/>).</param>
    /// <param name="round">The round whose results are appealed.</param>
    public static LocalizedText AppealWindowCloses(LocalizedText title, Round round)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new($"{RoundName(round).Zh}申诉期截止：{title.Zh}", $"Appeal window closes ({RoundName(round).En}): {title.En}");
    }

    /// <summary>What the timer closing the points objection window is for: "积分异议期截止：2027年县管校聘".</summary>
    /// <param name="title">The reallocation's title (<see cref="TitleOf"/>).</param>
    public static LocalizedText ObjectionWindowCloses(LocalizedText title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new($"积分异议期截止：{title.Zh}", $"Points objection window closes: {title.En}");
    }

    /// <summary>What the timer ending the late objections' grace is for (<see cref="PointsObjectionWindow.LateGrace"/> after the close).</summary>
    /// <param name="title">The reallocation's title (<see cref="TitleOf"/>).</param>
    public static LocalizedText LateObjectionsClose(LocalizedText title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new(
            $"积分异议补收截止（异议期结束后{PointsObjectionWindow.LateGrace.TotalMinutes:0}分钟）：{title.Zh}",
            $"Late points objections taken until {PointsObjectionWindow.LateGrace.TotalMinutes:0} minutes after the close: {title.En}");
    }

    /// <summary>
    /// The title a running reallocation names itself by in its timers and tasks: the one the API gave it as it started
    /// (<see cref="ReallocationStart.Title"/>, <see cref="Title"/> then), or for an instance started before, its points
    /// year's first ("2027年县管校聘"), as its input tells nothing of the year's others.
    /// </summary>
    /// <param name="start">The orchestration's input.</param>
    public static LocalizedText TitleOf(ReallocationStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.Title ?? Numbered(start.AsOf.Year, 1);
    }

    /// <summary>
    /// A stage as the reallocation record and its custom status name it (<c>objection</c>, <c>posts</c>, a round's name,
    /// <c>appeal:{round}</c>, <c>appeal-review:{round}</c>, <c>unplaced</c>, <c>finished</c>); null for any other word.
    /// </summary>
    public static LocalizedText? Stage(string? stage)
    {
        if (stage is null)
        {
            return null;
        }

        if (AppealPage.OpenRound(stage) is { } appealed)
        {
            var title = RoundTitle(appealed);
            return new(title.Zh + " · 结果公布，申诉期", title.En + " · results out, appeal window");
        }

        if (AppealPage.ReviewedRound(stage) is { } reviewed)
        {
            var title = RoundTitle(reviewed);
            return new(title.Zh + " · 申诉期已结束，教育局处理申诉", title.En + " · appeal window closed, the bureau decides the appeals");
        }

        return stage switch
        {
            PointsObjectionWindow.Stage => new("积分公示与异议", "points published, objections"),
            PointsObjectionWindow.DecidingStage => new("积分异议期结束，教育局核实异议", "objection window closed, the bureau decides"),
            StaffReallocationActivities.Steps.Posts => new("岗位发布与核定", "posts published and approved"),
            StaffReallocationActivities.Steps.Unplaced => RoundTitle(Round.Unplaced),
            "finished" => new("已完成", "finished"),
            _ when RoundOf(stage) is Round.Unplaced => RoundTitle(Round.Unplaced),
            _ when RoundOf(stage) is { } round => new(RoundTitle(round).Zh + " · 进行中", RoundTitle(round).En + " · running"),
            _ => null,
        };
    }

    /// <summary>The round a stage word names (the enum's name, as stored), or null; digits are no round.</summary>
    public static Round? RoundOf(string word) =>
        Enum.GetNames<Round>().Contains(word, StringComparer.Ordinal) ? Enum.Parse<Round>(word) : null;

    /// <summary>
    /// A reallocation as its people and the office name it, by the year its points are counted in ("2027年县管校聘"),
    /// not by its instance id; a later one of the same year says which it is ("2027年县管校聘（第二次）").
    /// </summary>
    /// <param name="reallocation">The one to name.</param>
    /// <param name="all">
    /// Every reallocation (those of other years are ignored): the order in which the year's were started numbers it
    /// (<see cref="ReallocationRecord.StartedAt"/>); those started before that was kept come first, by points date then id.
    /// </param>
    /// <remarks>
    /// The first of a year keeps the plain title, so a second one started later renames nobody's earlier result, whatever
    /// points date it was started with.
    /// </remarks>
    public static LocalizedText Title(ReallocationRecord reallocation, IEnumerable<ReallocationRecord> all)
    {
        ArgumentNullException.ThrowIfNull(reallocation);
        ArgumentNullException.ThrowIfNull(all);
        int year = reallocation.AsOf.Year;
        return Numbered(year, 1 + all.Count(r => r.AsOf.Year == year && r.Id != reallocation.Id && StartedBefore(r, reallocation)));
    }

    private static LocalizedText Numbered(int year, int number)
    {
        string zh = string.Create(CultureInfo.InvariantCulture, $"{year}年县管校聘");
        string en = string.Create(CultureInfo.InvariantCulture, $"{year} staff reallocation");
        return number == 1 ? new(zh, en) : new($"{zh}（第{ChineseOrdinal(number)}次）", string.Create(CultureInfo.InvariantCulture, $"{en} (no. {number})"));
    }

    // By start time; one without (started before it was kept) before any with it, and among those by points date then id.
    private static bool StartedBefore(ReallocationRecord a, ReallocationRecord b) => (a.StartedAt, b.StartedAt) switch
    {
        (null, not null) => true,
        (not null, null) => false,
        ({ } x, { } y) when x != y => x < y,
        _ => a.AsOf != b.AsOf ? a.AsOf < b.AsOf : string.CompareOrdinal(a.Id, b.Id) < 0,
    };

    // 二, 三 … 十, 十一 …: a year holds a few reallocations at most.
    private static string ChineseOrdinal(int n)
    {
        const string Digits = "零一二三四五六七八九";
        return n switch
        {
            < 10 => Digits[n].ToString(),
            10 => "十",
            < 20 => "十" + Digits[n - 10],
            < 100 => Digits[n / 10] + "十" + (n % 10 == 0 ? string.Empty : Digits[n % 10].ToString()),
            _ => n.ToString(CultureInfo.InvariantCulture),
        };
    }
}
