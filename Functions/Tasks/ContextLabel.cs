using System.Text.RegularExpressions;

namespace EduFlows.Tasks;

/// <summary>
/// A task's context label written "中文 English" (as orchestrations write them, not knowing the reader's language)
/// shown in the page's language: the Chinese half on a Chinese page, the English half on an English one.
/// </summary>
public static partial class ContextLabel
{
    /// <summary>The label for <paramref name="culture"/>; a label without an English half is shown as written.</summary>
    public static string For(string label, string culture)
    {
        ArgumentNullException.ThrowIfNull(label);
        var match = Bilingual().Match(label);
        if (!match.Success)
        {
            return label;
        }

        return Notifications.Languages.IsEnglish(culture) ? match.Groups["en"].Value : match.Groups["zh"].Value;
    }

    // Chinese (no Latin letters), one space, then English words only.
    [GeneratedRegex(@"^(?<zh>[^A-Za-z]*\p{IsCJKUnifiedIdeographs}[^A-Za-z]*?) (?<en>[A-Za-z][A-Za-z ,'()/-]*)$")]
    private static partial Regex Bilingual();
}
