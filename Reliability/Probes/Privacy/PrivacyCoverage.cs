using System.Text.RegularExpressions;
using EduFlows.Reliability.Probes.Fuzz;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// Which GET operations of the app's OpenAPI document the privacy probe must read, and which it did. The rule:
/// <list type="number">
/// <item>A GET that takes the master key (or an office sign-in, whose routes the document marks the same way) is an
/// administrator's read and out of scope: the fuzz probe checks each refuses a caller without the key.</item>
/// <item>Every other GET (function key or anonymous: a key a school's system holds, a task or mail link, a staff
/// session) is people-returning unless <see cref="NotPeopleReturning"/> names it with the reason it shows nobody.
/// An operation the document gains is therefore people-returning until someone says otherwise.</item>
/// <item>A people-returning operation is read when the probe had an answer 2xx from it without the master key, and
/// scanned that answer. One that needs the dev clock moved or a process run to its end is read in the full profile
/// only (<see cref="FullProfileOnly"/>); the fast profile counts it apart and does not report it. One no profile reads
/// yet is a named, counted gap (<see cref="KnownGaps"/>).</item>
/// </list>
/// A people-returning operation not read is a finding ("privacy coverage"), as is (<see cref="PrivacyCoverageResult.Stale"/>)
/// a classification naming an operation the document no longer has.
/// </summary>
internal static partial class PrivacyCoverage
{
    /// <summary>The GETs a non-admin may call that return nobody, each with why (keys are <see cref="FuzzOperation.Key"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotPeopleReturning = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /api/health"] = "storage reachability, partitions and timers: no person",
        ["GET /api/{landing}"] = "the landing page: what EduFlows is and where to sign in, the same for everyone",
        ["GET /api/calendar/{year}"] = "the bureau's working days and holidays of a year",
        ["GET /api/department-assessment/schemes/{year}"] = "the 1000-point scheme: sections, points and deadlines, no person",
        ["GET /api/researcher-reviews/schemes/{section}"] = "a section's review scheme: indicators and weights, no person",
        // Read by no run yet (a head's upload needs the year end's entry task, whose window depends on the day of the year):
        // the file is the head's own slides passed through as uploaded, not a record the app composes about anyone.
        ["GET /api/department-assessment/{year}/presentations/{departmentId}"] = "a department's year-end slides as its head uploaded them: a file passed through, no record of a person",
        ["GET /api/department-assessment/{year}/session/link"] = "the form where a principal types their own address to get their scoring link again: shows nobody",
    };

    /// <summary>
    /// People-returning GETs the probe reads in its full profile only, and why not in the fast one (the fast profile runs
    /// in CI on every push, with no dev-clock move).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FullProfileOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /api/head-teachers/elections/{electionId}/ballot"] = "a term election of the demo county's association, run to its ballot",
        ["GET /api/open-selections/{id}/interview-scores"] = "an open selection run to its interview day: the dev clock moves three days and more",
    };

    /// <summary>
    /// People-returning GETs no profile reads yet, each with what reading it takes: the backlog of issue 16, kept in sight.
    /// Each is counted and logged on every run instead of failing it; an operation not named here or above still fails it.
    /// Take an entry out when the probe reads it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownGaps = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    /// <summary>Sorts the document's operations by the rule and the paths the probe read (2xx, not the master key).</summary>
    /// <param name="operations">The OpenAPI document's operations (<see cref="FuzzOperation.FromOpenApi"/>).</param>
    /// <param name="readPaths">The paths (no query) the probe read with an answer 2xx and no master key.</param>
    /// <param name="fast">Whether this is the fast profile, which leaves out <see cref="FullProfileOnly"/>.</param>
    public static PrivacyCoverageResult Of(IEnumerable<FuzzOperation> operations, IEnumerable<string> readPaths, bool fast)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(readPaths);
        var gets = operations.Where(op => op.Method == "GET").DistinctBy(op => op.Key).ToList();
        var nonAdmin = gets.Where(op => op.Level != FuzzKeyLevel.Master).ToList();
        var people = nonAdmin.Where(op => !NotPeopleReturning.ContainsKey(op.Key)).ToList();
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in readPaths)
        {
            if (MatchOf(people, path) is { } op)
            {
                read.Add(op.Key);
            }
        }

        var notRead = people.Where(op => !read.Contains(op.Key)).ToList();
        var deferred = fast ? notRead.Where(op => FullProfileOnly.ContainsKey(op.Key)).ToList() : [];
        var gaps = notRead.Where(op => KnownGaps.ContainsKey(op.Key)).ToList();
        var findings = notRead.Except(deferred).Except(gaps)
            .Select(op => $"{op.Key} ({LevelName(op.Level)}) may return people and the probe read it with no answer 2xx as a non-admin; read it, or name it in {nameof(PrivacyCoverage)}.{nameof(NotPeopleReturning)} with why it shows nobody")
            .ToList();
        var keys = gets.Select(op => op.Key).ToHashSet(StringComparer.Ordinal);
        var stale = NotPeopleReturning.Keys.Concat(FullProfileOnly.Keys).Concat(KnownGaps.Keys).Where(k => !keys.Contains(k))
            .Select(k => $"{k} is classified in {nameof(PrivacyCoverage)} but the OpenAPI document has no such operation (renamed or removed: classify what replaced it)")
            .ToList();
        return new PrivacyCoverageResult(gets.Count, gets.Count - nonAdmin.Count, nonAdmin.Count - people.Count, people.Count, read.Count, [.. notRead.Select(op => op.Key)], [.. deferred.Select(op => op.Key)], [.. gaps.Select(op => op.Key)], findings, stale);
    }

    /// <summary>The operation whose template <paramref name="path"/> fills; a literal segment wins over a parameter.</summary>
    public static FuzzOperation? MatchOf(IEnumerable<FuzzOperation> operations, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string bare = Uri.UnescapeDataString(path.Split('?', 2)[0]);
        return operations
            .Where(op => Pattern(op.Template).IsMatch(bare))
            .OrderBy(op => op.Parameters.Count)
            .FirstOrDefault();
    }

    private static Regex Pattern(string template) =>
        new("^" + Parameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);

    private static string LevelName(FuzzKeyLevel level) => level == FuzzKeyLevel.Anonymous ? "anonymous: a link or a staff session" : "function key";

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex Parameter();
}

/// <summary>The privacy probe's coverage of the people-returning GETs (<see cref="PrivacyCoverage"/>).</summary>
/// <param name="Gets">GET operations in the document.</param>
/// <param name="AdminOnly">Of them, the master key's or the office's.</param>
/// <param name="NotPeople">Of the rest, those named as returning nobody.</param>
/// <param name="PeopleReturning">Of the rest, the people-returning ones.</param>
/// <param name="Read">Of those, read by the probe as a non-admin.</param>
/// <param name="NotRead">Of those, not read (method and route).</param>
/// <param name="Deferred">Of the not read, those read in the full profile only, left out of a fast run.</param>
/// <param name="KnownGaps">Of the not read, those named in <see cref="PrivacyCoverage.KnownGaps"/>.</param>
/// <param name="Findings">Each unread operation neither deferred nor a known gap.</param>
/// <param name="Stale">Each classification naming an operation the document does not have; the probe reports these too.</param>
internal sealed record PrivacyCoverageResult(int Gets, int AdminOnly, int NotPeople, int PeopleReturning, int Read, IReadOnlyList<string> NotRead, IReadOnlyList<string> Deferred, IReadOnlyList<string> KnownGaps, IReadOnlyList<string> Findings, IReadOnlyList<string> Stale);
