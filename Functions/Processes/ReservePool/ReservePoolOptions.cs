namespace EduFlows.Processes.ReservePool;

/// <summary>The pool's rules; the seed gives no numbers, so these are the bureau's defaults, stated in the README.</summary>
public sealed record ReservePoolOptions
{
    /// <summary>The defaults.</summary>
    public static readonly ReservePoolOptions Default = new();

    /// <summary>A reserve principal leaves the pool at the yearly review once this old (default 50: a first principal post before 50).</summary>
    public int PrincipalAgeLimit { get; init; } = 50;

    /// <summary>A reserve researcher leaves once this old (default 45).</summary>
    public int ResearcherAgeLimit { get; init; } = 45;

    /// <summary>Days the member and then the office have for their review task (default 14 each).</summary>
    public int ReviewTaskDays { get; init; } = 14;

    /// <summary>The age limit of a pool.</summary>
    public int AgeLimitOf(string pool) => pool == ReservePoolDesk.Researchers ? ResearcherAgeLimit : PrincipalAgeLimit;
}
