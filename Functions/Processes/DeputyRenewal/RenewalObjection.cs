namespace EduFlows.Processes.DeputyRenewal;

/// <summary>An objection to a promotion on public notice (公示异议), raised to the school's round as an event.</summary>
/// <param name="AgainstStaffId">The person on notice objected to.</param>
/// <param name="Objector">Who objects (name and contact; kept with the objection, shown to the bureau only).</param>
/// <param name="Reason">What is objected, at most 500 characters.</param>
public sealed record RenewalObjection(string? AgainstStaffId, string? Objector, string? Reason)
{
    /// <summary>
    /// Whether this repeats <paramref name="earlier"/>: the same person objected to, the same objector and the same text
    /// (each trimmed), as a form posted twice sends it. A repeat is the same objection, looked into once.
    /// </summary>
    public bool Repeats(RenewalObjection earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return Same(AgainstStaffId, earlier.AgainstStaffId) && Same(Objector, earlier.Objector) && Same(Reason, earlier.Reason);
    }

    /// <summary>Whether this repeats an objection the round already keeps as its row.</summary>
    public bool Repeats(RenewalObjectionFinding earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return Repeats(new RenewalObjection(earlier.AgainstStaffId, earlier.Objector, earlier.Reason));
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.Ordinal);
}
