using System.Globalization;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using static EduFlows.Processes.ResearcherReview.ResearcherReviewActivities;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// A section's half-year review (one instance per section and half year, e.g. <c>researcher-review-2026H2-junior</c>):
/// snapshot, self-assessments and satisfaction surveys, reviewers' scoring, the office's bonus decisions, scoring
/// and ranking, publication. And the frontline-rotation round (<c>frontline-rotation-YYYY</c>).
/// </summary>
public static class ResearcherReviewOrchestration
{
    /// <summary>The review orchestrator's name.</summary>
    public const string Name = "ResearcherReview";

    /// <summary>The frontline-rotation orchestrator's name.</summary>
    public const string RotationName = "FrontlineRotation";

    /// <summary>
    /// The first review version with the scoring-closed notice to the office (<c>host.json</c>'s
    /// <c>extensions.durableTask.defaultVersion</c> "2" or later starts new reviews on it).
    /// </summary>
    public const string ScoringClosedNoticeVersion = "2";

    /// <summary>The review orchestrator; its input is the <see cref="ReviewRequest"/>.</summary>
    [Function(Name)]
    public static async Task<PublishedReview> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<ReviewRequest>() ?? throw new InvalidOperationException($"Review {context.InstanceId} was started without a request.");
        var progress = new Progress(context);
        TimeSpan[] reminders = [.. request.ReminderDaysBefore.Select(d => TimeSpan.FromDays(d))];
        progress.Enter("snapshot");
        var snapshot = await context.CallActivityAsync<ReviewSnapshot>(Snapshot, new SnapshotInput(context.InstanceId, request), StorageRetry.Options);
        var scheme = snapshot.Scheme;
        string prefix = $"rr-{request.Period.Code}-{request.Section}";
        string review = request.Period.Label + SectionName(request.Section);
        var names = snapshot.Researchers.Concat(snapshot.Reviewers).DistinctBy(p => p.Id).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);

        // Self-assessments and the principals' surveys run at the same time.
        progress.Enter("self-assessment-and-survey");
        DateTime due = context.CurrentUtcDateTime.AddDays(request.CollectionDays);
        var selfTasks = snapshot.Researchers.Select(r => (r.Id, Task: progress.Track(context.AssignStaffTaskAsync(
            new StaffTaskRequest(ReviewTaskKinds.SelfAssessment.Name, r.Id, $"{review} · 自评", due)
            {
                TaskId = $"{prefix}-self-{r.Id}",
                Fields = ReviewTaskKinds.SelfAssessmentFields(scheme),
                RemindBefore = reminders,
                OwnerId = snapshot.OfficeId,
                Context = [new("考核", review), new("本半年过程记录", Counts(snapshot.RecordCounts[r.Id]))],
            })))).ToList();
        var surveyTasks = snapshot.Researchers.SelectMany(r => snapshot.ServedPrincipals[r.Id].Select(school => (r.Id, school.PrincipalId, Task: progress.Track(context.AssignStaffTaskAsync(
            new StaffTaskRequest(ReviewTaskKinds.Survey.Name, school.PrincipalId, $"{review} · 满意度测评 · {r.Name}", due)
            {
                TaskId = $"{prefix}-survey-{school.PrincipalId}-{r.Id}",
                Fields = ReviewTaskKinds.SurveyFields(scheme),
                RemindBefore = reminders,
                OwnerId = snapshot.OfficeId,
                Context = [new("被评教研员", r.Name), new("学校", school.SchoolName)],
            }))))).ToList();
        await Task.WhenAll(selfTasks.Select(t => t.Task).Concat(surveyTasks.Select(t => t.Task)));

        var selfAssessments = new Dictionary<string, SelfAssessment>(StringComparer.Ordinal);
        foreach (var (id, task) in selfTasks)
        {
            if ((await task).Receipt is { } receipt)
            {
                selfAssessments[id] = ReadSelfAssessment(receipt, scheme);
            }
        }

        var surveys = new List<SurveyAnswer>();
        foreach (var (researcherId, principalId, task) in surveyTasks)
        {
            if ((await task).Receipt is { } receipt)
            {
                surveys.Add(new SurveyAnswer(principalId, researcherId, Numbers(receipt, scheme, IndicatorSource.Satisfaction)));
            }
        }

        // Reviewers score everyone but themselves, with the self-assessment and records in view.
        progress.Enter("scoring");
        due = context.CurrentUtcDateTime.AddDays(request.ScoringDays);
        var scoringTasks = snapshot.Reviewers.SelectMany(reviewer => snapshot.Researchers.Where(r => r.Id != reviewer.Id).Select(r => (ReviewerId: reviewer.Id, ResearcherId: r.Id, Task: progress.Track(context.AssignStaffTaskAsync(
            new StaffTaskRequest(ReviewTaskKinds.Scoring.Name, reviewer.Id, $"{review} · 评分 · {r.Name}", due)
            {
                TaskId = ScoringTaskId(prefix, reviewer.Id, r.Id),
                FollowUp = new TaskFollowUp(new LocalizedText("查看其他评审的打分", "See the other reviewers' scores"), $"researcher-reviews/{snapshot.ReviewId}/scores/{r.Id}"),
                Fields = ReviewTaskKinds.ScoringFields(scheme),
                RemindBefore = reminders,
                OwnerId = snapshot.OfficeId,
                Context =
                [
                    new("被评教研员", r.Name),
                    new("本半年过程记录", Counts(snapshot.RecordCounts[r.Id])),
                    new("自评", selfAssessments.TryGetValue(r.Id, out var self) ? ShortText.Of(self.Summary, 300) : "（未提交）"),
                ],
            }))))).ToList();
        await Task.WhenAll(scoringTasks.Select(t => t.Task));
        var scores = new List<ReviewerScore>();
        var unscored = new List<UnscoredPair>();
        foreach (var (reviewerId, researcherId, task) in scoringTasks)
        {
            if ((await task).Receipt is { } receipt)
            {
                scores.Add(new ReviewerScore(reviewerId, researcherId, Numbers(receipt, scheme, IndicatorSource.Reviewed)));
            }
            else
            {
                unscored.Add(new UnscoredPair(names[reviewerId], names[researcherId]));
            }
        }

        // Version 2: the office hears, as scoring closes, how many scorings came in and who left which undone, before
        // it decides bonuses. Version 1 reviews still running go on without this step (their history has none).
        if (context.CompareVersionTo(ScoringClosedNoticeVersion) >= 0)
        {
            if (await context.CallActivityAsync<string?>(NotifyScoringClosed, new ScoringClosedInput(snapshot.ReviewId, snapshot.OfficeId, review, scoringTasks.Count, unscored), StorageRetry.Options) is { } notice)
            {
                await context.SendMailsAsync([notice]);
            }
        }

        // The office confirms or rejects each claimed bonus.
        progress.Enter("bonus-decisions");
        due = context.CurrentUtcDateTime.AddDays(request.BonusDecisionDays);
        var decisionTasks = selfAssessments.Where(s => s.Value.Claims.Count > 0 && Decider(snapshot, s.Key) is not null).Select(s => (ResearcherId: s.Key, s.Value.Claims, Task: progress.Track(context.AssignStaffTaskAsync(
            new StaffTaskRequest(ReviewTaskKinds.BonusDecision.Name, Decider(snapshot, s.Key)!, $"{review} · 加分审核 · {names[s.Key]}", due)
            {
                TaskId = $"{prefix}-bonus-{s.Key}",
                Fields = ReviewTaskKinds.BonusDecisionFields(s.Value.Claims, scheme),
                RemindBefore = reminders,
                Context = [new("申报人", names[s.Key])],
            })))).ToList();
        await Task.WhenAll(decisionTasks.Select(t => t.Task));
        var decisions = new Dictionary<string, IReadOnlyList<BonusDecision>>(StringComparer.Ordinal);
        foreach (var (researcherId, claims, task) in decisionTasks)
        {
            if ((await task).Receipt is { } receipt)
            {
                decisions[researcherId] = [.. claims.Select(c => new BonusDecision(c.Key, receipt.Values[c.Key] == ReviewTaskKinds.Confirmed, receipt.Values[c.Key + "-reason"], receipt.SubmittedBy))];
            }
        }

        progress.Enter("publishing");
        var inputs = new ReviewInputs(
            scheme, snapshot.Researchers, snapshot.RecordCounts, selfAssessments, surveys, scores, decisions,
            snapshot.ServedPrincipals.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal));
        var published = await context.CallActivityAsync<PublishedReview>(Publish, new PublishInput(snapshot.ReviewId, inputs, snapshot.Reviewers), StorageRetry.Options);
        // No version branch for one SendMail per mail (before 3384b90, 2026-12-05): no instance had a version until host.json's
        // 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        await context.SendMailsAsync(published.MailIds);
        progress.Enter("published");
        return published;
    }

    /// <summary>The frontline-rotation orchestrator; its input is the <see cref="RotationRequest"/>.</summary>
    [Function(RotationName)]
    public static async Task<IReadOnlyList<RotationDecision>> RotateAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<RotationRequest>() ?? throw new InvalidOperationException($"Round {context.InstanceId} was started without a request.");
        var list = await context.CallActivityAsync<RotationList>(ListRotationCandidates, request, StorageRetry.Options);
        context.SetStatus(new { stage = "deciding", candidates = list.Candidates.Count });
        if (list.Candidates.Count == 0)
        {
            return [];
        }

        TimeSpan[] reminders = [.. request.ReminderDaysBefore.Select(d => TimeSpan.FromDays(d))];
        var outcome = await context.AssignStaffTaskAsync(new StaffTaskRequest(
            ReviewTaskKinds.RotationDecision.Name, list.DeciderId, string.Create(CultureInfo.InvariantCulture, $"{request.Year}年教研员一线轮岗人选"), context.CurrentUtcDateTime.AddDays(request.DecisionDays))
        {
            TaskId = string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{request.Year}-decision"),
            Fields = ReviewTaskKinds.RotationFields(list.Candidates),
            RemindBefore = reminders,
            Context = [.. list.Candidates.Select(c => new KeyValuePair<string, string>(c.Name, $"{DirectoryVocabulary.SectionName(c.Section)}{DirectoryVocabulary.SubjectName(c.Subject)}，{c.Age}岁，任职{c.YearsInPost}年"))],
        });
        var receipt = outcome.Receipt;
        IReadOnlyList<RotationDecision> decisions = [.. list.Candidates.Select(c => new RotationDecision(
            request.Year, c.ResearcherId, c.Name, c.Age, c.YearsInPost,
            receipt?.Values[c.ResearcherId] ?? "undecided",
            receipt?.Values[c.ResearcherId + "-reason"] ?? "决定任务逾期未办理。",
            receipt?.SubmittedBy,
            receipt?.SubmittedAt))];
        await context.CallActivityAsync<int>(RecordRotationDecisions, decisions, StorageRetry.Options);
        context.SetStatus(new { stage = "decided", candidates = list.Candidates.Count, undecided = receipt is null });
        return decisions;
    }

    // The office decides claims, except its own (those go to organisation and personnel, or stay undecided and flagged).
    private static string? Decider(ReviewSnapshot snapshot, string claimantId) =>
        claimantId == snapshot.OfficeId ? snapshot.OfficeClaimsDeciderId : snapshot.OfficeId;

    /// <summary>The id of a reviewer's scoring task for a researcher (fixed, so the API can find it).</summary>
    internal static string ScoringTaskId(string prefix, string reviewerId, string researcherId) => $"{prefix}-score-{reviewerId}-{researcherId}";

    /// <summary>The task-id prefix of a review.</summary>
    internal static string TaskPrefix(ReviewPeriod period, string section) => $"rr-{period.Code}-{section}";

    private static SelfAssessment ReadSelfAssessment(TaskReceipt receipt, ResearcherScheme scheme)
    {
        var claims = scheme.Bonuses
            .SelectMany(b => ReviewTaskKinds.ClaimKeys(b).Select(key => (Rule: b, Key: key)))
            .Where(c => receipt.Values.TryGetValue(c.Key, out var level) && level != SchemeValidation.NoClaim)
            .Select(c => new BonusClaim(c.Key, c.Rule.Id, receipt.Values[c.Key], receipt.Values.GetValueOrDefault(c.Key + "-detail")))
            .ToList();
        return new SelfAssessment(receipt.Values["summary"], receipt.Values.GetValueOrDefault("evidence"), claims, receipt.SubmittedAt);
    }

    private static Dictionary<string, decimal> Numbers(TaskReceipt receipt, ResearcherScheme scheme, IndicatorSource source) =>
        scheme.Indicators.Where(i => i.Source == source && receipt.Values.ContainsKey(i.Id))
            .ToDictionary(i => i.Id, i => decimal.Parse(receipt.Values[i.Id], NumberStyles.Number, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        string.Join("，", RecordKinds.All.Select(k => $"{RecordKindName(k)} {counts.GetValueOrDefault(k)}"));

    internal static string RecordKindName(string kind) => kind switch
    {
        RecordKinds.SchoolVisit => "下校视导",
        RecordKinds.LessonObserved => "听课评课",
        RecordKinds.Lecture => "讲座示范",
        RecordKinds.ResearchProject => "课题研究",
        _ => "指导教师",
    };

    // Custom status: the stage and how many tasks are still open, updated as each task ends.
    private sealed class Progress(TaskOrchestrationContext context)
    {
        private string _stage = "starting";
        private int _open;
        private int _done;

        public void Enter(string stage)
        {
            _stage = stage;
            Publish();
        }

        public async Task<StaffTaskOutcome> Track(Task<StaffTaskOutcome> task)
        {
            _open++;
            Publish();
            var outcome = await task;
            _open--;
            _done++;
            Publish();
            return outcome;
        }

        private void Publish() => context.SetStatus(new { stage = _stage, openTasks = _open, tasksDone = _done });
    }
}
