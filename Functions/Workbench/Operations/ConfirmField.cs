namespace EduFlows.Workbench.Operations;

/// <summary>A field of a confirmation form (e.g. the reason for a termination).</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">Its label, in the page's language.</param>
/// <param name="Value">What it holds (kept after an error).</param>
/// <param name="Multiline">A text area rather than one line.</param>
/// <param name="Hint">A line under it, if any.</param>
/// <param name="Example">A value to type as it is (an event name), shown as code after the hint.</param>
/// <param name="Type">The input's type (date, number, datetime-local), if not text.</param>
/// <param name="Choices">For a field with a fixed set of values: each value with its label (a select, so no code is typed).</param>
public sealed record ConfirmField(string Name, string Label, string? Value, bool Multiline = false, string? Hint = null, string? Example = null, string? Type = null, IReadOnlyList<(string Value, string Label)>? Choices = null);
