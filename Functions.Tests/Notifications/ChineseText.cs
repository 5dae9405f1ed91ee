using System.Net;
using System.Text.RegularExpressions;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// Finds Latin-script words in text a staff member reads in Chinese: raw codes ("provincial", "english") and English
/// rule text slip in through interpolation. Ids, addresses, numbers with units and the product's name may stand.
/// </summary>
internal static partial class ChineseText
{
    // Words that belong in Chinese text: the product, file formats, and the letters of the bureau's own terms.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "EduFlows", "A4", "PDF", "PPT", "Excel", "CSV", "xlsx", "JSON", "QR", "A", "B", "C", "D",
        // The language switch on every page: the way to English for whoever wants it.
        "English",
    };

    /// <summary>The Latin-script words in <paramref name="text"/> that are neither ids nor allowed.</summary>
    /// <param name="text">Plain text (see <see cref="OfHtml"/> for a page).</param>
    /// <param name="bilingual">Deliberate "中文 English" labels, taken out before looking.</param>
    public static List<string> LatinWords(string text, IEnumerable<string>? bilingual = null)
    {
        foreach (string label in bilingual ?? [])
        {
            text = text.Replace(label, " ", StringComparison.Ordinal);
        }

        text = Url().Replace(text, " ");
        return [.. Word().Matches(text).Select(m => m.Value.TrimEnd('.', ':', '-', '\'', '/'))
            .Where(w => w.Length > 0 && !IsId(w) && !Allowed.Contains(w))];
    }

    /// <summary>The text a reader sees on a page: tags, styles and attributes removed, entities decoded.</summary>
    public static string OfHtml(string html)
    {
        string body = Styles().Replace(html, " ");
        return WebUtility.HtmlDecode(Tags().Replace(body, " "));
    }

    // An id, address, link, time or number: has a digit, '@', ':', '/', '_' or an inner '.'; a bare code word has none.
    private static bool IsId(string word) =>
        word.Any(char.IsAsciiDigit) || word.IndexOfAny(['@', ':', '/', '_']) >= 0 || word.TrimEnd('.').Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9\-_.:/@'’+]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"<(style|script)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Styles();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
