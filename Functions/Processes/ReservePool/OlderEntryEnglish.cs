using System.Text.RegularExpressions;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// The English of a file entry written before entries kept their English (<see cref="ShadowTraining.ReservePoolEntry.TextEn"/>), for a
/// member reading /api/me in English. The pool's entrance wrote its entries from two templates (entered; named again
/// while already in), so their English is the template's, with the selection's or round's name and note as written;
/// words the office or another process wrote freely have no English, and are shown as written, marked as Chinese.
/// </summary>
public static partial class OlderEntryEnglish
{
    /// <summary>What precedes Chinese shown as written on an English page, so a reader knows it is the record's own words and not the page's.</summary>
    public const string ChineseMarker = "(Original in Chinese) ";

    /// <summary>
    /// The English of an entrance entry's Chinese (<see cref="PoolEntrance"/>'s two templates, and the first one's
    /// earlier form without a note), the same words the entrance now writes beside it; null for other text.
    /// </summary>
    public static string? FromTemplate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Entered().Match(text) is { Success: true } entered)
        {
            string note = entered.Groups["note"].Value;
            return $"Entered the {PoolEn(entered)} pool {SourceEn(entered)}. {note}".TrimEnd();
        }

        if (NamedAgain().Match(text) is { Success: true } again)
        {
            // "再次入选" stands where the round gave no note of its own.
            string note = again.Groups["note"].Value is "再次入选" ? string.Empty : again.Groups["note"].Value;
            return $"Named again {SourceEn(again)}{(note.Length == 0 ? string.Empty : $": {note}")}; already in the {PoolEn(again)} pool (entered {again.Groups["entered"].Value}), not entered twice.";
        }

        return null;
    }

    private static string PoolEn(Match match) => match.Groups["pool"].Value == "后备校长" ? "reserve principals" : "reserve researchers";

    private static string SourceEn(Match match) =>
        $"by {PoolEntryRequest.SourceEn(match.Groups["source"].Value == "选拔" ? "selection" : "renewal")} ({match.Groups["named"].Value})";

    // 经{选拔|续聘轮次}（{name}）进入{后备校长|后备教研员}人才库。{note}
    [GeneratedRegex(@"^经(?<source>选拔|续聘轮次)（(?<named>.+)）进入(?<pool>后备校长|后备教研员)人才库。(?<note>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Entered();

    // 经{选拔|续聘轮次}（{name}）{再次入选|note}；已在{后备校长|后备教研员}人才库（{yyyy-MM-dd}入库），未重复入库。
    // The name may hold brackets of its own (2025年选拔（第二批）): it ends at the bracket that closes the first one.
    [GeneratedRegex(@"^经(?<source>选拔|续聘轮次)（(?<named>(?:[^（）]|（(?<open>)|）(?<-open>))+?(?(open)(?!)))）(?<note>.+)；已在(?<pool>后备校长|后备教研员)人才库（(?<entered>\d{4}-\d{2}-\d{2})入库），未重复入库。$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex NamedAgain();
}
