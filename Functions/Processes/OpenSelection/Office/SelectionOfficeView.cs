using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>One selection as the office's page shows it (and answers it as JSON): its process, candidates, panel, notice, objections and results.</summary>
/// <param name="Id">The selection's id.</param>
/// <param name="Title">The announcement's title.</param>
/// <param name="State">The process's runtime state in words.</param>
/// <param name="Stage">The stage it published; empty when none.</param>
/// <param name="Note">More about the stage, e.g. the notice's end or what waits on this page.</param>
/// <param name="Version">The instance's orchestration version; empty for none, null with no process.</param>
/// <param name="Timetable">The announced timetable.</param>
/// <param name="Applicants">How many applied.</param>
/// <param name="Eligible">How many were found eligible.</param>
/// <param name="Candidates">The ranked candidates (empty before the written scores), by post then rank.</param>
/// <param name="Panel">The drawn judges and their score sheets; empty before the draw.</param>
/// <param name="Seed">The draw's recorded seed.</param>
/// <param name="Excluded">Judges kept off the panel, with why.</param>
/// <param name="NoticeEnds">The selection's notice's last day, once started.</param>
/// <param name="Objections">The objections in the order received.</param>
/// <param name="Appointed">The names of those appointed, once appointed.</param>
/// <param name="OpenTasks">The process's open tasks.</param>
public sealed record SelectionOfficeView(
    string Id,
    string Title,
    string State,
    string Stage,
    string? Note,
    string? Version,
    SelectionTimetable Timetable,
    int Applicants,
    int Eligible,
    IReadOnlyList<SelectionCandidateRow> Candidates,
    IReadOnlyList<SelectionJudgeRow> Panel,
    ulong? Seed,
    IReadOnlyList<ExcludedJudge> Excluded,
    DateOnly? NoticeEnds,
    IReadOnlyList<SelectionObjectionRow> Objections,
    IReadOnlyList<string>? Appointed,
    IReadOnlyList<OpenTaskRow> OpenTasks)
{
    /// <summary>The page's view of <paramref name="selection"/> with its process as described.</summary>
    public static SelectionOfficeView Of(SelectionCase selection, IReadOnlyDictionary<string, StaffMember> people, (string State, string Stage, string? Note, string? Version) process, IReadOnlyList<OpenTaskRow> open, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(clock);
        string Name(string staffId) => people.TryGetValue(staffId, out var p) ? p.Name : staffId;
        var file = selection.ToFile();
        var inspections = file.Inspections.ToDictionary(i => i.StaffId, StringComparer.Ordinal);
        var awaiting = selection.AwaitingInspection().ToHashSet(StringComparer.Ordinal);
        var appointed = (selection.Appointed ?? []).Select(a => a.StaffId).ToHashSet(StringComparer.Ordinal);
        var interview = selection.Interview();
        var candidates = selection.WrittenScores.Count == 0 ? [] : selection.Ranking()
            .OrderBy(r => r.PostId, StringComparer.Ordinal).ThenBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.StaffId, StringComparer.Ordinal)
            .Select(r => new SelectionCandidateRow(
                r.StaffId,
                Name(r.StaffId),
                selection.Announcement.Posts.FirstOrDefault(p => p.Id == r.PostId)?.Name ?? r.PostId,
                selection.WrittenScores.GetValueOrDefault(r.StaffId),
                interview.ScoreOf(r.StaffId),
                r.Total,
                r.Rank,
                StandingName(r),
                inspections.TryGetValue(r.StaffId, out var i) ? (i.Passed ? "合格：" : "不合格：") + i.Note : null,
                selection.OnNotice.TryGetValue(r.StaffId, out var ends) ? ends : null,
                appointed.Contains(r.StaffId),
                awaiting.Contains(r.StaffId)))
            .ToList();
        int interviewees = selection.Interviewees.Count;
        var panel = (selection.Panel is { RefusalZh: null } drawn ? drawn.Judges : [])
            .Select(j => new SelectionJudgeRow(j.JudgeId, Name(j.JudgeId), PanelDraw.GroupName(j.Group), selection.InterviewScores.Count(s => s.JudgeId == j.JudgeId), interviewees))
            .ToList();
        var objections = selection.Objections.Select(o => new SelectionObjectionRow(
            o.Id, o.AgainstStaffId, Name(o.AgainstStaffId), o.Text, o.SenderName ?? "匿名", clock.Format(o.At),
            o.Upheld is { } upheld ? (upheld ? "异议成立" : "异议不成立") : null, o.Answer, o.AnsweredBy)).ToList();
        return new SelectionOfficeView(
            selection.Id,
            selection.Announcement.Title,
            process.State,
            process.Stage,
            process.Note,
            process.Version,
            selection.Announcement.Timetable,
            selection.Applications.Count,
            selection.Eligible.Count(),
            candidates,
            panel,
            selection.Panel?.Seed,
            selection.Panel?.Excluded ?? [],
            selection.NoticeEnds,
            objections,
            selection.Appointed?.Select(a => Name(a.StaffId)).ToList(),
            open);
    }

    private static string StandingName(RankedCandidate r) => r.Standing switch
    {
        Standing.Proposed => "拟任",
        Standing.Reserve => "后备",
        Standing.NotSelected => "未入选",
        Standing.Absent => "缺考",
        _ => "取消资格" + (r.RemovedBecause is { } why ? "（" + why + "）" : string.Empty),
    };
}
