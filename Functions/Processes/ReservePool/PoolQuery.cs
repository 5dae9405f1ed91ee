namespace EduFlows.Processes.ReservePool;

/// <summary>What the office filters the pool by (every part optional).</summary>
/// <param name="Pool">"principal" or "researcher".</param>
/// <param name="Section">A section (primary, junior…).</param>
/// <param name="MinAge">Youngest age, inclusive.</param>
/// <param name="MaxAge">Oldest age, inclusive.</param>
/// <param name="Readiness">"ready" or "developing".</param>
/// <param name="IncludeExited">Also list those who left.</param>
public sealed record PoolQuery(string? Pool, string? Section, int? MinAge, int? MaxAge, string? Readiness, bool IncludeExited = false)
{
    /// <summary>Whether <paramref name="member"/> matches on <paramref name="day"/>.</summary>
    public bool Matches(PoolMember member, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(member);
        int? age = member.AgeOn(day);
        return (IncludeExited || member.Active)
            && (Pool is null || member.Pool == Pool)
            && (Section is null || member.Section == Section)
            && (Readiness is null || member.Readiness == Readiness)
            && (MinAge is null || age >= MinAge)
            && (MaxAge is null || age <= MaxAge);
    }
}
