using System.Globalization;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The researcher review's tables: schemes (one row per section and version), process records, reviews, published
/// results (a row per researcher and review) and frontline-rotation decisions.
/// </summary>
public sealed class ResearcherReviewStore(StorageAccount account, string hubName)
{
    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public ResearcherReviewStore(string connectionString, string hubName)
        : this(StorageAccount.FromConnectionString(connectionString), hubName)
    {
    }

    /// <summary>Scheme versions.</summary>
    public RecordTable<ResearcherScheme> Schemes { get; } = new(
        account.Tables.GetTableClient(hubName + "ResearcherSchemes"),
        s => SchemeId(s.Section, s.Version),
        s => new Dictionary<string, object?> { ["Section"] = s.Section, ["Version"] = s.Version });

    /// <summary>Process records.</summary>
    public RecordTable<ProcessRecord> Records { get; } = new(
        account.Tables.GetTableClient(hubName + "ResearcherRecords"),
        r => r.Id,
        r => new Dictionary<string, object?> { ["ResearcherId"] = r.ResearcherId, ["Kind"] = r.Kind, ["Date"] = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    /// <summary>Reviews.</summary>
    public RecordTable<ReviewRecord> Reviews { get; } = new(
        account.Tables.GetTableClient(hubName + "ResearcherReviews"),
        r => r.Id,
        r => new Dictionary<string, object?> { ["Section"] = r.Section, ["Year"] = r.Period.Year });

    /// <summary>Published results.</summary>
    public RecordTable<ResearcherResultRecord> Results { get; } = new(
        account.Tables.GetTableClient(hubName + "ResearcherResults"),
        r => r.Id,
        r => new Dictionary<string, object?> { ["ReviewId"] = r.ReviewId, ["ResearcherId"] = r.Result.ResearcherId, ["Section"] = r.Section, ["Year"] = r.Period.Year });

    /// <summary>Frontline-rotation decisions.</summary>
    public RecordTable<RotationDecision> RotationDecisions { get; } = new(
        account.Tables.GetTableClient(hubName + "ResearcherRotation"),
        d => d.Id,
        d => new Dictionary<string, object?> { ["Year"] = d.Year });

    /// <summary>The newest stored version of a section's scheme, or the default (version 1) when none is stored.</summary>
    public async Task<ResearcherScheme> CurrentSchemeAsync(string section, CancellationToken cancellationToken) =>
        (await StoredSchemesAsync(section, cancellationToken).ConfigureAwait(false)).LastOrDefault() ?? DefaultSchemes.For(section);

    /// <summary>One version of a section's scheme; null when there is no such version.</summary>
    public async Task<ResearcherScheme?> SchemeAsync(string section, int version, CancellationToken cancellationToken)
    {
        var stored = (await Schemes.GetAsync(SchemeId(section, version), cancellationToken).ConfigureAwait(false))?.Record;
        return stored ?? (version == 1 ? DefaultSchemes.For(section) : null);
    }

    /// <summary>Stores a scheme as the section's next version (already validated) and returns it as stored.</summary>
    public async Task<ResearcherScheme> SaveSchemeAsync(ResearcherScheme scheme, string savedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        // Two saves at once: the second finds its version taken and takes the next one.
        while (true)
        {
            int latest = (await StoredSchemesAsync(scheme.Section, cancellationToken).ConfigureAwait(false)).LastOrDefault()?.Version ?? 1;
            var next = scheme with { Version = latest + 1, SavedAt = now, SavedBy = savedBy };
            if (await Schemes.TryAddAsync(next, cancellationToken).ConfigureAwait(false))
            {
                return next;
            }
        }
    }

    /// <summary>
    /// Stores a scheme (already validated) as the version after <paramref name="readAt"/>, only if that is still the
    /// section's newest: null when another version was stored since, and then nothing is stored.
    /// </summary>
    /// <remarks>The next version's row is added, never replaced, so of two saves read at the same version only one lands.</remarks>
    public async Task<ResearcherScheme?> TrySaveSchemeOverAsync(ResearcherScheme scheme, int readAt, string savedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        int latest = (await StoredSchemesAsync(scheme.Section, cancellationToken).ConfigureAwait(false)).LastOrDefault()?.Version ?? 1;
        if (latest != readAt)
        {
            return null;
        }

        var next = scheme with { Version = readAt + 1, SavedAt = now, SavedBy = savedBy };
        return await Schemes.TryAddAsync(next, cancellationToken).ConfigureAwait(false) ? next : null;
    }

    /// <summary>A researcher's records (withdrawn ones included) in a date range, by date.</summary>
    public async Task<List<ProcessRecord>> RecordsOfAsync(string researcherId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"ResearcherId eq {researcherId} and Date ge {Day(from)} and Date le {Day(to)}");
        var found = await Records.QueryAsync(filter, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(r => r.Date).ThenBy(r => r.CreatedAt)];
    }

    /// <summary>The published results of a review, by rank.</summary>
    public async Task<List<ResearcherResult>> ResultsOfAsync(string reviewId, CancellationToken cancellationToken) =>
        [.. (await ResultRowsOfAsync(reviewId, cancellationToken).ConfigureAwait(false)).Select(r => r.Result)];

    /// <summary>The published result rows of a review (with the reviewer flags), by rank.</summary>
    public async Task<List<ResearcherResultRecord>> ResultRowsOfAsync(string reviewId, CancellationToken cancellationToken) =>
        [.. (await Results.QueryAsync(TableClient.CreateQueryFilter($"ReviewId eq {reviewId}"), cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.Result.Rank).ThenBy(r => r.Result.ResearcherId, StringComparer.Ordinal)];

    private async Task<List<ResearcherScheme>> StoredSchemesAsync(string section, CancellationToken cancellationToken) =>
        [.. (await Schemes.QueryAsync(TableClient.CreateQueryFilter($"Section eq {section}"), cancellationToken).ConfigureAwait(false)).OrderBy(s => s.Version)];

    private static string SchemeId(string section, int version) => string.Create(CultureInfo.InvariantCulture, $"{section}.v{version:D4}");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
