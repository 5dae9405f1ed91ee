using System.Collections.Frozen;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The published criteria of direct appointment (直接聘用): who may keep their post without competing, if the principal confirms.</summary>
/// <remarks>Defaults: school leaders (appointed by their own process) keep their post, and so does anyone within two years of the retirement age of 60.</remarks>
public sealed record DirectAppointmentCriteria
{
    // Declared first: static initialisers run in order, and Default reads it.
    private static readonly FrozenSet<string> LeadershipPosts = new HashSet<string>(StringComparer.Ordinal) { "principal", "vice-principal", "mid-level-leader" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The version printed with each decision.</summary>
    public required string Version { get; init; }

    /// <summary>Directory posts kept directly (default principal, vice-principal, mid-level leader).</summary>
    public IReadOnlySet<string> KeptPosts { get; init; } = LeadershipPosts;

    /// <summary>Retirement age (default 60).</summary>
    public int RetirementAge { get; init; } = 60;

    /// <summary>Years before retirement within which the post is kept (default 2).</summary>
    public int YearsBeforeRetirement { get; init; } = 2;

    /// <summary>The default criteria, version "2026.1".</summary>
    public static DirectAppointmentCriteria Default { get; } = new() { Version = "2026.1" };

    /// <summary>The rule under which a person qualifies, or null.</summary>
    public PlacementRule? Qualifies(Participant who)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (KeptPosts.Contains(who.Post))
        {
            return PlacementRule.DirectLeadership;
        }

        return who.Age >= RetirementAge - YearsBeforeRetirement ? PlacementRule.DirectNearRetirement : null;
    }
}
