namespace EduFlows.Notifications;

/// <summary>Long text cut for where it is kept or shown in a line (audit entries, delivery errors, task context).</summary>
/// <remarks>A pure function of its input, so orchestrators call it too.</remarks>
public static class ShortText
{
    /// <summary>
    /// <paramref name="text"/> when at most <paramref name="maxLength"/> characters; otherwise its first
    /// <paramref name="maxLength"/> (one less rather than half a surrogate pair) followed by "…".
    /// </summary>
    public static string Of(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        int cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
