namespace EduFlows.Workbench.Operations;

/// <summary>
/// An act of a process that the office takes from its page, as its confirmation form shows it: what it is, what will
/// happen, and the fields that become the JSON body of the process's own route.
/// </summary>
/// <param name="Heading">The form's heading, e.g. "启动年度考察".</param>
/// <param name="WillHappen">What will happen, in a sentence or two.</param>
/// <param name="Button">The button's text.</param>
/// <param name="Fields">The fields, in order.</param>
public sealed record OfficeFormAct(string Heading, string WillHappen, string Button, IReadOnlyList<OfficeFormField> Fields);

/// <summary>A field of an office act and how its text becomes the member the process's route reads.</summary>
/// <param name="Name">The form field's name, which is also the JSON member's name.</param>
/// <param name="Label">Its label, in the page's language.</param>
/// <param name="Kind">How the text is read.</param>
/// <param name="InRoute">True when the route takes it (an id or a year in the address), not the body.</param>
/// <param name="Hint">A line under it, if any.</param>
/// <param name="Choices">A fixed set of values with their labels.</param>
public sealed record OfficeFormField(
    string Name,
    string Label,
    OfficeFieldKind Kind = OfficeFieldKind.Text,
    bool InRoute = false,
    string? Hint = null,
    IReadOnlyList<(string Value, string Label)>? Choices = null);

/// <summary>How a form field's text is read before it goes to the process's route.</summary>
public enum OfficeFieldKind
{
    /// <summary>Text as typed (trimmed).</summary>
    Text,

    /// <summary>A whole number.</summary>
    WholeNumber,

    /// <summary>A number, decimals allowed.</summary>
    Number,

    /// <summary>A date, yyyy-MM-dd.</summary>
    Date,

    /// <summary>A time of day, HH:mm.</summary>
    Time,

    /// <summary>A date and time in Beijing time, yyyy-MM-ddTHH:mm.</summary>
    DateTime,

    /// <summary>是/否 (a checkbox or select), read as true or false.</summary>
    YesNo,

    /// <summary>Several values (staff ids), one a line or separated by commas, spaces or 、, read as a list of texts.</summary>
    List,

    /// <summary>Text of several lines (a statement, a summary), as typed (trimmed).</summary>
    LongText,
}
