using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The steps staff take on a running selection outside its tasks: the office starts the process and imports the
/// written scores, an applicant sends their one correction. Each step is checked by the rules, stored, appended to
/// the audit stream, and then told to the orchestration; a refused step changes nothing.
/// </summary>
public sealed class OpenSelectionDesk(OpenSelectionStore store, AuditLogStore audit, DirectoryStore directory, BureauClock clock, TimeProvider time)
{
    // A start when the selection's instance exists, whether seen before scheduling or refused by the scheduler.
    private static readonly SelectionRefusal StartedAlready = new(409, "id", "这次选拔的流程已经启动", "The selection's process is running already.");

    /// <summary>Starts the selection's process; the refusal when the selection is unknown (404), the office member unknown (422) or it runs already (409).</summary>
    public async Task<SelectionRefusal?> StartAsync(DurableTaskClient client, string selectionId, ProcessStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(start);
        if (await store.GetAsync(selectionId, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return new(404, "id", "没有这次选拔", "No such selection.");
        }

        if (string.IsNullOrWhiteSpace(start.OfficeId) || await directory.Staff.GetAsync(start.OfficeId, cancellationToken).ConfigureAwait(false) is null)
        {
            return new(422, "officeId", "请填写组织科经办人的人员编号（须在人员库中）", "Give the staff id of the organisation office's member in charge.");
        }

        if (start.LeadId is not null && (string.IsNullOrWhiteSpace(start.LeadId) || start.LeadId == start.OfficeId || await directory.Staff.GetAsync(start.LeadId, cancellationToken).ConfigureAwait(false) is null))
        {
            return new(422, "leadId", "分管领导须为人员库中的另一位人员（填写人员编号）", "The lead must be another staff member in the directory (their staff id).");
        }

        var declared = start.DeclaredConflicts ?? [];
        for (int i = 0; i < declared.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(declared[i]?.JudgeId) || string.IsNullOrWhiteSpace(declared[i].StaffId) || string.IsNullOrWhiteSpace(declared[i].Relation) || declared[i].Relation.Length > 50)
            {
                return new(422, $"declaredConflicts[{i}]", "回避申报须写明评委、报名人和关系（50 字以内）", "A declared conflict needs the judge, the applicant and the relation (up to 50 characters).");
            }
        }

        string instanceId = OpenSelectionOrchestration.InstanceIdOf(selectionId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return StartedAlready;
        }

        var run = new OpenSelectionRun(selectionId, start.OfficeId, clock.Zone.Id, selection.Announcement.Timetable, declared, start.LeadId);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(OpenSelectionOrchestration.Name, run, new StartOrchestrationOptions(instanceId) { Version = OpenSelectionOrchestration.CurrentVersion }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Durable.InstanceStarts.AlreadyExists(ex))
        {
            // Another start got in between the look above and this one: the instance id admits one, and this is a second start.
            return StartedAlready;
        }

        return null;
    }

    /// <summary>The applicant's one correction after an eligibility refusal; the office gets a new review task for it.</summary>
    public async Task<SelectionRefusal?> CorrectAsync(DurableTaskClient client, string selectionId, string staffId, ApplicationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var change = await store.ChangeAsync(selectionId, s => s.Correct(staffId, form.PostId, form.Statement, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (change.Refusal is { } refused)
        {
            return refused;
        }

        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        await TellAsync(client, selectionId, OpenSelectionOrchestration.CorrectionEvent, staffId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Imports the written-test score sheet (笔试成绩表) against the eligible applicants: every bad row and column is
    /// named and nothing is taken on any error; else every score is taken at once and the process goes on.
    /// </summary>
    public async Task<WrittenScoresImport> TakeWrittenScoresAsync(DurableTaskClient client, string selectionId, Stream sheet, RosterFile.Format format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await store.GetAsync(selectionId, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return new(0, new(404, "id", "没有这次选拔", "No such selection."), []);
        }

        // Too early or done already is said before the sheet is read (the case read here is a copy; nothing is stored).
        if (selection.TakeWrittenScores(new Dictionary<string, decimal?>(), time.GetUtcNow()) is { } notNow)
        {
            return new(0, notNow, []);
        }

        (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) file;
        try
        {
            file = RosterFile.Read(sheet, format);
        }
        catch (InvalidDataException)
        {
            return new(0, new(422, "file", "文件无法读取，请上传 Excel（.xlsx）格式的笔试成绩表", "The file cannot be read; upload the score sheet as .xlsx."), []);
        }
        catch (RosterTooLargeException ex)
        {
            // The reader stops at the first row too long or too wide; the office reads which, in Chinese.
            string zh = ex.Status == StatusCodes.Status413PayloadTooLarge
                ? $"笔试成绩表第 {ex.Row} 行“{ex.Column}”过长（每行最多 {RosterFile.MaxRowChars} 字），未导入任何成绩"
                : $"笔试成绩表第 {ex.Row} 行超过 {RosterFile.MaxColumns} 列，未导入任何成绩";
            return new(0, new(ex.Status, "file", zh, ex.Message), []);
        }

        var people = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var candidates = selection.Eligible.ToDictionary(s => s, s => people.GetValueOrDefault(s, s), StringComparer.Ordinal);
        var (scores, errors) = WrittenScoreSheet.Parse(file.Header, file.Rows, candidates);
        if (errors.Count > 0)
        {
            return new(0, null, errors);
        }

        var change = await store.ChangeAsync(selectionId, s => s.TakeWrittenScores(scores, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (change.Refusal is { } refused)
        {
            return new(0, refused, []);
        }

        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        await TellAsync(client, selectionId, OpenSelectionOrchestration.WrittenScoresEvent, scores.Count, cancellationToken).ConfigureAwait(false);
        return new(scores.Count, null, []);
    }

    /// <summary>
    /// An objection during the notice, named or anonymous (see <see cref="SelectionCase.RaiseObjection"/>); the office
    /// gets its task at once. Answers the objection received, or the refusal.
    /// </summary>
    public async Task<(Objection? Objection, SelectionRefusal? Refusal)> ObjectAsync(DurableTaskClient client, string selectionId, ObjectionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        string objectionId = "obj-" + Guid.NewGuid().ToString("N")[..12];
        Objection? raised = null;
        var now = time.GetUtcNow();
        var change = await store.ChangeAsync(
            selectionId,
            s =>
            {
                var (objection, refusal) = s.RaiseObjection(objectionId, form.AgainstStaffId, form.Text, form.SenderName, now);
                raised = objection;
                return refusal;
            },
            cancellationToken).ConfigureAwait(false);
        if (change.Refusal is { } refused)
        {
            return (null, refused);
        }

        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        await TellAsync(client, selectionId, OpenSelectionOrchestration.ObjectionEvent, objectionId, cancellationToken).ConfigureAwait(false);
        return (raised, null);
    }

    /// <summary>
    /// The office's decision on its page of an inspection (<paramref name="subject"/> a candidate) or an objection (an
    /// objection id), as the task would have recorded it, e.g. one left unanswered after its escalation, recorded in the
    /// trail as <paramref name="by"/>'s (see <see cref="DecidedBy"/>); the process is told, so it goes on. Answers the
    /// refusal of the rules (404 unknown, 409 decided already, 422 no note).
    /// </summary>
    public async Task<SelectionRefusal?> DecideAsync(
        DurableTaskClient client, string selectionId, SelectionStep step, string subject, bool favourable, string? note, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var now = time.GetUtcNow();
        var change = await store.ChangeAsync(
            selectionId,
            s => step switch
            {
                SelectionStep.Inspection => s.Inspect(subject, favourable, note, by, now),
                SelectionStep.Objection => s.Answer(subject, favourable, note, by, now),
                _ => new(422, "step", "办公室页面只能办理考察和公示异议", "Only inspections and objections are decided on the office page."),
            },
            cancellationToken).ConfigureAwait(false);
        if (change.Refusal is { } refused)
        {
            return refused;
        }

        await AppendAsync(change, cancellationToken).ConfigureAwait(false);
        await TellAsync(client, selectionId, OpenSelectionOrchestration.OfficeDecisionEvent, subject, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Who a decision made on the office's page was recorded as before the trail named the person: trails written then
    /// keep it, and read as they did.
    /// </summary>
    public const string OfficePage = "组织科（办公室页面）";

    /// <summary>The longest name a decider is recorded under; the trail's actor stays well inside the audit log's limit.</summary>
    private const int MaxNameChars = 50;

    /// <summary>
    /// Who a decision made on the office's page is recorded as in the trail: the organisation section and whoever the
    /// office guard let in, by name and staff id ("组织科 张三（stf-00012）"), the App Service user
    /// ("组织科 张三（统一身份认证）"), or the master key ("组织科（主密钥）").
    /// </summary>
    public static string DecidedBy(OfficeVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        string name = visitor.Name.Trim() is { Length: > MaxNameChars } longName ? longName[..MaxNameChars] + "…" : visitor.Name.Trim();
        return visitor.By switch
        {
            OfficeAdmission.StaffSession when name.Length > 0 && name != visitor.StaffId => $"{SelectionCase.Organisation} {name}（{visitor.StaffId}）",
            OfficeAdmission.StaffSession => $"{SelectionCase.Organisation}（{visitor.StaffId}）",
            OfficeAdmission.EasyAuth when name.Length > 0 => $"{SelectionCase.Organisation} {name}（统一身份认证）",
            OfficeAdmission.EasyAuth => $"{SelectionCase.Organisation}（统一身份认证）",
            _ => $"{SelectionCase.Organisation}（主密钥）",
        };
    }

    /// <summary>
    /// Who a step answered through its task is recorded as in the trail: the organisation section and the person who
    /// answered, by name and staff id ("组织科 张三（stf-00012）"), as <see cref="DecidedBy"/> names a decision on the office's
    /// page; the staff id alone when the directory has no name for them.
    /// </summary>
    public static string AnsweredBy(string staffId, string? name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(staffId);
        string trimmed = name?.Trim() is { Length: > MaxNameChars } longName ? longName[..MaxNameChars] + "…" : name?.Trim() ?? string.Empty;
        return trimmed.Length > 0 && trimmed != staffId ? $"{SelectionCase.Organisation} {trimmed}（{staffId}）" : $"{SelectionCase.Organisation}（{staffId}）";
    }

    private async Task AppendAsync(SelectionChange change, CancellationToken cancellationToken)
    {
        foreach (var append in SelectionAudit.Appends(change.Selection!, change.FirstNewSeq))
        {
            await audit.AppendAsync(append, cancellationToken).ConfigureAwait(false);
        }
    }

    // A selection run by hand (no process started) keeps its stored steps; there is just nobody to tell.
    private static async Task TellAsync<T>(DurableTaskClient client, string selectionId, string eventName, T value, CancellationToken cancellationToken)
    {
        string instanceId = OpenSelectionOrchestration.InstanceIdOf(selectionId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is { IsCompleted: false })
        {
            await client.RaiseEventAsync(instanceId, eventName, value, cancellationToken).ConfigureAwait(false);
        }
    }
}
