using System.Net;
using System.Text.RegularExpressions;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// Finds Latin-script words in text a staff member reads in Chinese: raw codes ("provincial", "english") and English
/// rule text slip in through interpolation. Only what is on the short lists below may stand, each with its reason.
/// </summary>
internal static partial class ChineseText
{
    // Words a zh-CN reader meets in Latin script in the bureau's own usage, and why each is there.
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["EduFlows"] = "the product's name, in every mail's footer",
        ["Excel"] = "the program the office opens exports in (导出 Excel)",
        ["CSV"] = "the written-score import's file format, as the office names it",
        ["xlsx"] = "the export files' extension",
        ["PDF"] = "a file format uploads accept",
        ["PPT"] = "a file format uploads accept (展示PPT)",
        ["PPTX"] = "a file format uploads accept (the year-end form's 展示PPT field)",
        ["ppt"] = "an extension in an upload's accepted list (.ppt,.pptx,.pdf)",
        ["pptx"] = "an extension in an upload's accepted list",
        ["pdf"] = "an extension in an upload's accepted list",
        ["A4"] = "the paper size a certificate is printed on",
        ["QR"] = "the check-in code's name on the venue page (QR 码)",
        ["JSON"] = "the format the office types an event's payload in on the 发送事件 form, and the management API's bodies",
    };

    // Units, alone or right after their number ("5km", "10 MB").
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["km"] = "kilometres, a distance",
        ["MB"] = "megabytes, an upload's size limit",
    };

    // Ids, codes and addresses in the shapes the app gives them; anything else Latin is a raw code or English.
    private static readonly (Regex Shape, string Why)[] Ids =
    [
        (new(@"^(stf|sch|dep|base)-[a-z]{0,2}\d+$"), "a directory id (staff, school, department, training base: the prefix, at most a two-letter series, digits), shown where a name may be missing"),
        (new(@"^stf-\d+-\d+$"), "a head-teachers' association application number ({staffId}-{n})"),
        (new(@"^R\d{8}-[0-9A-F]{8}$"), "a task receipt number (TaskReceipt)"),
        (new(@"^YZ-\d{4}-\d{2}-\d{3}$"), "a shadow-training certificate number"),
        (new(@"^A\d{2,}$"), "a blind case-contest entry's code (A01), hiding the author"),
        (new(@"^[a-z]+-\d{4}(-\d{2})?$"), "an open selection's id as the office types it on the publish form (cadres-2027, selection-2017-01): letters, then the year"),
        (new(@"^p\d{2,}$"), "a post's id within an open selection (p01), typed on the publish form"),
        (new(@"^(staff-reallocation|researcher-review|department-assessment|open-selection|shadow-training|deputy-renewal|secondment|reserve-pool-review)-[A-Za-z0-9-]*\d[A-Za-z0-9-]*$"), "a process's instance id, which the office quotes to the management API and the instances page"),
        (new(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"), "an e-mail address"),
        (new(@"^[0-9a-f]{32}$"), "an instance id the Durable runtime generated (a GUID without hyphens)"),
        (new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"), "a date and time in ISO 8601, the form the management API takes"),
    ];


    /// <summary>The Latin-script words in <paramref name="text"/> that are neither ids nor allowed.</summary>
    /// <param name="text">Plain text (see <see cref="OfHtml"/> for a page).</param>
    /// <param name="bilingual">Deliberate "中文 English" labels, taken out before looking.</param>
    public static List<string> LatinWords(string text, IEnumerable<string>? bilingual = null)
    {
        foreach (string label in bilingual ?? [])
        {
            text = text.Replace(label, " ", StringComparison.Ordinal);
        }

        text = Path().Replace(Url().Replace(text, " "), " ");
        return [.. Word().Matches(text)
            .Where(m => !IsGrade(text, m))
            .Select(m => m.Value.TrimEnd('.', ':', '-', '\'', '/'))
            .Where(w => w.Any(char.IsAsciiLetter) && WhyAllowed(w) is null)];
    }

    /// <summary>Why <paramref name="word"/> may stand in Chinese text, or null when it may not.</summary>
    public static string? WhyAllowed(string word) =>
        Allowed.TryGetValue(word, out string? why) ? why
        : NumberWithUnit().Match(word) is { Success: true } n && Units.TryGetValue(n.Groups[1].Value, out string? unit) ? unit
        : Units.TryGetValue(word, out string? alone) ? alone
        : Ids.FirstOrDefault(id => id.Shape.IsMatch(word)).Why;

    // A grade or level letter is one capital A–D written against Chinese ("A级指标", "评为B"); in a word or an English
    // sentence ("A lecture") it is not a grade.
    private static bool IsGrade(string text, Match m) =>
        m.Length == 1 && m.Value[0] is >= 'A' and <= 'D'
        && ((m.Index > 0 && IsHan(text[m.Index - 1])) || (m.Index + 1 < text.Length && IsHan(text[m.Index + 1])));

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>The text a reader sees on a page: tags, styles and attributes removed, entities decoded; an element marked <c>lang="en"</c> (the way to the English page) is English on purpose and left out.</summary>
    public static string OfHtml(string html)
    {
        string body = MarkedEnglish().Replace(Styles().Replace(html, " "), " ");
        return WebUtility.HtmlDecode(Tags().Replace(body, " "));
    }

    [GeneratedRegex(@"^\d+(?:\.\d+)?([A-Za-z]+)$")]
    private static partial Regex NumberWithUnit();

    // A token runs from a letter or digit, so "2026H2" or "3km" is read whole, not as "H2" or "km".
    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9\-_.:/@'’+]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    // A path of the app's own, such as /api/me in "请先登录（/api/me）": an address, as a link is.
    [GeneratedRegex(@"(?<![A-Za-z0-9])/api(/[A-Za-z0-9\-_.~%{}]+)*/?")]
    private static partial Regex Path();

    [GeneratedRegex(@"<(style|script)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Styles();

    [GeneratedRegex(@"<(a|span|p)\b[^>]*\blang=""en""[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex MarkedEnglish();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
