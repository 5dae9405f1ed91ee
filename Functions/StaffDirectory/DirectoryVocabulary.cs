namespace EduFlows.StaffDirectory;

/// <summary>The fixed lists the directory validates against (codes as stored; the bureau's words in comments).</summary>
public static class DirectoryVocabulary
{
    /// <summary>School sections: 幼儿园, 小学, 初中, 高中, 九年一贯制, 职业学校.</summary>
    public static readonly IReadOnlySet<string> SchoolSections = new HashSet<string>(StringComparer.Ordinal)
        { "kindergarten", "primary", "junior", "senior", "nine-year", "vocational" };

    /// <summary>The sections of the teaching-research office's schemes: 小学, 初中, 高中.</summary>
    public static readonly IReadOnlySet<string> ResearchSections = new HashSet<string>(StringComparer.Ordinal) { "primary", "junior", "senior" };

    /// <summary>Subjects taught and researched.</summary>
    public static readonly IReadOnlySet<string> Subjects = new HashSet<string>(StringComparer.Ordinal)
    {
        "chinese", "mathematics", "english", "physics", "chemistry", "biology", "politics", "history", "geography",
        "science", "music", "art", "physical-education", "information-technology", "psychology", "early-childhood", "vocational",
    };

    /// <summary>The Chinese name of each subject code, as staff read it ("english" → "英语").</summary>
    public static readonly IReadOnlyDictionary<string, string> SubjectNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["chinese"] = "语文", ["mathematics"] = "数学", ["english"] = "英语", ["physics"] = "物理", ["chemistry"] = "化学",
        ["biology"] = "生物", ["politics"] = "道德与法治", ["history"] = "历史", ["geography"] = "地理", ["science"] = "科学",
        ["music"] = "音乐", ["art"] = "美术", ["physical-education"] = "体育", ["information-technology"] = "信息技术",
        ["psychology"] = "心理健康", ["early-childhood"] = "学前教育", ["vocational"] = "职业教育",
    };

    /// <summary>The Chinese name of each school section code ("junior" → "初中").</summary>
    public static readonly IReadOnlyDictionary<string, string> SectionNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kindergarten"] = "幼儿园", ["primary"] = "小学", ["junior"] = "初中", ["senior"] = "高中", ["nine-year"] = "九年一贯制", ["vocational"] = "职业学校",
    };

    /// <summary>A subject's Chinese name; an unknown code as given, empty for none.</summary>
    public static string SubjectName(string? code) => code is null ? string.Empty : SubjectNames.GetValueOrDefault(code, code);

    /// <summary>A section's Chinese name; an unknown code as given, empty for none.</summary>
    public static string SectionName(string? code) => code is null ? string.Empty : SectionNames.GetValueOrDefault(code, code);

    /// <summary>Posts: 教师, 班主任, 校长, 副校长, 中层干部, 教研员, 机关干部, and the external panel members.</summary>
    public static readonly IReadOnlySet<string> Posts = new HashSet<string>(StringComparer.Ordinal)
    {
        "teacher", "head-teacher", "principal", "vice-principal", "mid-level-leader", "researcher", "bureau-cadre", "bureau-leader",
        "external-expert", "retired-principal", "retired-cadre",
    };

    /// <summary>The Chinese name of each post code ("researcher" → "教研员").</summary>
    public static readonly IReadOnlyDictionary<string, string> PostNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["teacher"] = "教师", ["head-teacher"] = "班主任", ["principal"] = "校长", ["vice-principal"] = "副校长", ["mid-level-leader"] = "中层干部",
        ["researcher"] = "教研员", ["bureau-cadre"] = "机关干部", ["bureau-leader"] = "局领导", ["external-expert"] = "外聘专家",
        ["retired-principal"] = "退休校长", ["retired-cadre"] = "退休干部",
    };

    /// <summary>The Chinese name of each professional title code.</summary>
    public static readonly IReadOnlyDictionary<string, string> TitleNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["none"] = "未定级", ["third-grade"] = "三级教师", ["second-grade"] = "二级教师", ["first-grade"] = "一级教师", ["senior"] = "高级教师", ["professor-level"] = "正高级教师",
    };

    /// <summary>The Chinese name of each gender code.</summary>
    public static readonly IReadOnlyDictionary<string, string> GenderNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["female"] = "女", ["male"] = "男" };

    /// <summary>Posts of people outside any school or department (panel members).</summary>
    public static readonly IReadOnlySet<string> ExternalPosts = new HashSet<string>(StringComparer.Ordinal) { "external-expert", "retired-principal", "retired-cadre" };

    /// <summary>Professional titles: 未定级, 三级教师, 二级教师, 一级教师, 高级教师, 正高级教师.</summary>
    public static readonly IReadOnlySet<string> Titles = new HashSet<string>(StringComparer.Ordinal)
        { "none", "third-grade", "second-grade", "first-grade", "senior", "professor-level" };

    /// <summary>Genders as recorded in staff files.</summary>
    public static readonly IReadOnlySet<string> Genders = new HashSet<string>(StringComparer.Ordinal) { "female", "male" };
}
