using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>One reallocation as the office's page shows it: stage, figures, rounds, schools, appeals and objections, unplaced cases, open tasks.</summary>
/// <param name="Id">The reallocation's id.</param>
/// <param name="Stage">Its stage in words.</param>
/// <param name="State">Its instance's runtime state in words.</param>
/// <param name="Owner">The bureau's owner, by name.</param>
/// <param name="AsOf">The date points and ages are counted on.</param>
/// <param name="County">The county's figures so far.</param>
/// <param name="Placed">People with a decided post so far.</param>
/// <param name="PostDecisions">The bureau's decisions on the county's posts, dated, in words.</param>
/// <param name="Rounds">The four rounds and the bureau's unplaced stage.</param>
/// <param name="Schools">Each school's results, by id.</param>
/// <param name="Appeals">Appeals and points objections: pending first, then decided in time order.</param>
/// <param name="Unplaced">The people left without a post after the rounds.</param>
/// <param name="OpenTasks">The open tasks it waits on (of its windows too), by due time.</param>
public sealed record ReallocationOfficeView(
    string Id,
    string Stage,
    string State,
    string Owner,
    string AsOf,
    ReportRow County,
    int Placed,
    IReadOnlyList<string> PostDecisions,
    IReadOnlyList<ReallocationRoundRow> Rounds,
    IReadOnlyList<ReallocationSchoolRow> Schools,
    IReadOnlyList<ReallocationAppealRow> Appeals,
    IReadOnlyList<ReallocationUnplacedRow> Unplaced,
    IReadOnlyList<OpenTaskRow> OpenTasks)
{
    /// <summary>
    /// The page's view of a reallocation from its stored records, its appeals and objections' records
    /// (<see cref="StaffReallocationStore.AppealsOfAsync"/>), the bureau's open review tasks by the task id a pending
    /// one's record names, and its open tasks.
    /// </summary>
    public static ReallocationOfficeView Of(
        ReallocationRecord record,
        CountyState state,
        IReadOnlyList<PersonRecord> people,
        IReadOnlyList<SchoolRankingRecord> rankings,
        IReadOnlyDictionary<string, School> schools,
        IReadOnlyDictionary<string, string> names,
        string runtimeState,
        IReadOnlyList<AppealRecord> appeals,
        IReadOnlyDictionary<string, OpenTaskRow> reviews,
        IReadOnlyList<OpenTaskRow> open,
        OfficeLinks links,
        BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(appeals);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(clock);
        string Name(string staffId) => names.GetValueOrDefault(staffId, staffId);
        var report = ReallocationReport.Of(state);
        decimal progress = ReallocationOfficeWords.Progress(record.Stage);
        return new ReallocationOfficeView(
            record.Id,
            ReallocationOfficeWords.Stage(record.Stage, links),
            runtimeState,
            Name(record.OwnerId),
            record.AsOf == default ? "—" : record.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            report.County,
            state.Placements.Count,
            [.. record.Trace.Select(t => $"{clock.Format(t.At)} {Name(t.By)}：{ReallocationOfficeWords.PostsDecision(t)}")],
            [
                .. report.ByRound.Select(r => Enum.Parse<Round>(r.Key)).Zip(report.ByRound).Select(x => RoundRow(x.First, x.Second, progress, links)),
                RoundRow(Round.Unplaced, report.Bureau!, progress, links),
            ],
            SchoolRows(state, report, rankings, schools, names, links),
            AppealRows(appeals, reviews, names, clock, links),
            [.. people.Where(p => p.Unplaced is not null).OrderBy(p => p.Participant.SchoolId, StringComparer.Ordinal).ThenBy(p => p.Participant.PointsRank).Select(p => new ReallocationUnplacedRow(
                p.Participant.StaffId,
                Name(p.Participant.StaffId),
                ReallocationOfficeWords.SchoolName(p.Participant.SchoolId, schools),
                [.. ReallocationOfficeWords.UnplacedReasons(p.Unplaced!, schools).Select((r, i) => r ?? links.Say("其他原因（见该人员的记录）", p.Unplaced!.Reasons.ElementAtOrDefault(i) ?? string.Empty))],
                p.BureauDecision is { } decided ? ReallocationOfficeWords.BureauDecision(decided, schools) : links.Say("待教育局处理", "the bureau is to decide")))],
            open);
    }

    /// <summary>A school's ranking for a round in words: who ranked whom, or that its applicants went by points.</summary>
    public static string RankingText(SchoolRankingRecord ranking, IReadOnlyDictionary<string, string> names, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(links);
        if (ranking.ByPoints)
        {
            return links.Say($"逾期未排序，{ranking.Applicants}人按积分排序", $"not ranked in time: the {ranking.Applicants} applicants go by points");
        }

        string order = string.Join(links.Say("、", ", "), ranking.Ranking.Select(id => names.GetValueOrDefault(id, id)));
        string rest = ranking.Ranking.Count < ranking.Applicants
            ? links.Say($"（共{ranking.Applicants}人，未排序的按积分列后）", $" ({ranking.Applicants} applicants; those left out come after, by points)")
            : string.Empty;
        return links.Say($"{names.GetValueOrDefault(ranking.RankedBy, ranking.RankedBy)}排序：{order}{rest}", $"ranked by {names.GetValueOrDefault(ranking.RankedBy, ranking.RankedBy)}: {order}{rest}");
    }

    private static ReallocationRoundRow RoundRow(Round round, ReportRow row, decimal progress, OfficeLinks links)
    {
        // Progress: a round's number while it runs, .5 in its appeal window (its results out), .75 while the bureau decides
        // the appeals of its closed window; the unplaced stage is 5.
        decimal opens = round == Round.Unplaced ? 5 : (int)round;
        decimal resultsOut = round == Round.Unplaced ? 5 : opens + 0.5m;
        string status = progress < opens ? links.Say("未开始", "not started")
            : progress < resultsOut || (round == Round.Unplaced && progress == 5) ? links.Say("进行中", "running")
            : progress == resultsOut ? links.Say("结果已公布，申诉期", "results out, appeal window")
            : progress == resultsOut + 0.25m ? links.Say("申诉期已结束，教育局处理申诉", "appeal window closed, the bureau decides the appeals")
            : links.Say("已完成", "done");
        bool shown = progress >= resultsOut;
        return new ReallocationRoundRow(
            ReallocationOfficeWords.RoundTitle(round, links),
            status,
            shown ? row.Participants : null,
            shown ? row.Participants - row.Unplaced : null,
            shown ? row.Unplaced : null,
            shown ? row.Moved : null,
            shown ? row.CrossSection : null);
    }

    private static List<ReallocationSchoolRow> SchoolRows(CountyState state, ReallocationReport report, IReadOnlyList<SchoolRankingRecord> rankings, IReadOnlyDictionary<string, School> schools, IReadOnlyDictionary<string, string> names, OfficeLinks links)
    {
        var filled = state.Placements.GroupBy(p => p.PostId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var own = report.BySchool.ToDictionary(r => r.Key, StringComparer.Ordinal);
        return [.. state.Posts.Select(p => p.SchoolId).Concat(state.Participants.Select(p => p.SchoolId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(schoolId =>
        {
            var posts = state.Posts.Where(p => p.SchoolId == schoolId).ToList();
            string? Ranking(Round round) => rankings.FirstOrDefault(r => r.SchoolId == schoolId && r.Round == round) is { } ranked ? RankingText(ranked, names, links) : null;
            var mine = own.GetValueOrDefault(schoolId);
            return new ReallocationSchoolRow(
                schoolId,
                ReallocationOfficeWords.SchoolName(schoolId, schools),
                posts.Where(p => p.Open).Sum(p => p.Count),
                posts.Sum(p => filled.GetValueOrDefault(p.Id)),
                [.. posts.Select(p => links.Say(
                    $"{DirectoryVocabulary.SectionName(p.Section)}{DirectoryVocabulary.SubjectName(p.Subject)} {filled.GetValueOrDefault(p.Id)}/{p.Count}{(p.Open ? string.Empty : "（已关闭）")}",
                    $"{DirectoryVocabulary.SectionName(p.Section)}{DirectoryVocabulary.SubjectName(p.Subject)} {filled.GetValueOrDefault(p.Id)}/{p.Count}{(p.Open ? string.Empty : " (closed)")}"))],
                mine?.Participants ?? 0,
                mine?.Moved ?? 0,
                mine?.Unplaced ?? 0,
                Ranking(Round.InSchoolCompetition),
                Ranking(Round.CrossSchoolCompetition));
        })];
    }

    // Pending ones first (as taken in), then the decided in time order: each row as its record has it.
    private static List<ReallocationAppealRow> AppealRows(IReadOnlyList<AppealRecord> appeals, IReadOnlyDictionary<string, OpenTaskRow> reviews, IReadOnlyDictionary<string, string> names, BureauClock clock, OfficeLinks links)
    {
        string Name(string staffId) => names.GetValueOrDefault(staffId, staffId);
        ReallocationAppealRow Row(AppealRecord a)
        {
            var kind = a.Round is { } round ? ReallocationNames.Appeal(round) : ReallocationNames.PointsObjection;
            if (a.Outcome is null)
            {
                string status = a.ReviewTaskId is { } taskId && reviews.TryGetValue(taskId, out var task)
                    ? links.Say($"待处理：已交{task.AssigneeName}，截止 {task.Due}", $"pending: with {task.AssigneeName}, due {task.Due}")
                    : a.Round is null ? links.Say("待处理：异议期结束后交教育局", "pending: goes to the bureau when the window closes")
                    : links.Say("待处理：申诉期结束后交教育局", "pending: goes to the bureau when the window closes");
                return new ReallocationAppealRow(a.StaffId, Name(a.StaffId), links.Say(kind.Zh, kind.En), a.Reason, status, null, null, null, null);
            }

            return new ReallocationAppealRow(
                a.StaffId,
                Name(a.StaffId),
                links.Say(kind.Zh, kind.En),
                a.Reason,
                links.Say("已处理", "decided"),
                ReallocationOfficeWords.Outcome(a, links),
                a.DecidedBy is { } by ? Name(by) : links.Say("（无人处理）", "(nobody)"),
                a.DecidedAt is { } at ? clock.Format(at) : null,
                a.Note);
        }

        return
        [
            .. appeals.Where(a => a.Outcome is null).OrderBy(a => a.LodgedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(Row),
            .. appeals.Where(a => a.Outcome is not null).OrderBy(a => a.DecidedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(Row),
        ];
    }
}
