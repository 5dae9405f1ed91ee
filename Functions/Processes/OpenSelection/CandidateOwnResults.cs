using System.Globalization;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// An applicant's own open selections, for /api/me: the post applied for and where the application stands (received,
/// the eligibility decision with its reason, which the applicant is told), the written-test score once the scores are
/// in, and, once the ranking is published by the public notice, the interview score, total, place on the post's list
/// and outcome, then the appointment. Only the applicant's own row is shown: nobody else's scores or places, no judge's
/// single score, and of a removal only its ground (the inspection or an upheld objection), not the office's notes.
/// Applicants have no page of their own in the process, so the entries carry no link.
/// </summary>
public sealed class CandidateOwnResults(OpenSelectionStore store, BureauClock clock, TimeProvider time) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        // A few selections a year, each announcement a row; the file of each is read for the person's own application.
        var selections = await store.Selections.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var found = new List<OwnResult>();
        foreach (var record in selections.OrderByDescending(s => s.PublishedAt))
        {
            if (await store.GetAsync(record.Id, cancellationToken).ConfigureAwait(false) is { } selection
                && selection.Applications.TryGetValue(staffId, out var application))
            {
                found.Add(Of(selection, application, clock.DateOf(time.GetUtcNow())));
            }
        }

        return found;
    }

    /// <summary>The entry of one application, as the selection stands on the bureau's day <paramref name="today"/>.</summary>
    internal static OwnResult Of(SelectionCase selection, Application application, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(application);
        var announcement = selection.Announcement;
        string post = announcement.Posts.FirstOrDefault(p => p.Id == application.PostId)?.Name ?? application.PostId;
        string title = $"{announcement.Title} · {post}";
        var (zh, en, result) = Standing(selection, application, post, today);
        return new OwnResult(result ? "阳光选优结果" : "阳光选优报名", title, string.Join("；", zh), null)
        {
            English = new OwnResultText(result ? "Open selection result" : "Open selection application", title, string.Join("; ", en)),
        };
    }

    // The steps reached so far, each in both languages; true once a ranking is published.
    private static (List<string> Zh, List<string> En, bool Result) Standing(SelectionCase selection, Application application, string post, DateOnly today)
    {
        string staffId = application.StaffId;
        var timetable = selection.Announcement.Timetable;
        var zh = new List<string>();
        var en = new List<string>();
        if (!selection.Decisions.TryGetValue(staffId, out var decision))
        {
            if (today <= timetable.ApplicationsClose)
            {
                zh.Add($"已报名，{Day(timetable.ApplicationsClose)} 24 时前可以修改");
                en.Add($"applied; you may change it until the end of {Iso(timetable.ApplicationsClose)}");
            }
            else
            {
                zh.Add("已报名，资格审查中");
                en.Add("applied; eligibility under review");
            }

            return (zh, en, false);
        }

        if (!decision.Eligible)
        {
            bool mayCorrect = !application.CorrectionUsed && today <= timetable.ReviewCloses;
            zh.Add($"资格审查未通过：{decision.Reason}" + (mayCorrect ? $"。可在 {Day(timetable.ReviewCloses)} 前补正一次" : string.Empty));
            en.Add($"not eligible: {decision.Reason}" + (mayCorrect ? $". You may send one correction until {Iso(timetable.ReviewCloses)}" : string.Empty));
            return (zh, en, false);
        }

        zh.Add("资格审查通过");
        en.Add("eligible");
        if (!selection.WrittenScores.TryGetValue(staffId, out decimal? written))
        {
            zh.Add($"笔试 {Day(timetable.WrittenTestOn)}");
            en.Add($"written test on {Iso(timetable.WrittenTestOn)}");
            return (zh, en, false);
        }

        zh.Add(written is { } w ? $"笔试 {Score(w)} 分" : "笔试缺考");
        en.Add(written is { } we ? $"written test {Score(we)}" : "absent from the written test");
        // The interview and the ranking are published with the public notice; until then only the written score is out.
        if (written is null || selection.NoticeEnds is null)
        {
            return (zh, en, written is null);
        }

        var mine = selection.Ranking().First(r => r.StaffId == staffId);
        if (selection.Interview().ScoreOf(staffId) is { } interview)
        {
            zh.Add($"面试 {Score(interview)} 分");
            en.Add($"interview {Score(interview)}");
        }

        if (mine.Total is { } total)
        {
            zh.Add($"总成绩 {Score(total)} 分" + (mine.Rank is { } rank ? $"，{post}第 {rank} 名" : string.Empty));
            en.Add($"total {Score(total)}" + (mine.Rank is { } rankEn ? $", rank {rankEn} for the post" : string.Empty));
        }

        bool appointed = selection.Appointed?.Any(a => a.StaffId == staffId) == true;
        var (outcomeZh, outcomeEn) = appointed ? ($"已任命为{post}", "appointed") : Outcome(mine, selection.OnNotice.GetValueOrDefault(staffId, selection.NoticeEnds.Value));
        zh.Add(outcomeZh);
        en.Add(outcomeEn);
        return (zh, en, true);
    }

    private static (string Zh, string En) Outcome(RankedCandidate mine, DateOnly noticeEnds) => mine.Standing switch
    {
        OpenSelection.Standing.Proposed => ($"拟任人选，公示至 {Day(noticeEnds)}", $"proposed for appointment; on public notice until {Iso(noticeEnds)}"),
        OpenSelection.Standing.Reserve => ("后备人选", "reserve"),
        OpenSelection.Standing.NotSelected => ("未入选", "not selected"),
        OpenSelection.Standing.Absent => ("缺考，未排名", "absent, not ranked"),
        // The ground only: the office's inspection note or objection finding is its own record.
        _ when mine.RemovedBecause?.StartsWith("考察不合格", StringComparison.Ordinal) == true => ("取消资格（考察不合格）", "removed (failed the inspection)"),
        _ when mine.RemovedBecause?.StartsWith("公示异议查实", StringComparison.Ordinal) == true => ("取消资格（公示异议查实）", "removed (an objection was upheld)"),
        _ => ("取消资格", "removed"),
    };

    private static string Score(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
