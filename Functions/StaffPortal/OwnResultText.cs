namespace EduFlows.StaffPortal;

/// <summary>An <see cref="OwnResult"/>'s words in another language (its path stays the same).</summary>
/// <param name="Kind">What it is, e.g. "Researcher half-year review result".</param>
/// <param name="Title">Which one, e.g. "2026 H1, junior".</param>
/// <param name="Summary">The outcome in a line, e.g. "total 86, rank 1".</param>
public sealed record OwnResultText(string Kind, string Title, string Summary);
