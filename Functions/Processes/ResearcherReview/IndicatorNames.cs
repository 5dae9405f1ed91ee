namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The default schemes' indicator names in English (the 4 A-level and 22 secondary indicators of
/// <see cref="DefaultSchemes"/>, with each section's own transition indicator, and the bonus rules), for pages read in
/// English.
/// </summary>
/// <remarks>
/// Keyed by the Chinese name, not the id: a scheme the office stores may rename an indicator and keep its id, and a
/// name the office wrote is shown as written, in Chinese, rather than under the English of the name it replaced.
/// </remarks>
public static class IndicatorNames
{
    private static readonly Dictionary<string, string> English = new(StringComparer.Ordinal)
    {
        // A-level (A级指标).
        ["学科教学质量"] = "Quality of subject teaching",
        ["教学常规落实"] = "Teaching routines in practice",
        ["个人专业发展"] = "Professional growth",
        ["基层学校满意度"] = "Schools' satisfaction",

        // Secondary (二级指标) under quality.
        ["学业质量监测成绩"] = "Academic quality monitoring results",
        ["课堂教学指导成效"] = "Effect of classroom teaching guidance",
        ["听课评课"] = "Lessons observed and discussed",
        ["命题与质量分析"] = "Test setting and quality analysis",
        ["薄弱学校帮扶"] = "Support for weaker schools",
        ["学段衔接指导"] = "Guidance on moving between school stages",
        ["中考备考指导"] = "Guidance for the senior-high entrance exam",
        ["高考备考指导"] = "Guidance for the college entrance exam",

        // Under routines.
        ["教学常规视导"] = "Teaching-routine inspection visits",
        ["集体备课指导"] = "Guidance on collective lesson preparation",
        ["作业与评价改革"] = "Homework and assessment reform",
        ["教研活动组织"] = "Organising teaching-research activities",
        ["教研资料建设与上报"] = "Research materials kept and reported",
        ["常规制度执行"] = "Routine rules carried out",

        // Under growth.
        ["课题研究"] = "Research projects",
        ["专题讲座与示范课"] = "Lectures and model lessons",
        ["论文与著作"] = "Papers and books",
        ["指导青年教师"] = "Mentoring young teachers",
        ["学习与培训"] = "Study and training",
        ["师德与作风"] = "Professional ethics and conduct",

        // Under satisfaction: what the principals rate.
        ["指导实效"] = "Guidance that works",
        ["服务态度"] = "Attitude to service",
        ["工作作风"] = "Way of working",
        ["问题解决"] = "Problems solved",

        // Bonus rules (加分项).
        ["荣誉表彰"] = "Honours and commendations",
        ["创新成果"] = "Innovation results",
    };

    /// <summary>The English name of an indicator or bonus rule named <paramref name="name"/>; the name itself when it is not one of the defaults' names.</summary>
    public static string En(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return English.GetValueOrDefault(name, name);
    }

    /// <summary>Whether <paramref name="name"/> is one of the default schemes' names, whose English <see cref="En"/> knows.</summary>
    public static bool Known(string name) => English.ContainsKey(name);
}
