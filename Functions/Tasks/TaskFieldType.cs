namespace EduFlows.Tasks;

/// <summary>What a form field holds, which decides its input control and its validation.</summary>
public enum TaskFieldType
{
    /// <summary>One line of text.</summary>
    Text,

    /// <summary>Several lines of text.</summary>
    LongText,

    /// <summary>A number, optionally between a minimum and a maximum.</summary>
    Number,

    /// <summary>One of a fixed list of options.</summary>
    Choice,

    /// <summary>A date (yyyy-MM-dd).</summary>
    Date,

    /// <summary>A tick box; required means it must be ticked.</summary>
    Confirm,

    /// <summary>
    /// An ordered list of distinct options, most wanted first (a JSON array, or one value per line in a form), at most
    /// <see cref="TaskField.MaxItems"/>; stored one value per line. Errors name the item: <c>name[i]</c>.
    /// </summary>
    RankedChoices,
}
