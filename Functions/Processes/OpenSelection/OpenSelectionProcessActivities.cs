using System.Globalization;
using EduFlows.AuditLog;
using EduFlows.Notifications;
using EduFlows.Processes.ReservePool;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The activities of an open selection's process (besides <see cref="OpenSelectionActivities.RecordTrail"/>); each is safe to run twice: a step already taken is refused by the rules and
/// changes nothing, and audit entries are keyed by the step's number.
/// </summary>
public sealed class OpenSelectionProcessActivities(OpenSelectionStore store, AuditLogStore audit, DirectoryStore directory, StaffTaskStore tasks, StaffNotices notices, MailSender sender, MailSettings mail, BureauClock clock, PoolEntrance pool)
{
    /// <summary>Activity names.</summary>
    public const string Requests = "OpenSelectionRequests", ApplyAnswers = "OpenSelectionApplyAnswers",
        DrawPanel = "OpenSelectionDrawPanel", StartNotice = "OpenSelectionStartNotice", StartMovedUpNotice = "OpenSelectionStartMovedUpNotice", Appoint = "OpenSelectionAppoint", SendAppointmentMails = "OpenSelectionSendAppointmentMails";

    /// <summary>Which tasks of a step to give.</summary>
    /// <param name="Step">The step.</param>
    /// <param name="Run">The selection's run.</param>
    /// <param name="DueAt">When the tasks are due (UTC); a judge's link stops working then.</param>
    /// <param name="Round">1 for the first tasks of the step, more for a correction's or a re-asked round (part of the task ids).</param>
    /// <param name="Only">Only these subjects (e.g. the applicant who corrected); null for all the step awaits.</param>
    public sealed record RequestsInput(SelectionStep Step, OpenSelectionRun Run, DateTime DueAt, int Round, IReadOnlyList<string>? Only = null);

    /// <summary>The answers of a step's tasks, to apply.</summary>
    /// <param name="Step">The step.</param>
    /// <param name="SelectionId">The selection.</param>
    /// <param name="Answers">The answered tasks.</param>
    public sealed record AnswersInput(SelectionStep Step, string SelectionId, IReadOnlyList<SelectionTaskAnswer> Answers);

    /// <summary>The panel draw.</summary>
    /// <param name="SelectionId">The selection.</param>
    /// <param name="Seed">The seed, recorded with the draw.</param>
    /// <param name="Declared">Declared conflicts.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record DrawInput(string SelectionId, ulong Seed, IReadOnlyList<DeclaredConflict> Declared, DateTimeOffset At);

    /// <summary>The start of the public notice.</summary>
    /// <param name="SelectionId">The selection.</param>
    /// <param name="Calendar">The shared working days.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record NoticeInput(string SelectionId, Calendar.WorkingDays Calendar, DateTimeOffset At);

    /// <summary>The appointment.</summary>
    /// <param name="SelectionId">The selection.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record AppointInput(string SelectionId, DateTimeOffset At);

    /// <summary>The tasks a step gives now: one per applicant without a decision, per judge, per candidate awaiting inspection, or per unanswered objection.</summary>
    [Function(Requests)]
    public async Task<SelectionTaskBatch> RequestsAsync([ActivityTrigger] RequestsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var selection = await GetAsync(input.Run.SelectionId, cancellationToken).ConfigureAwait(false);
        var people = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        string title = selection.Announcement.Title;
        string Name(string staffId) => people.TryGetValue(staffId, out var p) ? p.Name : staffId;
        string PostOf(string staffId) => selection.Announcement.Posts.FirstOrDefault(p => p.Id == selection.Applications[staffId].PostId)?.Name ?? string.Empty;
        string TaskId(string subject) => $"{input.Run.InstanceId}-{input.Step.ToString().ToLowerInvariant()}-{input.Round}-{subject}";
        bool Wanted(string subject) => input.Only is null || input.Only.Contains(subject, StringComparer.Ordinal);

        // An office task asked again and again without an answer goes to the lead, once; after that (or at once, with no
        // lead) nobody is asked again: the matter waits on the office's page. Null assignee: left with the office.
        async Task<(string? Assignee, string Prefix, KeyValuePair<string, string>? Why)> OfficeAsync(string subject)
        {
            int asked = 0;
            for (int r = 0; r < input.Round; r++)
            {
                asked += await tasks.GetAsync($"{input.Run.InstanceId}-{input.Step.ToString().ToLowerInvariant()}-{r}-{subject}", cancellationToken).ConfigureAwait(false) is null ? 0 : 1;
            }

            return OpenSelectionOrchestration.WhoIsAsked(asked, input.Run.LeadId) switch
            {
                OfficeAsk.Office => (input.Run.OfficeId, string.Empty, null),
                OfficeAsk.Lead => (input.Run.LeadId, "【逾期转办】", new KeyValuePair<string, string>("催办情况", $"组织科经办人{Name(input.Run.OfficeId)}已 {asked} 次未办理（每次 {OpenSelectionOrchestration.OfficeTaskPeriod.Days} 天），转由您办理")),
                _ => (null, string.Empty, null),
            };
        }

        var overdue = new List<string>();
        var subjects = new List<string>();
        var requests = new List<StaffTaskRequest>();
        switch (input.Step)
        {
            case SelectionStep.Eligibility:
                foreach (var application in selection.Applications.Values.Where(a => !selection.Decisions.ContainsKey(a.StaffId) && Wanted(a.StaffId)).OrderBy(a => a.StaffId, StringComparer.Ordinal))
                {
                    var check = people.TryGetValue(application.StaffId, out var applicant)
                        ? selection.Announcement.Eligibility.Check(applicant, applicant.Section, selection.Announcement.Timetable.ApplicationsClose)
                        : ["人员库中没有此人"];
                    subjects.Add(application.StaffId);
                    requests.Add(new StaffTaskRequest(OpenSelectionKinds.Eligibility.Name, input.Run.OfficeId, $"{title} · 资格审查 · {Name(application.StaffId)}", input.DueAt)
                    {
                        TaskId = TaskId(application.StaffId),
                        Context =
                        [
                            new("报名人", $"{Name(application.StaffId)}（{application.StaffId}）"),
                            new("报名岗位", PostOf(application.StaffId)),
                            new("个人简述", application.Statement),
                            new("系统核对资格条件", check.Count == 0 ? "符合公告的各项资格条件" : string.Join("；", check)),
                            new("是否为补正后的报名", application.CorrectionUsed ? "是" : "否"),
                        ],
                    });
                }

                break;
            case SelectionStep.Interview:
                var interviewees = selection.Interviewees;
                var fields = interviewees.Select((s, i) => new TaskField(ScoreField(i), new LocalizedText($"{Name(s)}（{PostOf(s)}）", $"{Name(s)} ({PostOf(s)})"), TaskFieldType.Number) { Min = 0, Max = 100 }).ToList();
                foreach (var judge in (selection.Panel?.Judges ?? []).Where(j => Wanted(j.JudgeId)))
                {
                    var summons = JudgeSummons.For(judge, Name(judge.JudgeId), title, selection.Announcement.Timetable.InterviewOn, clock.Zone);
                    subjects.Add(judge.JudgeId);
                    requests.Add(new StaffTaskRequest(OpenSelectionKinds.InterviewScores.Name, judge.JudgeId, summons.SubjectZh, summons.LinkValidUntil.UtcDateTime)
                    {
                        TaskId = TaskId(judge.JudgeId),
                        Fields = fields,
                        Context = [new("通知", summons.BodyZh), new("评委组别", PanelDraw.GroupName(judge.Group))],
                        FollowUp = new TaskFollowUp(new LocalizedText("查看其他评委的评分", "See the other judges' scores"), InterviewScoresApi.FollowUpPath(input.Run.SelectionId)),
                    });
                }

                break;
            case SelectionStep.Inspection:
                var ranking = selection.Ranking();
                foreach (string staffId in selection.AwaitingInspection().Where(Wanted))
                {
                    var ranked = ranking.Single(r => r.StaffId == staffId);
                    var (assignee, prefix, why) = await OfficeAsync(staffId).ConfigureAwait(false);
                    if (assignee is null)
                    {
                        overdue.Add(staffId);
                        continue;
                    }

                    subjects.Add(staffId);
                    requests.Add(new StaffTaskRequest(OpenSelectionKinds.Inspection.Name, assignee, $"{prefix}{title} · 考察 · {Name(staffId)}", input.DueAt)
                    {
                        TaskId = TaskId(staffId),
                        Context = [new("拟任人选", $"{Name(staffId)}（{staffId}）"), new("岗位", PostOf(staffId)), new("总成绩", ranked.Total?.ToString(CultureInfo.InvariantCulture) ?? string.Empty), new("岗位排名", ranked.Rank?.ToString(CultureInfo.InvariantCulture) ?? string.Empty), .. why is { } w ? [w] : Array.Empty<KeyValuePair<string, string>>()],
                    });
                }

                break;
            default:
                foreach (var objection in selection.Objections.Where(o => o.Upheld is null && Wanted(o.Id)))
                {
                    var (assignee, prefix, why) = await OfficeAsync(objection.Id).ConfigureAwait(false);
                    if (assignee is null)
                    {
                        overdue.Add(objection.Id);
                        continue;
                    }

                    subjects.Add(objection.Id);
                    requests.Add(new StaffTaskRequest(OpenSelectionKinds.ObjectionAnswer.Name, assignee, $"{prefix}{title} · 公示异议 · {Name(objection.AgainstStaffId)}", input.DueAt)
                    {
                        TaskId = TaskId(objection.Id),
                        Context = [new("被反映人", $"{Name(objection.AgainstStaffId)}（{objection.AgainstStaffId}）"), new("异议内容", objection.Text), new("署名", objection.SenderName ?? "匿名"), new("收到时间", clock.Format(objection.At)), .. why is { } w ? [w] : Array.Empty<KeyValuePair<string, string>>()],
                    });
                }

                break;
        }

        return new SelectionTaskBatch(subjects, requests, overdue.Count == 0 ? null : overdue);
    }

    /// <summary>Applies the answers of a step's tasks in one change of the file, and appends the steps taken to the audit log; answers the rules refuse (taken already, out of time) change nothing.</summary>
    [Function(ApplyAnswers)]
    public async Task<int> ApplyAnswersAsync([ActivityTrigger] AnswersInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // An inspection answered through the task is recorded under the person who answered, by name, as the office's
        // decisions on its page are (OpenSelectionDesk.DecidedBy); looked up before the change, which may run again.
        var inspectors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input.Step == SelectionStep.Inspection)
        {
            foreach (string staffId in input.Answers.Select(a => a.Receipt.SubmittedBy).Distinct(StringComparer.Ordinal))
            {
                var person = await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
                inspectors[staffId] = OpenSelectionDesk.AnsweredBy(staffId, person?.Name);
            }
        }

        int applied = 0;
        var change = await store.ChangeAsync(
            input.SelectionId,
            s =>
            {
                applied = 0;
                var interviewees = s.Interviewees;
                foreach (var (subject, receipt) in input.Answers.Select(a => (a.Subject, a.Receipt)))
                {
                    string by = receipt.SubmittedBy;
                    string Value(string field) => receipt.Values.GetValueOrDefault(field, string.Empty);
                    switch (input.Step)
                    {
                        case SelectionStep.Eligibility:
                            applied += s.Decide(subject, Value("decision") == "eligible", Value("reason"), by, receipt.SubmittedAt) is null ? 1 : 0;
                            break;
                        case SelectionStep.Interview:
                            for (int i = 0; i < interviewees.Count; i++)
                            {
                                decimal? points = decimal.TryParse(Value(ScoreField(i)), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal p) ? p : null;
                                applied += s.Score(subject, interviewees[i], points, receipt.SubmittedAt) is null ? 1 : 0;
                            }

                            break;
                        case SelectionStep.Inspection:
                            applied += s.Inspect(subject, Value("outcome") == "passed", Value("note"), inspectors[by], receipt.SubmittedAt) is null ? 1 : 0;
                            break;
                        default:
                            applied += s.Answer(subject, Value("finding") == "upheld", Value("answer"), by, receipt.SubmittedAt) is null ? 1 : 0;
                            break;
                    }
                }

                return null;
            },
            cancellationToken).ConfigureAwait(false);
        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>Draws the panel with the recorded seed; the reason in Chinese when no balanced panel can be drawn, else null (drawn now or before).</summary>
    [Function(DrawPanel)]
    public async Task<string?> DrawPanelAsync([ActivityTrigger] DrawInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var people = await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false);
        var byId = people.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var change = await store.ChangeAsync(input.SelectionId, s => s.Panel is { RefusalZh: null } ? null : s.DrawPanel(people, byId, input.Declared, input.Seed, input.At), cancellationToken).ConfigureAwait(false);
        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        return change.Refusal?.ReasonZh;
    }

    /// <summary>Starts the public notice (once) and answers its last day.</summary>
    [Function(StartNotice)]
    public async Task<DateOnly> StartNoticeAsync([ActivityTrigger] NoticeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var change = await store.ChangeAsync(input.SelectionId, s => { _ = s.NoticeEnds ?? s.StartNotice(input.At, input.Calendar); return null; }, cancellationToken).ConfigureAwait(false);
        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        return change.Selection!.NoticeEnds!.Value;
    }

    /// <summary>Puts the candidates who moved up on their own notice; answers its last day, or null when nobody moved up since (or they are on one already).</summary>
    [Function(StartMovedUpNotice)]
    public async Task<DateOnly?> StartMovedUpNoticeAsync([ActivityTrigger] NoticeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateOnly? ends = null;
        var change = await store.ChangeAsync(input.SelectionId, s => { ends = s.StartMovedUpNotice(input.At, input.Calendar); return null; }, cancellationToken).ConfigureAwait(false);
        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        return ends;
    }

    /// <summary>
    /// Appoints the proposed candidates and enters the selection's reserves into the reserve pool
    /// (<see cref="ReservePoolEntrants"/>); null when appointed (now or before), else why not yet (in Chinese).
    /// </summary>
    /// <remarks>Run again (a retry), it appoints nobody twice and the pool's keys enter each reserve once.</remarks>
    [Function(Appoint)]
    public async Task<string?> AppointAsync([ActivityTrigger] AppointInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var change = await store.ChangeAsync(input.SelectionId, s => s.Appointed is not null ? null : s.Appoint(input.At), cancellationToken).ConfigureAwait(false);
        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        if (change.Refusal is null && change.Selection is { Appointed: not null } appointed)
        {
            foreach (var entry in ReservePoolEntrants.Of(appointed))
            {
                await pool.EnterAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        return change.Refusal?.ReasonZh;
    }

    /// <summary>Mails each appointed candidate (message ids are fixed, so a second run writes nothing new); answers how many were written.</summary>
    [Function(SendAppointmentMails)]
    public async Task<int> SendAppointmentMailsAsync([ActivityTrigger] string selectionId, CancellationToken cancellationToken)
    {
        var selection = await GetAsync(selectionId, cancellationToken).ConfigureAwait(false);
        int written = 0;
        foreach (var appointed in selection.Appointed ?? [])
        {
            if (await directory.Staff.GetAsync(appointed.StaffId, cancellationToken).ConfigureAwait(false) is not { Email: { Length: > 0 } } to)
            {
                continue;
            }

            string post = selection.Announcement.Posts.Single(p => p.Id == appointed.PostId).Name;
            var content = OpenSelectionMails.Appointed(mail.DefaultCulture, selection.Announcement.Title, post, appointed.Total, to.Name);
            var message = await notices.WriteToAsync($"{selectionId}.appointment.{appointed.StaffId}", "open-selection", to, content, null, cancellationToken).ConfigureAwait(false);
            try
            {
                await sender.SendAsync(message.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (MailNotSentYetException)
            {
                // Stored in the outbox: the sweeper sends it later.
            }

            written++;
        }

        return written;
    }

    /// <summary>The judge's form field for the <paramref name="index"/>-th interviewee (in staff id order).</summary>
    public static string ScoreField(int index) => "score" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private async Task<SelectionCase> GetAsync(string selectionId, CancellationToken cancellationToken) =>
        await store.GetAsync(selectionId, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"Selection '{selectionId}' does not exist.");

    private async Task AppendAsync(SelectionChange change, CancellationToken cancellationToken)
    {
        if (change.Refusal is null && change.Selection is { } selection)
        {
            foreach (var append in SelectionAudit.Appends(selection, change.FirstNewSeq))
            {
                await audit.AppendAsync(append, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
