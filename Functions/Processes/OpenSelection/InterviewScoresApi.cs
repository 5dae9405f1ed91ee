using System.Globalization;
using EduFlows.Notifications;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// GET <c>open-selections/{id}/interview-scores</c>: the other judges' interview scores, for a judge who has submitted
/// their own (signed in, or through their score sheet's link, which the receipt's follow-up keeps); before that a 403
/// in Chinese, by <see cref="InterviewScoring.VisibleTo"/>. A page, or JSON when asked for. The process takes the
/// panel's sheets into the selection only once every judge has submitted (it waits for the whole window), so a sheet
/// submitted before that counts from the task itself (<see cref="PanelScoresAsync"/>): a judge sees the others' scores
/// as soon as they have submitted their own, as the summons promises.
/// </summary>
public sealed class InterviewScoresApi(OpenSelectionStore store, DirectoryStore directory, StaffTaskStore tasks, TaskTokenSigner signer, HtmlRendering html)
{
    /// <summary>The follow-up path of a judge's score sheet.</summary>
    public static string FollowUpPath(string selectionId) => $"open-selections/{selectionId}/interview-scores";

    /// <summary>The task id of a judge's score sheet (the interview is asked once, round 1).</summary>
    public static string ScoreSheetTaskId(string selectionId, string judgeId) =>
        $"{OpenSelectionOrchestration.InstanceIdOf(selectionId)}-{SelectionStep.Interview.ToString().ToLowerInvariant()}-1-{judgeId}";

    /// <summary>The page (or JSON); <paramref name="candidate"/> narrows it to one interviewee.</summary>
    [Function("OpenSelectionInterviewScores")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open-selections/{id}/interview-scores")] HttpRequest request, string id, string? token, string? candidate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await store.GetAsync(id, ct).ConfigureAwait(false) is not { } selection)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "id", "没有这次选拔。", "No such selection.");
        }

        var judges = selection.Panel?.Judges ?? [];
        string? me = await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false);
        if (me is null && token is not null)
        {
            me = judges.Select(j => signer.Check(token, ScoreSheetTaskId(id, j.JudgeId), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null).FirstOrDefault(j => j is not null);
        }

        if (me is null)
        {
            return token is null
                ? StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "session", "请先登录，或从您的面试评分任务链接打开。", "Sign in first, or open this from your score sheet's link.")
                : StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "该链接不是本次面试的评分任务链接，或已过期；请登录后查看。", "This link is not a score sheet of this interview, or it has expired; sign in instead.");
        }

        if (judges.All(j => j.JudgeId != me))
        {
            return StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "judgeId", "您不是本次面试的评委。", "You are not on the interview panel.");
        }

        var interviewees = selection.Interviewees;
        if (candidate is not null && !interviewees.Contains(candidate, StringComparer.Ordinal))
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "candidate", "没有这位面试人。", "No such interviewee.");
        }

        // Only what the rule shows this judge: a candidate's scores once the judge has scored that candidate.
        var panelScores = await PanelScoresAsync(id, selection, judges, ct).ConfigureAwait(false);
        var visible = (candidate is null ? interviewees : [candidate])
            .Select(c => (Candidate: c, Scores: InterviewScoring.VisibleTo(me, c, panelScores)))
            .Where(v => v.Scores.Count > 0)
            .ToList();
        if (visible.Count == 0)
        {
            return StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "scores", "请先提交您本人的评分，之后才能查看其他评委的评分。", "Submit your own scores first; the other judges' scores are shown after that.");
        }

        var people = (await directory.Staff.AllAsync(ct).ConfigureAwait(false)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        string Name(string staffId) => people.GetValueOrDefault(staffId, staffId);
        var candidates = visible.Select(v => new InterviewCandidateScores(
            v.Candidate,
            Name(v.Candidate),
            selection.Announcement.Posts.FirstOrDefault(p => p.Id == selection.Applications[v.Candidate].PostId)?.Name ?? string.Empty,
            [.. judges.Select(j => new InterviewScoreRow(j.JudgeId, Name(j.JudgeId), j.JudgeId == me, v.Scores.FirstOrDefault(s => s.JudgeId == j.JudgeId)?.Score))])).ToList();
        if (TaskApi.WantsJson(request))
        {
            return TypedResults.Ok(new { id, judgeId = me, candidates });
        }

        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        string page = await html.RenderAsync<InterviewScoresPage>(new Dictionary<string, object?>
        {
            [nameof(InterviewScoresPage.Selection)] = selection.Announcement.Title,
            [nameof(InterviewScoresPage.Candidates)] = (IReadOnlyList<InterviewCandidateScores>)candidates,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>
    /// The panel's interview scores: those the selection has taken, and those of each judge whose score sheet is
    /// submitted but not yet taken (the process takes the sheets together, once the last is in). A sheet's fields are
    /// the interviewees in the selection's order (<see cref="OpenSelectionProcessActivities.ScoreField"/>), as the
    /// process reads them.
    /// </summary>
    private async Task<IReadOnlyList<JudgeScore>> PanelScoresAsync(string id, SelectionCase selection, IReadOnlyList<DrawnJudge> judges, CancellationToken ct)
    {
        var scores = selection.InterviewScores.ToList();
        var interviewees = selection.Interviewees;
        foreach (var judge in judges.Where(j => scores.All(s => s.JudgeId != j.JudgeId)))
        {
            if (await tasks.GetAsync(ScoreSheetTaskId(id, judge.JudgeId), ct).ConfigureAwait(false) is not { Record: { Status: StaffTaskStatus.Submitted, Values: { } values } })
            {
                continue;
            }

            for (int i = 0; i < interviewees.Count; i++)
            {
                if (values.TryGetValue(OpenSelectionProcessActivities.ScoreField(i), out string? text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal points))
                {
                    scores.Add(new JudgeScore(judge.JudgeId, interviewees[i], points));
                }
            }
        }

        return scores;
    }
}
