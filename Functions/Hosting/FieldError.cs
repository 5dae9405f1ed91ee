namespace EduFlows.Hosting;

/// <summary>What is wrong with one field of a record.</summary>
/// <param name="Field">The field (as in the API and the roster's column header).</param>
/// <param name="Reason">Why it is refused.</param>
public sealed record FieldError(string Field, string Reason);
