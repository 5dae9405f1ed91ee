using EduFlows.Scoring;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// One selection's file and its rules from application to appointment (pure, no I/O): every step checks the timetable
/// on the bureau's day and who may act, and answers a <see cref="SelectionRefusal"/> (late 410, duplicate 409, not
/// allowed 403, bad input 422) without changing anything, or applies the step.
/// </summary>
/// <param name="id">The selection's id.</param>
/// <param name="announcement">The published announcement.</param>
/// <param name="zone">The bureau's time zone, whose days the timetable counts.</param>
public sealed class SelectionCase(string id, SelectionAnnouncement announcement, TimeZoneInfo zone)
{
    private readonly Dictionary<string, Application> _applications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EligibilityDecision> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal?> _written = new(StringComparer.Ordinal);
    private readonly List<JudgeScore> _interview = [];
    private readonly Dictionary<string, (bool Passed, string Note)> _inspections = new(StringComparer.Ordinal);
    private readonly List<Objection> _objections = [];
    private readonly Dictionary<string, string> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _onNotice = new(StringComparer.Ordinal);
    private readonly List<SelectionEvent> _trail = [];

    /// <summary>The bureau's organisation section (组织科), which runs selections: the trail's actor of its steps that name no person.</summary>
    public const string Organisation = "组织科";

    /// <summary>The selection's id.</summary>
    public string Id => id;

    /// <summary>Every step taken, in order, for the audit log.</summary>
    public IReadOnlyList<SelectionEvent> Trail => _trail;

    /// <summary>The announcement.</summary>
    public SelectionAnnouncement Announcement => announcement;

    /// <summary>The applications by applicant.</summary>
    public IReadOnlyDictionary<string, Application> Applications => _applications;

    /// <summary>The eligibility decisions by applicant (an applicant's correction takes theirs away until decided again).</summary>
    public IReadOnlyDictionary<string, EligibilityDecision> Decisions => _decisions;

    /// <summary>The written-test scores of the eligible, once imported (null: absent).</summary>
    public IReadOnlyDictionary<string, decimal?> WrittenScores => _written;

    /// <summary>The drawn panel, once drawn.</summary>
    public PanelDrawResult? Panel { get; private set; }

    /// <summary>Every interview score submitted.</summary>
    public IReadOnlyList<JudgeScore> InterviewScores => _interview;

    /// <summary>The objections, in the order received.</summary>
    public IReadOnlyList<Objection> Objections => _objections;

    /// <summary>The last day of the public notice, once it has started (counted in working days by the caller's calendar).</summary>
    public DateOnly? NoticeEnds { get; private set; }

    /// <summary>Each candidate put on a notice (the selection's, or their own after moving up), with its last day.</summary>
    public IReadOnlyDictionary<string, DateOnly> OnNotice => _onNotice;

    /// <summary>The candidates appointed, once appointed.</summary>
    public IReadOnlyList<RankedCandidate>? Appointed { get; private set; }

    /// <summary>The applicants found eligible.</summary>
    public IEnumerable<string> Eligible => _decisions.Values.Where(d => d.Eligible).Select(d => d.StaffId).Order(StringComparer.Ordinal);

    /// <summary>The interviewees: eligible and present at the written test.</summary>
    public IReadOnlyList<string> Interviewees => [.. _written.Where(w => w.Value is not null).Select(w => w.Key).Order(StringComparer.Ordinal)];

    /// <summary>Applies or edits an application (until the end of the deadline day).</summary>
    public SelectionRefusal? Apply(StaffMember applicant, string? postId, string? statement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var today = Day(now);
        if (today < announcement.Timetable.ApplicationsOpen)
        {
            return new(409, "postId", $"报名自 {announcement.Timetable.ApplicationsOpen:yyyy-MM-dd} 开始", "Applications have not opened yet.");
        }

        if (today > announcement.Timetable.ApplicationsClose)
        {
            return new(410, "postId", $"报名已于 {announcement.Timetable.ApplicationsClose:yyyy-MM-dd} 截止", "Applications have closed.");
        }

        if (DirectoryVocabulary.ExternalPosts.Contains(applicant.Post))
        {
            return new(403, "staffId", "评委库人员不能报名", "Panel members may not apply.");
        }

        if (BadInput(postId, statement) is { } bad)
        {
            return bad;
        }

        _applications[applicant.Id] = _applications.TryGetValue(applicant.Id, out var earlier)
            ? earlier with { PostId = postId!, Statement = statement!.Trim(), UpdatedAt = now }
            : new Application(applicant.Id, postId!, statement!.Trim(), now, now);
        Log("application", applicant.Id, applicant.Id, $"岗位 {postId}", now);
        return null;
    }

    /// <summary>The applicant's one correction after an eligibility refusal, while the review window is open; the office decides again.</summary>
    public SelectionRefusal? Correct(string staffId, string? postId, string? statement, DateTimeOffset now)
    {
        if (!_applications.TryGetValue(staffId, out var application))
        {
            return new(404, "staffId", "您没有报名本次选拔", "You have not applied.");
        }

        if (Day(now) > announcement.Timetable.ReviewCloses)
        {
            return new(410, "statement", $"资格审查已于 {announcement.Timetable.ReviewCloses:yyyy-MM-dd} 结束，不能再补正", "The review window has closed.");
        }

        if (application.CorrectionUsed)
        {
            return new(409, "statement", "每人只能补正一次，您已补正过", "The one correction has been used.");
        }

        if (!_decisions.TryGetValue(staffId, out var decision) || decision.Eligible)
        {
            return new(409, "statement", "只有资格审查未通过的报名可以补正", "Only a refused application can be corrected.");
        }

        if (BadInput(postId, statement) is { } bad)
        {
            return bad;
        }

        _applications[staffId] = application with { PostId = postId!, Statement = statement!.Trim(), UpdatedAt = now, CorrectionUsed = true };
        _decisions.Remove(staffId);
        Log("correction", staffId, staffId, $"岗位 {postId}；补正后重新审查", now);
        return null;
    }

    /// <summary>The organisation office's decision on one applicant, with its reason; after the deadline and within the review window.</summary>
    public SelectionRefusal? Decide(string staffId, bool eligible, string? reason, string by, DateTimeOffset now)
    {
        var today = Day(now);
        if (!_applications.ContainsKey(staffId))
        {
            return new(404, "staffId", "没有这位报名人", "No such applicant.");
        }

        if (today <= announcement.Timetable.ApplicationsClose)
        {
            return new(409, "eligible", "报名截止后才能审查", "The review starts after the deadline.");
        }

        if (today > announcement.Timetable.ReviewCloses)
        {
            return new(410, "eligible", "资格审查已结束", "The review window has closed.");
        }

        if (_decisions.ContainsKey(staffId))
        {
            return new(409, "eligible", "已作出审查决定", "Already decided.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return new(422, "reason", "审查意见须写明理由（1 至 500 字）", "A reason of 1 to 500 characters is required.");
        }

        _decisions[staffId] = new EligibilityDecision(staffId, eligible, reason.Trim(), by, now);
        Log("eligibility", by, staffId, (eligible ? "通过：" : "不通过：") + reason.Trim(), now);
        return null;
    }

    /// <summary>Takes the written-test scores of every eligible applicant at once (see <see cref="WrittenScoreSheet"/>).</summary>
    public SelectionRefusal? TakeWrittenScores(IReadOnlyDictionary<string, decimal?> scores, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (Day(now) < announcement.Timetable.WrittenTestOn)
        {
            return new(409, "file", "笔试之后才能导入成绩", "Scores are taken after the written test.");
        }

        if (_written.Count > 0)
        {
            return new(409, "file", "笔试成绩已导入", "The written scores have been imported already.");
        }

        foreach (var (staffId, score) in scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            _written[staffId] = score;
            Log("written-score", "笔试成绩导入", staffId, score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "缺考", now);
        }

        return null;
    }

    /// <summary>The candidates as the panel draw sees them.</summary>
    public IReadOnlyList<DrawCandidate> DrawCandidates(IReadOnlyDictionary<string, StaffMember> directory) =>
        [.. Interviewees.Select(s => directory.TryGetValue(s, out var m) ? new DrawCandidate(s, m.SchoolId, m.DepartmentId, m.Relatives) : new DrawCandidate(s, null, null))];

    /// <summary>Draws the panel from the pool with the seed; refused when a group is too small.</summary>
    public SelectionRefusal? DrawPanel(IReadOnlyList<StaffMember> pool, IReadOnlyDictionary<string, StaffMember> directory, IReadOnlyList<DeclaredConflict> declared, ulong seed, DateTimeOffset now)
    {
        if (_written.Count == 0)
        {
            return new(409, "seed", "导入笔试成绩后才能抽取评委", "Draw after the written scores are in.");
        }

        if (Panel is { RefusalZh: null })
        {
            return new(409, "seed", "评委已抽取", "The panel has been drawn.");
        }

        var draw = PanelDraw.Draw(pool, DrawCandidates(directory), declared, announcement.JudgesPerGroup, seed);
        if (draw.RefusalZh is { } why)
        {
            return new(422, "pool", why, "The pool is too small for a balanced panel.");
        }

        Panel = draw;
        Log("panel-draw", Organisation, id, $"种子 {seed}；评委 {string.Join("、", draw.Judges.Select(j => j.JudgeId))}；回避 {string.Join("、", draw.Excluded.Select(e => e.JudgeId))}", now);
        return null;
    }

    /// <summary>A judge's interview score, on the interview day only; once per candidate.</summary>
    public SelectionRefusal? Score(string judgeId, string candidateId, decimal? score, DateTimeOffset now)
    {
        if (Panel is null || !Panel.Judges.Any(j => j.JudgeId == judgeId))
        {
            return new(403, "judgeId", "您不在本次面试评委名单中", "You are not on the panel.");
        }

        var today = Day(now);
        if (today != announcement.Timetable.InterviewOn)
        {
            return today < announcement.Timetable.InterviewOn
                ? new(409, "score", "面试尚未开始", "The interview has not started.")
                : new(410, "score", "面试评分已结束", "Interview scoring has closed.");
        }

        if (!Interviewees.Contains(candidateId, StringComparer.Ordinal))
        {
            return new(404, "candidateId", "没有这位面试人", "No such interviewee.");
        }

        if (_interview.Any(s => s.JudgeId == judgeId && s.CandidateId == candidateId))
        {
            return new(409, "score", "您已为这位面试人评分，不能更改", "You have scored this candidate already.");
        }

        if (score is not { } points || points < 0 || points > 100 || decimal.Round(points, 1) != points)
        {
            return new(422, "score", "评分须为 0 至 100 之间、最多一位小数", "The score must be 0 to 100 with at most one decimal.");
        }

        _interview.Add(new JudgeScore(judgeId, candidateId, points));
        Log("interview-score", judgeId, candidateId, points.ToString(System.Globalization.CultureInfo.InvariantCulture), now);
        return null;
    }

    /// <summary>The interview's combined scores and flags.</summary>
    public PanelOutcome Interview() => InterviewScoring.Combine(Interviewees, _interview);

    /// <summary>The ranking now: written and interview scores by the weights, removals applied.</summary>
    public IReadOnlyList<RankedCandidate> Ranking(IReadOnlyDictionary<string, decimal>? performance = null)
    {
        var interview = Interview();
        var scores = _written.Select(w => new CandidateScores(
            w.Key,
            _applications[w.Key].PostId,
            w.Value,
            w.Value is null ? null : interview.ScoreOf(w.Key),
            performance is not null && performance.TryGetValue(w.Key, out decimal p) ? p : null)).ToList();
        return SelectionRanking.Rank(announcement.Posts, announcement.Weights, scores, _removed);
    }

    /// <summary>The inspection's outcome (考察) for a proposed candidate, recorded as the organisation section's; a failed one is removed and the next moves up.</summary>
    public SelectionRefusal? Inspect(string staffId, bool passed, string? note, DateTimeOffset now) => Inspect(staffId, passed, note, Organisation, now);

    /// <summary>The inspection's outcome (考察) for a proposed candidate, recorded as <paramref name="by"/>'s; a failed one is removed and the next moves up.</summary>
    public SelectionRefusal? Inspect(string staffId, bool passed, string? note, string by, DateTimeOffset now)
    {
        if (!Ranking().Any(r => r.StaffId == staffId && r.Standing == Standing.Proposed))
        {
            return new(404, "staffId", "这位不是拟任人选", "Not a proposed candidate.");
        }

        if (_inspections.ContainsKey(staffId))
        {
            return new(409, "passed", "已记录考察结果", "Already inspected.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return new(422, "note", "须写明考察意见", "An inspection note is required.");
        }

        _inspections[staffId] = (passed, note.Trim());
        Log("inspection", by, staffId, (passed ? "合格：" : "不合格：") + note.Trim(), now);
        if (!passed)
        {
            _removed[staffId] = "考察不合格：" + note.Trim();
        }

        return null;
    }

    /// <summary>The proposed candidates not yet inspected (a removal brings the next in rank in, who is inspected in turn).</summary>
    public IReadOnlyList<string> AwaitingInspection() =>
        [.. Ranking().Where(r => r.Standing == Standing.Proposed && !_inspections.ContainsKey(r.StaffId)).Select(r => r.StaffId)];

    /// <summary>
    /// Starts the public notice on the bureau's day of <paramref name="now"/> (the next working day when that is not
    /// one) for the announcement's number of working days on the shared calendar, holidays and 调休 counted.
    /// </summary>
    /// <returns>The notice's last day.</returns>
    public DateOnly StartNotice(DateTimeOffset now, Calendar.WorkingDays calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = Day(now);
        var first = calendar.IsWorkingDay(today) ? today : calendar.AddWorkingDays(today, 1);
        NoticeEnds = calendar.AddWorkingDays(first, announcement.Timetable.NoticeWorkingDays - 1);
        foreach (var proposed in Ranking().Where(r => r.Standing == Standing.Proposed))
        {
            _onNotice[proposed.StaffId] = NoticeEnds.Value;
        }

        Log("notice", "教育局", id, $"公示 {first:yyyy-MM-dd} 至 {NoticeEnds:yyyy-MM-dd}，{announcement.Timetable.NoticeWorkingDays} 个工作日", now);
        return NoticeEnds.Value;
    }

    /// <summary>
    /// Puts the proposed candidates who have been on no notice yet (moved up after a failed inspection or an upheld
    /// objection) on their own notice (递补公示), as long as the selection's, from the bureau's day of
    /// <paramref name="now"/>; null when there is nobody to put on one.
    /// </summary>
    /// <returns>That notice's last day (or a moved-up notice's still running).</returns>
    public DateOnly? StartMovedUpNotice(DateTimeOffset now, Calendar.WorkingDays calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var newcomers = NotYetOnNotice();
        var today = Day(now);
        if (NoticeEnds is null || newcomers.Count == 0)
        {
            // Asked again (a retried step): a moved-up notice still running is answered, so the caller waits for it.
            var running = Ranking().Where(r => r.Standing == Standing.Proposed && _onNotice.TryGetValue(r.StaffId, out var e) && e > NoticeEnds && e >= today).Select(r => _onNotice[r.StaffId]).ToList();
            return running.Count == 0 ? null : running.Max();
        }

        var first = calendar.IsWorkingDay(today) ? today : calendar.AddWorkingDays(today, 1);
        var ends = calendar.AddWorkingDays(first, announcement.Timetable.NoticeWorkingDays - 1);
        foreach (string staffId in newcomers)
        {
            _onNotice[staffId] = ends;
            Log("notice", "教育局", staffId, $"递补人选公示 {first:yyyy-MM-dd} 至 {ends:yyyy-MM-dd}，{announcement.Timetable.NoticeWorkingDays} 个工作日", now);
        }

        return ends;
    }

    /// <summary>The proposed candidates on no notice yet, once the selection's notice has started (those who moved up since).</summary>
    public IReadOnlyList<string> NotYetOnNotice() =>
        NoticeEnds is null ? [] : [.. Ranking().Where(r => r.Standing == Standing.Proposed && !_onNotice.ContainsKey(r.StaffId)).Select(r => r.StaffId)];

    /// <summary>An objection to a proposed candidate during the notice, anonymous when <paramref name="senderName"/> is empty.</summary>
    public (Objection? Objection, SelectionRefusal? Refusal) RaiseObjection(string objectionId, string? againstStaffId, string? text, string? senderName, DateTimeOffset now)
    {
        if (NoticeEnds is not { } ends)
        {
            return (null, new(409, "againstStaffId", "公示尚未开始", "The public notice has not started."));
        }

        // A moved-up candidate's own notice may run past the selection's.
        var lastDay = _onNotice.Values.Append(ends).Max();
        if (Day(now) > lastDay)
        {
            return (null, new(410, "againstStaffId", $"公示期已于 {lastDay:yyyy-MM-dd} 结束", "The notice period has ended."));
        }

        if (string.IsNullOrWhiteSpace(againstStaffId) || !Ranking().Any(r => r.StaffId == againstStaffId && r.Standing == Standing.Proposed))
        {
            return (null, new(422, "againstStaffId", "请选择公示名单中的人选", "Choose a candidate on the notice."));
        }

        var own = _onNotice.TryGetValue(againstStaffId, out var theirs) ? theirs : ends;
        if (Day(now) > own)
        {
            return (null, new(410, "againstStaffId", $"对该人选的公示已于 {own:yyyy-MM-dd} 结束", "The notice of this candidate has ended."));
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
        {
            return (null, new(422, "text", "异议内容须为 1 至 2000 字", "The objection must be 1 to 2000 characters."));
        }

        if (_objections.Any(o => o.Id == objectionId))
        {
            return (null, new(409, "id", "这条异议已经收到", "This objection was received already."));
        }

        var objection = new Objection(objectionId, againstStaffId, text.Trim(), string.IsNullOrWhiteSpace(senderName) ? null : senderName.Trim(), now);
        _objections.Add(objection);
        Log("objection", objection.SenderName ?? "匿名", againstStaffId, $"{objectionId}：{objection.Text}", now);
        return (objection, null);
    }

    /// <summary>The office's answer to an objection; an upheld one removes the candidate and the next moves up.</summary>
    public SelectionRefusal? Answer(string objectionId, bool upheld, string? answer, string by, DateTimeOffset now)
    {
        int at = _objections.FindIndex(o => o.Id == objectionId);
        if (at < 0)
        {
            return new(404, "objectionId", "没有这条异议", "No such objection.");
        }

        if (_objections[at].Upheld is not null)
        {
            return new(409, "upheld", "这条异议已经答复", "Already answered.");
        }

        if (string.IsNullOrWhiteSpace(answer) || answer.Length > 2000)
        {
            return new(422, "answer", "须写明核查结果（1 至 2000 字）", "An answer of 1 to 2000 characters is required.");
        }

        _objections[at] = _objections[at] with { Upheld = upheld, Answer = answer.Trim(), AnsweredBy = by };
        Log("objection-answer", by, _objections[at].AgainstStaffId, $"{objectionId}：{(upheld ? "异议成立" : "异议不成立")}；{answer.Trim()}", now);
        if (upheld)
        {
            _removed[_objections[at].AgainstStaffId] = "公示异议查实：" + answer.Trim();
        }

        return null;
    }

    /// <summary>Appoints the proposed candidates after the notice, once every objection is answered and every proposed candidate inspected.</summary>
    public SelectionRefusal? Appoint(DateTimeOffset now)
    {
        if (NoticeEnds is not { } ends || Day(now) <= ends)
        {
            return new(409, "appoint", "公示期满后才能任命", "Appointment follows the end of the notice.");
        }

        if (_objections.Any(o => o.Upheld is null))
        {
            return new(409, "appoint", "还有异议未答复", "Some objections are unanswered.");
        }

        if (AwaitingInspection().Count > 0)
        {
            return new(409, "appoint", "递补人选尚未考察", "A moved-up candidate is not yet inspected.");
        }

        if (Ranking().Any(r => r.Standing == Standing.Proposed && _onNotice.TryGetValue(r.StaffId, out var own) && Day(now) <= own))
        {
            return new(409, "appoint", "递补人选公示期未满", "A moved-up candidate's notice has not ended.");
        }

        Appointed = [.. Ranking().Where(r => r.Standing == Standing.Proposed)];
        foreach (var a in Appointed)
        {
            Log("appointment", "教育局", a.StaffId, $"任 {a.PostId}，总成绩 {a.Total}", now);
        }

        return null;
    }

    /// <summary>The whole file, to store.</summary>
    public SelectionFile ToFile() => new(
        id,
        announcement,
        [.. _applications.Values],
        [.. _decisions.Values],
        [.. _written.Select(w => new WrittenScore(w.Key, w.Value))],
        Panel,
        [.. _interview],
        [.. _inspections.Select(i => new InspectionResult(i.Key, i.Value.Passed, i.Value.Note))],
        [.. _objections],
        [.. _removed.Select(r => new Removal(r.Key, r.Value))],
        NoticeEnds,
        Appointed,
        [.. _trail],
        [.. _onNotice.Select(n => new CandidateNotice(n.Key, n.Value))]);

    /// <summary>A stored file as the case it was, in the bureau's time zone.</summary>
    public static SelectionCase FromFile(SelectionFile file, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(file);
        var selection = new SelectionCase(file.Id, file.Announcement, zone)
        {
            Panel = file.Panel,
            NoticeEnds = file.NoticeEnds,
            Appointed = file.Appointed,
        };

        // Inserted in the stored order, so every listing reads as it did before storing.
        foreach (var a in file.Applications)
        {
            selection._applications[a.StaffId] = a;
        }

        foreach (var d in file.Decisions)
        {
            selection._decisions[d.StaffId] = d;
        }

        foreach (var w in file.WrittenScores)
        {
            selection._written[w.StaffId] = w.Score;
        }

        foreach (var i in file.Inspections)
        {
            selection._inspections[i.StaffId] = (i.Passed, i.Note);
        }

        foreach (var r in file.Removed)
        {
            selection._removed[r.StaffId] = r.Reason;
        }

        foreach (var n in file.Notices ?? [])
        {
            selection._onNotice[n.StaffId] = n.Ends;
        }

        selection._interview.AddRange(file.InterviewScores);
        selection._objections.AddRange(file.Objections);
        selection._trail.AddRange(file.Trail);
        if (file.Notices is null && file.NoticeEnds is { } ends)
        {
            selection.NoticedBeforeRecords(ends);
        }

        return selection;
    }

    // A file stored before each candidate's notice was recorded: the selection's notice was on the proposed candidates
    // inspected before it started; one who moved up after it was appointed without a notice of their own then, and is left so.
    private void NoticedBeforeRecords(DateOnly ends)
    {
        int started = _trail.FirstOrDefault(e => e.Kind == "notice" && e.Subject == id)?.Seq ?? int.MaxValue;
        var inspectedBefore = _trail.Where(e => e.Kind == "inspection" && e.Seq < started).Select(e => e.Subject).ToHashSet(StringComparer.Ordinal);
        foreach (var proposed in Ranking().Where(r => r.Standing == Standing.Proposed && inspectedBefore.Contains(r.StaffId)))
        {
            _onNotice[proposed.StaffId] = ends;
        }
    }

    private SelectionRefusal? BadInput(string? postId, string? statement)
    {
        if (string.IsNullOrWhiteSpace(postId) || !announcement.Posts.Any(p => p.Id == postId))
        {
            return new(422, "postId", "请选择公告中的岗位", "Choose a post of the announcement.");
        }

        if (string.IsNullOrWhiteSpace(statement) || statement.Length > 2000)
        {
            return new(422, "statement", "个人简述须为 1 至 2000 字", "The statement must be 1 to 2000 characters.");
        }

        return null;
    }

    private void Log(string kind, string actor, string subject, string detail, DateTimeOffset at) =>
        _trail.Add(new SelectionEvent(_trail.Count + 1, kind, actor, subject, detail, at));

    private DateOnly Day(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
}
