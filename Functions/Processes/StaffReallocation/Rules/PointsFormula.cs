using System.Collections.Frozen;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The published, versioned points formula of the reallocation: seniority, title, the last two assessment results,
/// support-teaching service, hardship and family bonuses, and the tie-breaks of equal totals, fixed before any list is read.
/// </summary>
/// <remarks>
/// The seed gives no weights; <see cref="Default"/> holds the sensible defaults described on each member. A result
/// always names the <see cref="Version"/> it was computed with, so a published breakdown can be audited later.
/// </remarks>
public sealed record PointsFormula
{
    // Declared first: static initialisers run in order, and Default reads them.
    private static readonly FrozenDictionary<string, decimal> DefaultTitlePoints = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["none"] = 0, ["third-grade"] = 2, ["second-grade"] = 4, ["first-grade"] = 8, ["senior"] = 12, ["professor-level"] = 15,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, decimal> DefaultAssessmentPoints = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [AssessmentResults.Excellent] = 5, [AssessmentResults.Competent] = 3, [AssessmentResults.BasicallyCompetent] = 1, [AssessmentResults.Incompetent] = 0,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> KnownResults = new HashSet<string>(StringComparer.Ordinal)
        { AssessmentResults.Excellent, AssessmentResults.Competent, AssessmentResults.BasicallyCompetent, AssessmentResults.Incompetent }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The version printed on every breakdown, e.g. "2026.1".</summary>
    public required string Version { get; init; }

    /// <summary>Points per whole year of service since the hire date (default 1).</summary>
    public decimal PointsPerServiceYear { get; init; } = 1m;

    /// <summary>Years of service counted at most (default 40).</summary>
    public int ServiceYearsCap { get; init; } = 40;

    /// <summary>Points per professional title (<c>DirectoryVocabulary.Titles</c>); a title not listed scores 0.</summary>
    public IReadOnlyDictionary<string, decimal> TitlePoints { get; init; } = DefaultTitlePoints;

    /// <summary>Points per assessment result (<see cref="AssessmentResults"/>), counted for each of the last <see cref="AssessmentsCounted"/> years.</summary>
    public IReadOnlyDictionary<string, decimal> AssessmentPoints { get; init; } = DefaultAssessmentPoints;

    /// <summary>How many of the most recent assessment results count (default 2).</summary>
    public int AssessmentsCounted { get; init; } = 2;

    /// <summary>Points per year of support-teaching service at a rural or weak school (default 2).</summary>
    public decimal PointsPerSupportYear { get; init; } = 2m;

    /// <summary>Support-teaching years counted at most (default 6).</summary>
    public int SupportYearsCap { get; init; } = 6;

    /// <summary>Hardship bonus per year served at a remote or hardship post (default 1).</summary>
    public decimal PointsPerHardshipYear { get; init; } = 1m;

    /// <summary>Hardship bonus at most (default 5).</summary>
    public decimal HardshipCap { get; init; } = 5m;

    /// <summary>Family bonus per approved family case, e.g. a spouse posted far away or a sole carer (default 2).</summary>
    public decimal PointsPerFamilyCase { get; init; } = 2m;

    /// <summary>Family bonus at most (default 4).</summary>
    public decimal FamilyCap { get; init; } = 4m;

    /// <summary>How equal totals are ordered, first to last; the staff id (ordinal) settles anything still equal.</summary>
    public IReadOnlyList<TieBreak> TieBreaks { get; init; } = [TieBreak.Seniority, TieBreak.Title, TieBreak.LatestAssessment, TieBreak.SupportTeaching];

    /// <summary>The default formula, version "2026.1".</summary>
    public static PointsFormula Default { get; } = new() { Version = "2026.1" };

    /// <summary>What stops the formula from being published: each problem names its field; empty when it may be.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Version))
        {
            errors.Add(new(nameof(Version), "a published formula needs a version") { ReasonZh = "公布的积分办法须有版本号。" });
        }

        foreach (var (field, value) in new (string, decimal)[]
        {
            (nameof(PointsPerServiceYear), PointsPerServiceYear), (nameof(ServiceYearsCap), ServiceYearsCap), (nameof(AssessmentsCounted), AssessmentsCounted),
            (nameof(PointsPerSupportYear), PointsPerSupportYear), (nameof(SupportYearsCap), SupportYearsCap), (nameof(PointsPerHardshipYear), PointsPerHardshipYear),
            (nameof(HardshipCap), HardshipCap), (nameof(PointsPerFamilyCase), PointsPerFamilyCase), (nameof(FamilyCap), FamilyCap),
        })
        {
            if (value < 0)
            {
                errors.Add(new(field, "must not be negative") { ReasonZh = "不能为负数。" });
            }
        }

        errors.AddRange(TitlePoints.Keys.Where(t => !DirectoryVocabulary.Titles.Contains(t)).Order(StringComparer.Ordinal)
            .Select(t => new FieldError($"{nameof(TitlePoints)}.{t}", "not a title of the directory") { ReasonZh = $"“{t}”不是名录中的职称。" }));
        errors.AddRange(AssessmentPoints.Keys.Where(r => !KnownResults.Contains(r)).Order(StringComparer.Ordinal)
            .Select(r => new FieldError($"{nameof(AssessmentPoints)}.{r}", "not an assessment result") { ReasonZh = $"“{r}”不是考核结果。" }));
        if (TieBreaks.Distinct().Count() != TieBreaks.Count)
        {
            errors.Add(new(nameof(TieBreaks), "each tie-break at most once") { ReasonZh = "每种同分排序规则只能用一次。" });
        }

        return errors;
    }

    /// <summary>Titles from lowest to highest, as the title tie-break orders them.</summary>
    internal static IReadOnlyList<string> TitleOrder { get; } = ["none", "third-grade", "second-grade", "first-grade", "senior", "professor-level"];
}
