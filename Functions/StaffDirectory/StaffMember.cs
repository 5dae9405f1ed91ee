namespace EduFlows.StaffDirectory;

/// <summary>A person of the directory: school and bureau staff, researchers, and external panel members (no school).</summary>
public sealed record StaffMember
{
    private readonly string? _email;

    /// <summary>Stable id, e.g. "stf-000123".</summary>
    public required string Id { get; init; }

    /// <summary>Full name.</summary>
    public required string Name { get; init; }

    /// <summary>"female" or "male".</summary>
    public required string Gender { get; init; }

    /// <summary>Date of birth (personal).</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>E-mail address, where tasks are sent (personal); kept trimmed and lower-case so lookups by address are exact.</summary>
    public string? Email
    {
        get => _email;
        init => _email = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
    }

    /// <summary>Mobile number (personal).</summary>
    public string? Mobile { get; init; }

    /// <summary>The school, for school staff.</summary>
    public string? SchoolId { get; init; }

    /// <summary>The bureau department, for bureau staff and researchers.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>One of <see cref="DirectoryVocabulary.Posts"/>.</summary>
    public required string Post { get; init; }

    /// <summary>Subject taught or researched.</summary>
    public string? Subject { get; init; }

    /// <summary>Section taught or researched.</summary>
    public string? Section { get; init; }

    /// <summary>Professional title.</summary>
    public string? Title { get; init; }

    /// <summary>When the person was hired.</summary>
    public DateOnly? HireDate { get; init; }

    /// <summary>Since when the person holds the current post (years in post derive from it).</summary>
    public DateOnly? PostSince { get; init; }

    /// <summary>In the reserve pool of principals (后备校长).</summary>
    public bool ReservePrincipal { get; init; }

    /// <summary>In the reserve pool of researchers (后备教研员).</summary>
    public bool ReserveResearcher { get; init; }

    /// <summary>Declared relatives in the directory (亲属申报, personal); null when none, as on rows written before the field.</summary>
    public IReadOnlyList<DeclaredRelative>? Relatives { get; init; }

    /// <summary>Whole years in the current post on <paramref name="today"/>.</summary>
    public int? YearsInPost(DateOnly today) => PostSince is { } since ? Years(since, today) : null;

    /// <summary>Age in whole years on <paramref name="today"/>.</summary>
    public int? Age(DateOnly today) => BirthDate is { } born ? Years(born, today) : null;

    /// <summary>The record without personal data, for callers who are not administrators.</summary>
    public StaffMember WithoutPersonalData() => this with { BirthDate = null, Email = null, Mobile = null, Relatives = null };

    // Whole years: the anniversary this year must have been reached (day-of-year comparisons go wrong around leap years).
    private static int Years(DateOnly from, DateOnly to) => to.Year - from.Year - (to < from.AddYears(to.Year - from.Year) ? 1 : 0);
}
