namespace EduFlows.Workbench.Operations;

/// <summary>
/// One admin action as its confirmation page shows it: what it is about, what will happen, and the form that does it;
/// after the POST, what happened; after bad input, which field is wrong and why (nothing was changed).
/// </summary>
public sealed record ConfirmAction
{
    /// <summary>The page's heading, e.g. "终止实例".</summary>
    public required string Heading { get; init; }

    /// <summary>What it acts on (label, value); values that are ids are shown as code.</summary>
    public IReadOnlyList<(string Label, string Value, bool IsId)> Facts { get; init; } = [];

    /// <summary>What will happen, in a sentence or two.</summary>
    public required string WillHappen { get; init; }

    /// <summary>Where the form posts (with the key and language).</summary>
    public required string PostTo { get; init; }

    /// <summary>The button's text.</summary>
    public required string Button { get; init; }

    /// <summary>The form's fields, if any.</summary>
    public IReadOnlyList<ConfirmField> Fields { get; init; } = [];

    /// <summary>Where "back" goes.</summary>
    public required string Back { get; init; }

    /// <summary>The wrong field's name, after bad input.</summary>
    public string? ErrorField { get; init; }

    /// <summary>What is wrong with it.</summary>
    public string? Error { get; init; }

    /// <summary>What happened, once done.</summary>
    public string? Done { get; init; }

    /// <summary>A link to follow once done (label, href).</summary>
    public (string Label, string Href)? Next { get; init; }

    /// <summary>False when the action cannot be taken at all (the page then explains why instead of offering the form).</summary>
    public bool Possible { get; init; } = true;
}
