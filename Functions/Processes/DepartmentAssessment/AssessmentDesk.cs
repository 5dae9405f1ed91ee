using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The work behind the assessment's activities: reading the roster, storing each step's outcome, computing and
/// publishing the year, and writing mail to the outbox. Every write is keyed by a fixed id, so a retried activity
/// changes nothing twice.
/// </summary>
public sealed class AssessmentDesk(AssessmentStore store, DirectoryStore directory, StaffNotices notices, TaskTokenSigner signer, TaskLinks links)
{
    /// <summary>The directory post of bureau leadership members.</summary>
    public const string LeaderPost = "bureau-leader";

    /// <summary>The store.</summary>
    public AssessmentStore Store => store;

    /// <summary>Departments with their heads, the leaders, and the office and organisation heads.</summary>
    public async Task<AssessmentRoster> RosterAsync(AssessmentScheme scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var departments = (await directory.Departments.AllAsync(cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var leaders = await WithPostAsync(LeaderPost, cancellationToken).ConfigureAwait(false);
        return new AssessmentRoster(
            [.. departments.Select(d => new AssessedDepartment(d.Id, d.Name, d.HeadId))],
            [.. leaders.Select(l => l.Id).Order(StringComparer.Ordinal)],
            departments.FirstOrDefault(d => d.Id == scheme.OfficeDepartmentId)?.HeadId,
            departments.FirstOrDefault(d => d.Id == scheme.OrganisationDepartmentId)?.HeadId);
    }

    /// <summary>The school principals (post "principal"), by id.</summary>
    public async Task<IReadOnlyList<string>> PrincipalsAsync(CancellationToken cancellationToken) =>
        [.. (await WithPostAsync("principal", cancellationToken).ConfigureAwait(false)).Select(s => s.Id).Order(StringComparer.Ordinal)];

    /// <summary>Writes one summary mail per leader for a finished month; returns the outbox ids.</summary>
    public async Task<IReadOnlyList<string>> WriteMonthlySummaryAsync(int year, int month, IReadOnlyList<string> leaderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaderIds);
        var reports = (await AssessmentStore.OfYearAsync(store.MonthlyReports, year, cancellationToken).ConfigureAwait(false)).Where(r => r.Month == month).ToList();
        var names = await DepartmentNamesAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        foreach (string leaderId in leaderIds)
        {
            if (await directory.Staff.GetAsync(leaderId, cancellationToken).ConfigureAwait(false) is { Email: { Length: > 0 } } leader)
            {
                var content = AssessmentMails.Monthly(leader.Name, year, month, reports, names);
                ids.Add(await WriteMailAsync($"dept-monthly-summary-{year:D4}-{month:D2}.{leader.Id}", AssessmentMails.MonthlySummary, leader, content, cancellationToken).ConfigureAwait(false));
            }
        }

        return ids;
    }

    /// <summary>Combines the leaders' scores of one duty review and stores a review per department (who scored what included).</summary>
    public async Task<IReadOnlyList<DutyReview>> CloseDutyReviewAsync(DutyReviewClosing closing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closing);
        var scheme = closing.Scheme;
        var scored = closing.Reports.Where(r => r.Report is not null).Select(r => r.DepartmentId).ToList();
        var scores = closing.Judgements
            .SelectMany(j => j.Values.Where(v => scored.Contains(v.Key)).Select(v => new JudgeScore(j.SubmittedBy, v.Key, decimal.Parse(v.Value, CultureInfo.InvariantCulture))))
            .ToList();
        var outcome = ScoringPanel.Combine(scored, scores, scheme.DutyMaxScore, scheme.DutyPanel);
        var reviews = new List<DutyReview>();
        foreach (var report in closing.Reports)
        {
            var combined = outcome.Candidates.FirstOrDefault(c => c.CandidateId == report.DepartmentId);
            var review = new DutyReview
            {
                Year = closing.Year,
                Half = closing.Half,
                DepartmentId = report.DepartmentId,
                HeadId = report.HeadId,
                Report = report.Report,
                Scores = [.. scores.Where(s => s.CandidateId == report.DepartmentId).OrderBy(s => s.JudgeId, StringComparer.Ordinal)],
                Score = combined?.Score,
                DroppedJudges = combined?.DroppedJudges ?? [],
                Flags = [.. outcome.Flags.Where(f => f.CandidateId == report.DepartmentId)],
                Rule = outcome.Rule,
                Deduction = AssessmentRules.DutyDeduction(scheme, report.Report is not null, combined?.Score),
            };
            await store.DutyReviews.PutAsync(review, cancellationToken).ConfigureAwait(false);
            reviews.Add(review);
        }

        return reviews;
    }

    /// <summary>Records a head's claims (keeping an uploaded presentation) or the office's confirmation.</summary>
    public async Task UpdateYearEndEntryAsync(YearEndEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        while (true)
        {
            var read = await store.YearEndEntries.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                if (await store.YearEndEntries.TryAddAsync(entry, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            // The presentation arrives through its own endpoint; never lose it when the claims are stored.
            var merged = entry with
            {
                PresentationBlob = entry.PresentationBlob ?? read.Record.PresentationBlob,
                PresentationFileName = entry.PresentationFileName ?? read.Record.PresentationFileName,
                TaskId = entry.TaskId ?? read.Record.TaskId,
                Claims = entry.Claims ?? read.Record.Claims,
                ClaimedPoints = entry.ClaimedPoints != 0 ? entry.ClaimedPoints : read.Record.ClaimedPoints,
                ConfirmedPoints = entry.ConfirmedPoints ?? read.Record.ConfirmedPoints,
                ConfirmedBy = entry.ConfirmedBy ?? read.Record.ConfirmedBy,
            };
            if (await store.YearEndEntries.TryReplaceAsync(merged, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Computes every department's 1000-point result from what is stored for the year with the scheme version the year
    /// ran with, ranks them, stores the results,
    /// writes the publication mail (leaders and heads) and applies the two-year window against last year's results.
    /// </summary>
    public async Task<YearPublication> PublishYearAsync(int year, int schemeVersion, IReadOnlyList<string> failedCheckpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failedCheckpoints);
        var scheme = (await store.Schemes.GetAsync($"{year:D4}-v{schemeVersion:D3}", cancellationToken).ConfigureAwait(false))?.Record
            ?? throw new InvalidOperationException($"Version {schemeVersion} of the {year} scheme is not stored.");
        var roster = await RosterAsync(scheme, cancellationToken).ConfigureAwait(false);
        var monthly = await AssessmentStore.OfYearAsync(store.MonthlyReports, year, cancellationToken).ConfigureAwait(false);
        var duty = await AssessmentStore.OfYearAsync(store.DutyReviews, year, cancellationToken).ConfigureAwait(false);
        var entries = (await AssessmentStore.OfYearAsync(store.YearEndEntries, year, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.DepartmentId, StringComparer.Ordinal);
        var principalScores = await AssessmentStore.OfYearAsync(store.SessionScores, year, cancellationToken).ConfigureAwait(false);
        var departments = roster.Departments.Where(d => d.HeadId is not null).ToList();
        var satisfaction = AssessmentRules.CombinePrincipals(
            scheme,
            [.. departments.Select(d => d.Id)],
            [.. principalScores.SelectMany(p => p.Scores.Where(s => departments.Any(d => d.Id == s.Key)).Select(s => new JudgeScore(p.PrincipalId, s.Key, s.Value)))]);

        var scores = departments.Select(d =>
        {
            decimal deductions = monthly.Where(m => m.DepartmentId == d.Id).Sum(m => m.Deduction) + duty.Where(r => r.DepartmentId == d.Id).Sum(r => r.Deduction);
            var entry = entries.GetValueOrDefault(d.Id);
            // Satisfaction is scaled from the unrounded combined score and rounded once.
            return AssessmentRules.Score(scheme, d.Id, deductions, entry?.ClaimedPoints ?? 0, entry?.ConfirmedPoints, satisfaction.Candidates.Single(c => c.CandidateId == d.Id).Exact);
        });
        var results = new List<YearResult>();
        foreach (var score in AssessmentRules.Rank(scores))
        {
            var department = departments.Single(d => d.Id == score.DepartmentId);
            var combined = satisfaction.Candidates.Single(c => c.CandidateId == department.Id);
            var result = new YearResult
            {
                Year = year,
                DepartmentId = department.Id,
                DepartmentName = department.Name,
                HeadId = department.HeadId,
                HeadMonths = AssessmentRules.MonthsLed(monthly, department.Id, department.HeadId),
                HeadAccountable = AssessmentRules.HeadAccountable(scheme, AssessmentRules.MonthsLed(monthly, department.Id, department.HeadId)),
                SchemeVersion = scheme.Version,
                Score = score,
                LateReports = monthly.Count(m => m.DepartmentId == department.Id && m.Standing == ReportStanding.Late),
                MissingReports = monthly.Count(m => m.DepartmentId == department.Id && m.Standing == ReportStanding.Missing),
                ReworkRounds = monthly.Where(m => m.DepartmentId == department.Id).Sum(m => m.ReworkRounds),
                Principals = combined.Judges,
                PrincipalScore = combined.Score,
                FailedCheckpoints = failedCheckpoints,
                DutyScoreH1 = duty.FirstOrDefault(r => r.DepartmentId == department.Id && r.Half == 1)?.Score,
                DutyScoreH2 = duty.FirstOrDefault(r => r.DepartmentId == department.Id && r.Half == 2)?.Score,
            };
            await store.YearResults.PutAsync(result, cancellationToken).ConfigureAwait(false);
            results.Add(result);
        }

        var mailIds = new List<string>();
        foreach (string staffId in roster.LeaderIds.Concat(departments.Select(d => d.HeadId!)).Distinct(StringComparer.Ordinal))
        {
            if (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is { Email: { Length: > 0 } } person)
            {
                mailIds.Add(await WriteMailAsync($"dept-year-results-{year:D4}.{person.Id}", AssessmentMails.YearResults, person, AssessmentMails.Results(person.Name, year, results), cancellationToken).ConfigureAwait(false));
            }
        }

        var previous = await AssessmentStore.OfYearAsync(store.YearResults, year - 1, cancellationToken).ConfigureAwait(false);
        return new YearPublication(year, scheme.Version, mailIds, TwoYearWindow.Check(previous, results)) { FailedCheckpoints = failedCheckpoints };
    }

    /// <summary>
    /// Starts the decision process for a head last two years running (once per department and year), through the
    /// calling function's durable client: in Azure a client exists only as a function's binding, never as a service.
    /// </summary>
    public static async Task<string> StartReassignmentAsync(DurableTaskClient client, ReassignmentCase found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(found);
        string instanceId = $"department-reassignment-{found.Year:D4}-{found.DepartmentId}";
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ReassignmentDecision.Name, found, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            // Started by an earlier attempt of this activity.
        }

        return instanceId;
    }

    /// <summary>
    /// Each judge's link to the page with the heads' whole duty reports, signed like the judge's task link (same
    /// task, assignee and expiry), so only that judge can open it and only while the judging is open.
    /// </summary>
    public IReadOnlyDictionary<string, string> DutyReadingLinks(int year, int half, IReadOnlyList<string> leaderIds, DateTime due)
    {
        ArgumentNullException.ThrowIfNull(leaderIds);
        return leaderIds.ToDictionary(
            leader => leader,
            leader =>
            {
                string taskId = HalfYearReview.JudgingTaskId(year, half, leader);
                string token = signer.Issue(new TaskLinkToken(taskId, leader, new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))));
                return links.To($"department-assessment/duty-reports/{Uri.EscapeDataString(taskId)}?token={token}").ToString();
            },
            StringComparer.Ordinal);
    }

    /// <summary>Tells the leaders and the organisation office of a reassignment case; returns the outbox ids.</summary>
    public async Task<IReadOnlyList<string>> WriteReassignmentNoticesAsync(ReassignmentCase found, IReadOnlyList<string> recipients, bool overdue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(recipients);
        string headName = (await directory.Staff.GetAsync(found.HeadId, cancellationToken).ConfigureAwait(false))?.Name ?? found.HeadId;
        var ids = new List<string>();
        foreach (string id in recipients.Distinct(StringComparer.Ordinal))
        {
            if (await directory.Staff.GetAsync(id, cancellationToken).ConfigureAwait(false) is { Email: { Length: > 0 } } person)
            {
                ids.Add(overdue
                    ? await WriteMailAsync($"dept-reassignment-overdue-{found.Year:D4}-{found.DepartmentId}.{person.Id}", AssessmentMails.ReassignmentOverdueNotice, person, AssessmentMails.ReassignmentOverdue(person.Name, found, headName), cancellationToken).ConfigureAwait(false)
                    : await WriteMailAsync($"dept-reassignment-{found.Year:D4}-{found.DepartmentId}.{person.Id}", AssessmentMails.ReassignmentNotice, person, AssessmentMails.Reassignment(person.Name, found, headName), cancellationToken).ConfigureAwait(false));
            }
        }

        return ids;
    }

    private async Task<Dictionary<string, string>> DepartmentNamesAsync(CancellationToken cancellationToken) =>
        (await directory.Departments.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);

    private Task<List<StaffMember>> WithPostAsync(string post, CancellationToken cancellationToken) =>
        directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = post }, cancellationToken);

    private async Task<string> WriteMailAsync(string id, string template, StaffMember to, MailContent content, CancellationToken cancellationToken) =>
        (await notices.WriteToAsync(id, template, to, content, null, cancellationToken).ConfigureAwait(false)).Id;
}

/// <summary>What closes a duty review: the heads' reports and the leaders' answers.</summary>
/// <param name="Year">The year.</param>
/// <param name="Half">1 or 2.</param>
/// <param name="Scheme">The scheme in force.</param>
/// <param name="Reports">Each head's report (null text: not handed in).</param>
/// <param name="Judgements">Each leader's receipt (department id → score).</param>
public sealed record DutyReviewClosing(int Year, int Half, AssessmentScheme Scheme, IReadOnlyList<HeadReport> Reports, IReadOnlyList<TaskReceipt> Judgements);

/// <summary>A head's duty report.</summary>
/// <param name="DepartmentId">The department.</param>
/// <param name="HeadId">The head.</param>
/// <param name="Report">The text; null when not handed in.</param>
public sealed record HeadReport(string DepartmentId, string HeadId, string? Report);

/// <summary>What publishing a year did.</summary>
/// <param name="Year">The year.</param>
/// <param name="SchemeVersion">The scheme version used.</param>
/// <param name="MailIds">The result mails to send.</param>
/// <param name="Cases">Heads last two years running.</param>
public sealed record YearPublication(int Year, int SchemeVersion, IReadOnlyList<string> MailIds, IReadOnlyList<ReassignmentCase> Cases)
{
    /// <summary>The checkpoints that failed; the year was published without them.</summary>
    public IReadOnlyList<string> FailedCheckpoints { get; init; } = [];
}
