using System.Text.Json.Serialization;

namespace EduFlows.Hosting;

/// <summary>What is wrong with one field of a record.</summary>
/// <param name="Field">The field (as in the API and the roster's column header).</param>
/// <param name="Reason">Why it is refused, in English (the office's APIs and their tests read it).</param>
public sealed record FieldError(string Field, string Reason)
{
    /// <summary>
    /// Why it is refused, in Chinese, where staff read it (task forms); null where only the office's English APIs
    /// give it. Left out of the generic JSON: the staff-facing answers put it first themselves.
    /// </summary>
    [JsonIgnore]
    public string? ReasonZh { get; init; }

    /// <summary>The reason for a page or answer in <paramref name="culture"/>: Chinese unless English is asked for (or there is no Chinese).</summary>
    public string ReasonFor(string culture) => Notifications.Languages.IsEnglish(culture) || ReasonZh is null ? Reason : ReasonZh;

    /// <summary>The same field refused for the same reason.</summary>
    /// <remarks>
    /// <see cref="ReasonZh"/> is left out: it says <see cref="Reason"/> again in Chinese, and a refusal compared with
    /// one written before its translation (or without it) is still the same refusal.
    /// </remarks>
    public bool Equals(FieldError? other) => other is not null && Field == other.Field && Reason == other.Reason;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Field, Reason);
}
