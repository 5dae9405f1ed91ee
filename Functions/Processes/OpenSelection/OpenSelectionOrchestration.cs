using EduFlows.Calendar;
using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The open selection (阳光选优) as one durable process over the announced timetable: applications until the deadline,
/// the office's eligibility review (one task per applicant, one correction each while the review is open), the
/// written scores' import, the panel draw and the judges' score sheets on the interview day, the inspection of the
/// proposed candidates, the public notice on the shared working-day calendar, the office's answers to objections, and
/// the appointment. Every step taken goes to the selection's audit stream.
/// </summary>
public static class OpenSelectionOrchestration
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "OpenSelection";

    /// <summary>The event raised when the written scores have been imported.</summary>
    public const string WrittenScoresEvent = "WrittenScoresTaken";

    /// <summary>The event raised when an applicant sent their correction (the applicant's staff id).</summary>
    public const string CorrectionEvent = "EligibilityCorrection";

    /// <summary>The event raised when an objection was received during a notice (the objection's id).</summary>
    public const string ObjectionEvent = "ObjectionRaised";

    /// <summary>How long the office has for an inspection or an objection before it is asked again.</summary>
    public static readonly TimeSpan OfficeTaskPeriod = TimeSpan.FromDays(7);

    /// <summary>How many times an inspection or objection is asked again of the office before it goes to the lead instead.</summary>
    public const int ReAsksBeforeEscalation = 2;

    /// <summary>The event raised when the office decided an inspection or objection on its page (the subject: candidate or objection id).</summary>
    public const string OfficeDecisionEvent = "OfficeDecided";

    /// <summary>
    /// The orchestration's version for new instances (<see cref="StartOrchestrationOptions.Version"/>): 2.0 gives objections
    /// raised during the notice to the office at once and puts a moved-up candidate on a notice of their own.
    /// </summary>
    /// <remarks>
    /// Instances of 1.0, or of no version (started before versions were given), keep the first path while they live:
    /// the notice is a timer only and objections are asked after it, and a moved-up candidate is appointed without a
    /// notice of their own. Their histories hold those steps, so replaying them on the 2.0 path would fail.
    /// </remarks>
    public const string CurrentVersion = "2.0";

    /// <summary>The stage while matters left unanswered after their escalation wait for the office's page.</summary>
    public const string OverdueStage = "逾期待办";

    /// <summary>The instance id of a selection's orchestration.</summary>
    public static string InstanceIdOf(string selectionId) => "open-selection-" + selectionId;

    private static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>The orchestrator: the selection from the application deadline to the appointment mails; answers the number appointed (0 when it stopped).</summary>
    [Function(Name)]
    public static async Task<int> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<OpenSelectionRun>() ?? throw new InvalidOperationException($"{Name} starts with an {nameof(OpenSelectionRun)}.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(run.TimeZone);
        var t = run.Timetable;
        DateTime StartOf(DateOnly day, int hour = 0) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), zone);
        void Status(string stage, string? note = null) => context.SetStatus(new SelectionProgress(run.SelectionId, stage, note));
        bool noticeTakesObjections = TakesObjectionsDuringNotice(context.Version);

        // Applications: nothing to do but wait for the deadline (24:00 of its day).
        Status("报名中");
        await context.CreatePublishedTimer(StartOf(t.ApplicationsClose.AddDays(1)), "报名截止", "Applications close", CancellationToken.None);

        // The eligibility review: one task per applicant, then one more for each correction while the review is open.
        Status("资格审查");
        var reviewEnds = StartOf(t.ReviewCloses.AddDays(1));
        await AskAsync(context, SelectionStep.Eligibility, run, reviewEnds, 1, null);
        int round = 1;
        while (context.CurrentUtcDateTime < reviewEnds)
        {
            using var stopWaiting = new CancellationTokenSource();
            using var stopTimer = new CancellationTokenSource();
            var correction = context.WaitForExternalEvent<string>(CorrectionEvent, stopWaiting.Token);
            var closes = context.CreatePublishedTimer(reviewEnds, "资格审查截止", "The eligibility review closes", stopTimer.Token);
            if (await Task.WhenAny(correction, closes) != correction)
            {
                stopWaiting.Cancel();
                break;
            }

            stopTimer.Cancel();
            await AskAsync(context, SelectionStep.Eligibility, run, reviewEnds, ++round, [correction.Result]);
        }

        // The written scores are imported by the office (an upload), at the latest before the interview day's summons.
        Status("等待导入笔试成绩");
        var summonAt = StartOf(t.InterviewOn, JudgeSummons.SendHour);
        using (var stopWaiting = new CancellationTokenSource())
        using (var stopTimer = new CancellationTokenSource())
        {
            var taken = context.WaitForExternalEvent<int>(WrittenScoresEvent, stopWaiting.Token);
            var tooLate = context.CreatePublishedTimer(summonAt, "面试日召集评委（笔试成绩须在此前导入）", "Judges summoned on the interview day (written scores due before)", stopTimer.Token);
            if (await Task.WhenAny(taken, tooLate) != taken)
            {
                stopWaiting.Cancel();
                return await StopAsync(context, run, "面试当天仍未导入笔试成绩，面试未能进行");
            }

            stopTimer.Cancel();
        }

        // The panel is drawn and told on the interview day only, so nobody can approach a judge beforehand.
        Status("等待面试日");
        if (context.CurrentUtcDateTime < summonAt)
        {
            await context.CreatePublishedTimer(summonAt, "面试日召集评委", "Judges summoned on the interview day", CancellationToken.None);
        }

        ulong seed = BitConverter.ToUInt64(context.NewGuid().ToByteArray(), 0);
        if (await context.CallActivityAsync<string?>(OpenSelectionProcessActivities.DrawPanel, new OpenSelectionProcessActivities.DrawInput(run.SelectionId, seed, run.Declared, context.CurrentUtcDateTime), Retried) is { } cannotDraw)
        {
            return await StopAsync(context, run, cannotDraw);
        }

        Status("面试评分");
        await AskAsync(context, SelectionStep.Interview, run, StartOf(t.InterviewOn.AddDays(1)), 1, null);

        Status("考察");
        round = await InspectAsync(context, run, 1, "考察");

        Status("公示中");
        int year = context.CurrentUtcDateTime.Year;
        var calendar = await context.LoadWorkingDaysAsync(year, year + 1, run.TimeZone, Retried);
        var noticeEnds = await context.CallActivityAsync<DateOnly>(OpenSelectionProcessActivities.StartNotice, new OpenSelectionProcessActivities.NoticeInput(run.SelectionId, calendar, context.CurrentUtcDateTime), Retried);
        Status("公示中", $"公示至 {noticeEnds:yyyy-MM-dd}");
        if (noticeTakesObjections)
        {
            await NoticeAsync(context, run, StartOf(noticeEnds.AddDays(1)));
        }
        else
        {
            await context.CreatePublishedTimer(StartOf(noticeEnds.AddDays(1)), "公示期满", "The public notice ends", CancellationToken.None);
        }

        // After the notice: every objection answered, moved-up candidates inspected, then the appointment.
        Status("异议核查");
        for (int objectionRound = 1; ; objectionRound++)
        {
            await AskAsync(context, SelectionStep.Objection, run, context.CurrentUtcDateTime + OfficeTaskPeriod, objectionRound, null, "异议核查");
            round = await InspectAsync(context, run, round + 1, "异议核查");

            // A candidate who moved up is put on a notice of their own before anyone is appointed; objections to them are taken as before.
            if (noticeTakesObjections && await context.CallActivityAsync<DateOnly?>(OpenSelectionProcessActivities.StartMovedUpNotice, new OpenSelectionProcessActivities.NoticeInput(run.SelectionId, calendar, context.CurrentUtcDateTime), Retried) is { } movedUpEnds)
            {
                Status("递补公示中", $"递补人选公示至 {movedUpEnds:yyyy-MM-dd}");
                await NoticeAsync(context, run, StartOf(movedUpEnds.AddDays(1)));
                Status("异议核查");
                continue;
            }

            if (await context.CallActivityAsync<string?>(OpenSelectionProcessActivities.Appoint, new OpenSelectionProcessActivities.AppointInput(run.SelectionId, context.CurrentUtcDateTime), Retried) is null)
            {
                break;
            }
        }

        Status("任命");
        int appointed = await context.CallActivityAsync<int>(OpenSelectionProcessActivities.SendAppointmentMails, run.SelectionId, Retried);
        await context.CallActivityAsync<int>(OpenSelectionActivities.RecordTrail, run.SelectionId, Retried);
        Status("已完成", $"任命 {appointed} 人");
        return appointed;
    }

    // The notice runs to its end; each objection received meanwhile is given to the office at once (its own task, beside
    // the others), so it can be looked into while the notice is still up. Answers once the notice has ended and every
    // objection's task is answered or due; objections raised without telling the process are asked after the notice.
    private static async Task NoticeAsync(TaskOrchestrationContext context, OpenSelectionRun run, DateTime noticeOver)
    {
        var answering = new List<Task<int>>();
        while (context.CurrentUtcDateTime < noticeOver)
        {
            using var stopWaiting = new CancellationTokenSource();
            using var stopTimer = new CancellationTokenSource();
            var raised = context.WaitForExternalEvent<string>(ObjectionEvent, stopWaiting.Token);
            var ends = context.CreatePublishedTimer(noticeOver, "公示期满", "The public notice ends", stopTimer.Token);
            if (await Task.WhenAny(raised, ends) != raised)
            {
                stopWaiting.Cancel();
                break;
            }

            stopTimer.Cancel();
            answering.Add(AskAsync(context, SelectionStep.Objection, run, context.CurrentUtcDateTime + OfficeTaskPeriod, 0, [raised.Result]));
        }

        await Task.WhenAll(answering);
    }

    /// <summary>Who is asked for an inspection or objection asked <paramref name="askedBefore"/> times before without an answer.</summary>
    public static OfficeAsk WhoIsAsked(int askedBefore, string? leadId) =>
        askedBefore <= ReAsksBeforeEscalation ? OfficeAsk.Office
        : askedBefore == ReAsksBeforeEscalation + 1 && leadId is not null ? OfficeAsk.Lead
        : OfficeAsk.Nobody;

    /// <summary>Whether an instance of <paramref name="version"/> takes objections during the notice and gives moved-up candidates their own (2.0 on); no version is the first.</summary>
    public static bool TakesObjectionsDuringNotice(string? version) =>
        System.Version.TryParse(version, out var v) && v >= System.Version.Parse(CurrentVersion);

    // Inspects every proposed candidate not yet inspected, round after round (a failed one brings the next in); answers the last round used.
    private static async Task<int> InspectAsync(TaskOrchestrationContext context, OpenSelectionRun run, int round, string stage)
    {
        while (await AskAsync(context, SelectionStep.Inspection, run, context.CurrentUtcDateTime + OfficeTaskPeriod, round, null, stage) > 0)
        {
            round++;
        }

        return round;
    }

    // Gives a step's tasks as one window and applies the answers; answers how many tasks were given. When nothing is
    // left to ask but matters the office let lapse even after the escalation, asks nobody again (no more weekly mails):
    // they wait on the office's page until decided there, and answers how many waited so the caller looks again.
    private static async Task<int> AskAsync(TaskOrchestrationContext context, SelectionStep step, OpenSelectionRun run, DateTime dueAt, int round, IReadOnlyList<string>? only, string? stage = null)
    {
        var batch = await context.CallActivityAsync<SelectionTaskBatch>(OpenSelectionProcessActivities.Requests, new OpenSelectionProcessActivities.RequestsInput(step, run, dueAt, round, only), Retried);
        if (batch.Requests.Count == 0)
        {
            if (batch.Overdue is not { Count: > 0 } overdue)
            {
                return 0;
            }

            string what = step == SelectionStep.Inspection ? "考察" : "公示异议";
            context.SetStatus(new SelectionProgress(run.SelectionId, OverdueStage, $"{overdue.Count} 项{what}逾期未办，已停止催办，请在办公室的选拔页面办理"));
            await context.WaitForExternalEvent<string>(OfficeDecisionEvent);
            if (stage is not null)
            {
                context.SetStatus(new SelectionProgress(run.SelectionId, stage));
            }

            return overdue.Count;
        }

        var outcomes = await context.AssignStaffTasksAsync(batch.Requests);
        var answers = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Receipt is not null).Select(x => new SelectionTaskAnswer(batch.Subjects[x.i], x.o.Receipt!)).ToList();
        if (answers.Count > 0)
        {
            await context.CallActivityAsync<int>(OpenSelectionProcessActivities.ApplyAnswers, new OpenSelectionProcessActivities.AnswersInput(step, run.SelectionId, answers), Retried);
        }

        return batch.Requests.Count;
    }

    private static async Task<int> StopAsync(TaskOrchestrationContext context, OpenSelectionRun run, string why)
    {
        await context.CallActivityAsync<int>(OpenSelectionActivities.RecordTrail, run.SelectionId, Retried);
        context.SetStatus(new SelectionProgress(run.SelectionId, "已中止", why));
        return 0;
    }
}
