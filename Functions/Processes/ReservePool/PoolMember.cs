namespace EduFlows.Processes.ReservePool;

/// <summary>A person in the reserve pool (后备人才库), table <c>{hub}ReservePool</c>, one row per person and pool.</summary>
/// <param name="StaffId">The person (directory id).</param>
/// <param name="Pool">"principal" (后备校长) or "researcher" (后备教研员).</param>
/// <param name="Name">The name when entered.</param>
/// <param name="SchoolId">The person's school when entered (null for bureau staff).</param>
/// <param name="Section">The section (primary, junior, senior…), from the directory.</param>
/// <param name="BirthDate">From the directory: the age rule reads it.</param>
/// <param name="Source">How the person came in: "selection" (阳光选优) or "renewal" (续聘/提拔轮次).</param>
/// <param name="SourceReference">Which selection or renewal round.</param>
/// <param name="EnteredOn">The day of entry (bureau date).</param>
public sealed record PoolMember(
    string StaffId, string Pool, string Name, string? SchoolId, string? Section, DateOnly? BirthDate, string Source, string SourceReference, DateOnly EnteredOn)
{
    /// <summary>The office's last judgement: "ready" (可提任), "developing" (培养中); new members are "developing".</summary>
    public string Readiness { get; init; } = PoolReadiness.Developing;

    /// <summary>The selection or round as staff read it (null for entries made before it was kept: the reference stands in).</summary>
    public string? SourceName { get; init; }

    /// <summary>How the person came in, in Chinese, e.g. 选拔：2026年教研员阳光选优.</summary>
    public string SourceZh => $"{PoolEntryRequest.SourceZh(Source)}：{SourceName ?? SourceReference}";

    /// <summary>Whether the person is still in the pool.</summary>
    public bool Active => Exit is null;

    /// <summary>Why and when the person left; null while in the pool.</summary>
    public PoolExit? Exit { get; init; }

    /// <summary>The last year whose yearly review decided about this person.</summary>
    public int? LastReviewYear { get; init; }

    /// <summary>The row id.</summary>
    public string Id => IdOf(Pool, StaffId);

    /// <summary>The row id of a person in a pool.</summary>
    public static string IdOf(string pool, string staffId) => $"{pool}.{staffId}";

    /// <summary>The person's age on <paramref name="day"/>, when the birth date is known.</summary>
    public int? AgeOn(DateOnly day) => BirthDate is { } born ? day.Year - born.Year - (day < born.AddYears(day.Year - born.Year) ? 1 : 0) : null;
}
