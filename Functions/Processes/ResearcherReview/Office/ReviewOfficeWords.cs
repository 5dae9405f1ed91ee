using System.Globalization;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>The review's codes in the office page's language: sections, periods, indicator names and sources, bonus decisions.</summary>
internal static class ReviewOfficeWords
{
    public static string Section(string section, OfficeLinks links) => section switch
    {
        "primary" => links.Say("小学", "primary"),
        "junior" => links.Say("初中", "junior secondary"),
        "senior" => links.Say("高中", "senior secondary"),
        _ => links.Say("其他学段", "other section"),
    };

    public static string Period(ReviewPeriod period, OfficeLinks links) =>
        links.English ? string.Create(CultureInfo.InvariantCulture, $"{period.Year} H{period.Half}") : period.Label;

    public static string Source(IndicatorSource source, OfficeLinks links) => source switch
    {
        IndicatorSource.Counted => links.Say("过程记录计数", "counted records"),
        IndicatorSource.Reviewed => links.Say("评审打分", "panel scores"),
        _ => links.Say("校长满意度测评", "principals' survey"),
    };

    /// <summary>An indicator's or bonus rule's name: in English for the defaults' names, otherwise as the scheme wrote it.</summary>
    public static string Indicator(string name, OfficeLinks links) => links.English ? IndicatorNames.En(name) : name;

    public static string Decision(string decision, OfficeLinks links) => decision switch
    {
        "confirmed" => links.Say("已确认", "confirmed"),
        "rejected" => links.Say("未通过", "rejected"),
        _ => links.Say("未审定", "undecided"),
    };

    /// <summary>A frontline-rotation decision in Chinese: the words of the decision task's options.</summary>
    public static string Rotation(string decision) => RotationWords(decision).Zh;

    public static string Rotation(string decision, OfficeLinks links) => links.English ? RotationWords(decision).En : Rotation(decision);

    private static LocalizedText RotationWords(string decision) =>
        ReviewTaskKinds.RotationChoices.FirstOrDefault(c => c.Value == decision)?.Label
        ?? (decision == "undecided" ? new LocalizedText("逾期未决定", "Not decided in time") : new LocalizedText("其他决定", "Other decision"));

    public static string Points(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
