using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The assessment's tables (<c>{hub}DeptXxx</c>): scheme versions, monthly reports, duty reviews and their panels,
/// year-end entries, principals' session scores, year results and reassignment decisions.
/// </summary>
public sealed class AssessmentStore(StorageAccount account, string hubName)
{
    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public AssessmentStore(string connectionString, string hubName)
        : this(StorageAccount.FromConnectionString(connectionString), hubName)
    {
    }

    /// <summary>Scheme versions, id "2026-v001".</summary>
    public RecordTable<AssessmentScheme> Schemes { get; } = Table<AssessmentScheme>(account, hubName + "DeptSchemes", s => $"{s.Year:D4}-v{s.Version:D3}", s => new() { ["Year"] = s.Year, ["Version"] = s.Version });

    /// <summary>Monthly reports, id "2026-03-dep-04".</summary>
    public RecordTable<MonthlyReport> MonthlyReports { get; } = Table<MonthlyReport>(account, hubName + "DeptMonthly", r => r.Id, r => new() { ["Year"] = r.Year, ["Month"] = r.Month });

    /// <summary>Duty reviews, id "2026-H1-dep-04".</summary>
    public RecordTable<DutyReview> DutyReviews { get; } = Table<DutyReview>(account, hubName + "DeptDuty", r => r.Id, r => new() { ["Year"] = r.Year, ["Half"] = r.Half });

    /// <summary>Who judges a duty review and through which task, id "2026-H1".</summary>
    public RecordTable<DutyPanel> DutyPanels { get; } = Table<DutyPanel>(account, hubName + "DeptPanels", p => p.Id, p => new() { ["Year"] = p.Year });

    /// <summary>Year-end entries (presentation, innovation claimed and confirmed), id "2026-dep-04".</summary>
    public RecordTable<YearEndEntry> YearEndEntries { get; } = Table<YearEndEntry>(account, hubName + "DeptYearEnd", e => e.Id, e => new() { ["Year"] = e.Year });

    /// <summary>Scoring sessions, id "2026".</summary>
    public RecordTable<ScoringSession> Sessions { get; } = Table<ScoringSession>(account, hubName + "DeptSessions", s => s.Id, s => new() { ["Year"] = s.Year });

    /// <summary>One principal's session scores, id "2026-stf-00001".</summary>
    public RecordTable<PrincipalScores> SessionScores { get; } = Table<PrincipalScores>(account, hubName + "DeptScores", s => s.Id, s => new() { ["Year"] = s.Year });

    /// <summary>Published year results, id "2026-dep-04".</summary>
    public RecordTable<YearResult> YearResults { get; } = Table<YearResult>(account, hubName + "DeptResults", r => r.Id, r => new() { ["Year"] = r.Year });

    /// <summary>Reassignment decisions, id "2027-dep-04".</summary>
    public RecordTable<Reassignment> Reassignments { get; } = Table<Reassignment>(account, hubName + "DeptReassign", r => r.Id, r => new() { ["Year"] = r.Year });

    /// <summary>The latest version of a year's scheme; null when none was stored.</summary>
    public async Task<AssessmentScheme?> CurrentSchemeAsync(int year, CancellationToken cancellationToken)
    {
        var versions = await Schemes.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken).ConfigureAwait(false);
        return versions.MaxBy(s => s.Version);
    }

    /// <summary>Stores a scheme as the year's next version and returns it with its version.</summary>
    public async Task<AssessmentScheme> SaveSchemeAsync(AssessmentScheme scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        while (true)
        {
            int next = ((await CurrentSchemeAsync(scheme.Year, cancellationToken).ConfigureAwait(false))?.Version ?? 0) + 1;
            var versioned = scheme with { Version = next };
            if (await Schemes.TryAddAsync(versioned, cancellationToken).ConfigureAwait(false))
            {
                return versioned;
            }
        }
    }

    /// <summary>
    /// Stores a scheme as the version after <paramref name="readVersion"/> (0: none was stored), only if that is still the
    /// year's latest; null, and nothing stored, when someone stored a version since.
    /// </summary>
    public async Task<AssessmentScheme?> TrySaveSchemeAsync(AssessmentScheme scheme, int readVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);

        // Versions are added one after another and never removed: the next one exists exactly when someone saved since.
        var versioned = scheme with { Version = readVersion + 1 };
        return await Schemes.TryAddAsync(versioned, cancellationToken).ConfigureAwait(false) ? versioned : null;
    }

    /// <summary>The scheme a year runs with: its latest version, or the defaults stored as version 1.</summary>
    public async Task<AssessmentScheme> SchemeInForceAsync(int year, CancellationToken cancellationToken) =>
        await CurrentSchemeAsync(year, cancellationToken).ConfigureAwait(false)
        ?? await SaveSchemeAsync(AssessmentScheme.DefaultFor(year), cancellationToken).ConfigureAwait(false);

    /// <summary>All records of a year.</summary>
    public static Task<List<T>> OfYearAsync<T>(RecordTable<T> table, int year, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken);
    }

    private static RecordTable<T> Table<T>(StorageAccount account, string name, Func<T, string> idOf, Func<T, Dictionary<string, object?>> columns)
        where T : class =>
        new(account.Tables.GetTableClient(name), idOf, r => columns(r));
}
