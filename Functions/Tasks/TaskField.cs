namespace EduFlows.Tasks;

/// <summary>One field of a task's form.</summary>
/// <param name="Name">The field's name in form posts and JSON (camelCase).</param>
/// <param name="Label">What the form shows.</param>
/// <param name="Type">What it holds.</param>
/// <param name="Required">Whether it must be given.</param>
public sealed record TaskField(string Name, LocalizedText Label, TaskFieldType Type, bool Required = true)
{
    /// <summary>The longest text accepted.</summary>
    public int MaxLength { get; init; } = 2000;

    /// <summary>The smallest number accepted.</summary>
    public decimal? Min { get; init; }

    /// <summary>The largest number accepted.</summary>
    public decimal? Max { get; init; }

    /// <summary>The options of a <see cref="TaskFieldType.Choice"/> field: value and label.</summary>
    public IReadOnlyList<TaskFieldOption> Options { get; init; } = [];

    /// <summary>The most items a <see cref="TaskFieldType.RankedChoices"/> field takes (default 20).</summary>
    public int MaxItems { get; init; } = 20;

    /// <summary>A hint shown under the field.</summary>
    public LocalizedText? Hint { get; init; }
}

/// <summary>One option of a choice field.</summary>
/// <param name="Value">What is submitted.</param>
/// <param name="Label">What the form shows.</param>
public sealed record TaskFieldOption(string Value, LocalizedText Label);
