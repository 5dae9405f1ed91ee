using EduFlows.Calendar;
using System.Globalization;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// 年终总考核: heads hand in their innovation claims and upload their presentation (Blob storage, through the task's
/// link); the office confirms the innovation points; at the set time a scoring session opens in which every
/// principal scores every department once, through a task e-mailed to them and reachable from the QR-code page;
/// it closes on time and later or repeated answers are refused.
/// </summary>
public static class YearEndAssessment
{
    /// <summary>The orchestrator's name; instances are <c>year-end-assessment-YYYY</c>.</summary>
    public const string Name = "YearEndAssessment";

    /// <summary>One principal's scoring; instances are <c>year-end-assessment-YYYY-{principalId}</c>.</summary>
    public const string ScoringName = "YearEndAssessmentScoring";

    /// <summary>The year end to run.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Scheme">The scheme in force.</param>
    /// <param name="Roster">Departments, leaders, the office.</param>
    /// <param name="TimeZone">The bureau's time zone id.</param>
    public sealed record Input(int Year, AssessmentScheme Scheme, AssessmentRoster Roster, string? TimeZone = null);

    /// <summary>One principal's scoring task.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="PrincipalId">The principal.</param>
    /// <param name="TaskId">The task's fixed id.</param>
    /// <param name="ClosesAt">When the session closes.</param>
    /// <param name="Fields">One score field per department.</param>
    public sealed record ScoringInput(int Year, string PrincipalId, string TaskId, DateTime ClosesAt, IReadOnlyList<TaskField> Fields);

    /// <summary>The instance id of a year end.</summary>
    public static string InstanceId(int year) => $"year-end-assessment-{year:D4}";

    /// <summary>A head's year-end task (claims and presentation upload).</summary>
    public static string EntryTaskId(int year, string departmentId) => $"dept-year-end-{year:D4}-{departmentId}";

    /// <summary>A principal's scoring task.</summary>
    public static string ScoringTaskId(int year, string principalId) => $"dept-session-{year:D4}-{principalId}";

    /// <summary>The year end's orchestrator; its input is an <see cref="Input"/>; it returns how many principals scored.</summary>
    [Function(Name)]
    public static async Task<int> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>()!;
        var scheme = input.Scheme;
        // No version branch for the weekdays-only calendar before 877ad10 (2026-12-05): no instance had a version until
        // host.json's 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        var calendar = WorkingCalendar.For(scheme, await context.LoadWorkingDaysAsync(input.Year, input.Year + 1, input.TimeZone, AssessmentOrchestration.Retried));
        var departments = input.Roster.Departments.Where(d => d.HeadId is not null).ToList();
        string innovationMax = scheme.InnovationPoints.ToString("0.##", CultureInfo.InvariantCulture);

        // Claims and their confirmation must be done before the session opens, even when the year end starts late.
        var (opens, closes) = calendar.Session();

        // Heads: claims and presentation.
        context.SetStatus(new { step = "presentations" });
        foreach (var d in departments)
        {
            await context.CallActivityAsync<bool>(AssessmentActivities.UpdateYearEndEntry, new YearEndEntry { Year = input.Year, DepartmentId = d.Id, HeadId = d.HeadId!, TaskId = EntryTaskId(input.Year, d.Id) }, AssessmentOrchestration.Retried);
        }

        var entryDue = Min(calendar.DueAfter(context.CurrentUtcDateTime, scheme.PresentationWorkingDays), opens);
        var entries = entryDue <= context.CurrentUtcDateTime ? [] : await Task.WhenAll(departments.Select(d => context.AssignStaffTaskAsync(
            new StaffTaskRequest(AssessmentKinds.YearEndEntry.Name, d.HeadId!, $"{input.Year}年度考核展示与创新申报 · {d.Name}", entryDue)
            {
                TaskId = EntryTaskId(input.Year, d.Id),
                RemindBefore = [TimeSpan.FromDays(1)],
                OwnerId = input.Roster.OfficeHeadId,
                Fields =
                [
                    AssessmentKinds.YearEndEntry.Fields[0],
                    AssessmentKinds.YearEndEntry.Fields[1] with { Max = scheme.InnovationPoints, Hint = new LocalizedText($"0–{innovationMax}分", $"0–{innovationMax} points") },
                ],
                Upload = PresentationFiles.For(EntryTaskId(input.Year, d.Id)),
            })));
        var claimed = new List<(AssessedDepartment Department, string Claims, decimal Points)>();
        for (int i = 0; i < entries.Length; i++)
        {
            if (AssessmentOrchestration.Answer(entries[i]) is { } answer)
            {
                decimal points = decimal.Parse(answer.Values["claimedPoints"], CultureInfo.InvariantCulture);
                string claims = AssessmentOrchestration.Value(answer, "claims") ?? string.Empty;
                await context.CallActivityAsync<bool>(AssessmentActivities.UpdateYearEndEntry, new YearEndEntry { Year = input.Year, DepartmentId = departments[i].Id, HeadId = departments[i].HeadId!, Claims = claims, ClaimedPoints = points }, AssessmentOrchestration.Retried);
                if (points > 0)
                {
                    claimed.Add((departments[i], claims, points));
                }
            }
        }

        // The office confirms the claims (the director when there is no office head); unconfirmed claims earn nothing.
        // Nobody confirms their own department's points: the office's own claim goes to the director in a task of its
        // own, as its monthly reports do (AssessmentRoster.ReviewerFor).
        var confirmDue = Min(calendar.DueAfter(context.CurrentUtcDateTime, scheme.InnovationReviewWorkingDays), opens);
        var byConfirmer = claimed
            .Select(c => (Claim: c, Confirmer: input.Roster.ReviewerFor(c.Department, scheme)))
            .Where(c => c.Confirmer is not null && c.Confirmer != c.Claim.Department.HeadId)
            .GroupBy(c => c.Confirmer!, StringComparer.Ordinal)
            .OrderBy(g => g.Key == input.Roster.OfficeHeadId ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (byConfirmer.Count > 0 && confirmDue > context.CurrentUtcDateTime)
        {
            context.SetStatus(new { step = "innovation" });
            await Task.WhenAll(byConfirmer.Select(g => ConfirmAsync(context, input, g.Key, [.. g.Select(c => c.Claim)], confirmDue)));
        }

        // The scoring session.
        if (opens > context.CurrentUtcDateTime)
        {
            context.SetStatus(new { step = "waiting for the session", opens });
            await context.CreatePublishedTimer(opens, $"{input.Year}年度年终总考核现场评分开始", $"The {input.Year} year-end scoring session opens", CancellationToken.None);
        }

        if (context.CurrentUtcDateTime >= closes)
        {
            return 0;
        }

        var principals = await context.CallActivityAsync<IReadOnlyList<string>>(AssessmentActivities.LoadPrincipals, input.Year, AssessmentOrchestration.Retried);
        await context.CallActivityAsync<bool>(AssessmentActivities.OpenSession, new ScoringSession(
            input.Year, new DateTimeOffset(opens), new DateTimeOffset(closes), [.. departments.Select(d => d.Id)], principals.ToDictionary(p => p, p => ScoringTaskId(input.Year, p))), AssessmentOrchestration.Retried);
        context.SetStatus(new { step = "session", opens, closes, principals = principals.Count });
        var fields = SessionFields(scheme, departments);
        var scored = await Task.WhenAll(principals.Select(p => context.CallSubOrchestratorAsync<bool>(
            ScoringName,
            new ScoringInput(input.Year, p, ScoringTaskId(input.Year, p), closes, fields),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-{p}" })));
        int count = scored.Count(s => s);
        context.SetStatus(new { step = "closed", opens, closes, principals = principals.Count, scored = count });
        return count;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>
    /// The session form: one optional score per department, so a principal can submit as soon as they have seen the
    /// departments they score (the task kind refuses an empty form); a department left empty is not scored by them.
    /// </summary>
    public static IReadOnlyList<TaskField> SessionFields(AssessmentScheme scheme, IEnumerable<AssessedDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        string max = scheme.PrincipalMaxScore.ToString("0.##", CultureInfo.InvariantCulture);
        return [.. departments.Select(d => new TaskField(d.Id, new LocalizedText($"{d.Name}（满分{max}）", $"{d.Name} (max {max})"), TaskFieldType.Number, Required: false) { Min = 0, Max = scheme.PrincipalMaxScore })];
    }

    /// <summary>The task in which the office head confirms the claims; one confirmed by someone else (the director) gets its own id.</summary>
    public static string ConfirmationTaskId(int year, string confirmerId, string? officeHeadId) =>
        confirmerId == officeHeadId ? $"dept-innovation-{year:D4}" : $"dept-innovation-{year:D4}-by-{confirmerId}";

    private static async Task ConfirmAsync(TaskOrchestrationContext context, Input input, string confirmer, IReadOnlyList<(AssessedDepartment Department, string Claims, decimal Points)> claimed, DateTime due)
    {
        var confirmation = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.InnovationConfirmation.Name, confirmer, $"{input.Year}年度创新成果认定", due)
        {
            TaskId = ConfirmationTaskId(input.Year, confirmer, input.Roster.OfficeHeadId),
            RemindBefore = [TimeSpan.FromDays(1)],
            Fields = [.. claimed.Select(c => new TaskField(c.Department.Id, new LocalizedText($"{c.Department.Name}（申请{c.Points:0.##}分）", $"{c.Department.Name} (claimed {c.Points:0.##})"), TaskFieldType.Number) { Min = 0, Max = c.Points })],
            Context = [.. claimed.Select(c => new KeyValuePair<string, string>(c.Department.Name, c.Claims))],
        });
        if (AssessmentOrchestration.Answer(confirmation) is { } confirmed)
        {
            foreach (var c in claimed)
            {
                await context.CallActivityAsync<bool>(AssessmentActivities.UpdateYearEndEntry, new YearEndEntry
                {
                    Year = input.Year,
                    DepartmentId = c.Department.Id,
                    HeadId = c.Department.HeadId!,
                    ConfirmedPoints = decimal.Parse(confirmed.Values[c.Department.Id], CultureInfo.InvariantCulture),
                    ConfirmedBy = confirmed.SubmittedBy,
                }, AssessmentOrchestration.Retried);
            }
        }
    }

    /// <summary>One principal's scoring; its input is a <see cref="ScoringInput"/>; it returns whether they scored.</summary>
    [Function(ScoringName)]
    public static async Task<bool> ScoreAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ScoringInput>()!;
        // No stage of its own until the end: the status carries the next timer of its tasks (TimerStatus) from the start.
        context.SetStatus(null);
        var outcome = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.SessionScoring.Name, input.PrincipalId, $"{input.Year}年度科室千分考核满意度测评", input.ClosesAt)
        {
            TaskId = input.TaskId,
            Fields = input.Fields,
        });
        if (AssessmentOrchestration.Answer(outcome) is not { } answer)
        {
            return false;
        }

        // Departments left empty are not scored by this principal; the panel rule combines the scores that were given.
        var scores = input.Fields.Where(f => answer.Values.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => decimal.Parse(answer.Values[f.Name], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        await context.CallActivityAsync<bool>(AssessmentActivities.SavePrincipalScores, new PrincipalScores(input.Year, input.PrincipalId, answer.TaskId, answer.ReceiptId, answer.SubmittedAt, scores), AssessmentOrchestration.Retried);
        return true;
    }
}
