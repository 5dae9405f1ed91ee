using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>Who may apply (资格条件): age, professional title, years in the current post and section; a null or empty condition is not checked.</summary>
public sealed record EligibilityRule
{
    // Titles from lowest to highest, as DirectoryVocabulary.Titles lists them.
    private static readonly string[] TitleOrder = ["none", "third-grade", "second-grade", "first-grade", "senior", "professor-level"];

    private static readonly Dictionary<string, string> TitleNames = new(StringComparer.Ordinal)
    {
        ["none"] = "未定级", ["third-grade"] = "三级教师", ["second-grade"] = "二级教师", ["first-grade"] = "一级教师",
        ["senior"] = "高级教师", ["professor-level"] = "正高级教师",
    };

    /// <summary>The oldest an applicant may be on the deadline, in whole years (e.g. 45).</summary>
    public int? MaxAge { get; init; }

    /// <summary>The lowest professional title accepted (a code of <see cref="DirectoryVocabulary.Titles"/>).</summary>
    public string? MinTitle { get; init; }

    /// <summary>Whole years in the current post required on the deadline.</summary>
    public int? MinYearsInPost { get; init; }

    /// <summary>The sections accepted (codes of <see cref="DirectoryVocabulary.SchoolSections"/>); empty for any.</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    /// <summary>A title's Chinese name.</summary>
    public static string TitleName(string? code) => code is null ? "未登记" : TitleNames.GetValueOrDefault(code, code);

    /// <summary>Why <paramref name="applicant"/> may not apply on <paramref name="onDate"/>, in Chinese, one line per unmet condition (empty: eligible).</summary>
    /// <param name="applicant">The applicant as the directory holds them.</param>
    /// <param name="section">The section of the applicant's school or research (the school's for school staff).</param>
    /// <param name="onDate">The day the conditions are measured on (the application deadline).</param>
    public IReadOnlyList<string> Check(StaffMember applicant, string? section, DateOnly onDate)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var reasons = new List<string>();
        if (MaxAge is { } maxAge)
        {
            if (applicant.Age(onDate) is not { } age)
            {
                reasons.Add("人事档案中没有出生日期，无法核对年龄");
            }
            else if (age > maxAge)
            {
                reasons.Add($"年龄 {age} 周岁，超过 {maxAge} 周岁的上限");
            }
        }

        if (MinTitle is { } minTitle && Array.IndexOf(TitleOrder, applicant.Title ?? string.Empty) < Array.IndexOf(TitleOrder, minTitle))
        {
            reasons.Add($"职称为{TitleName(applicant.Title)}，须为{TitleName(minTitle)}及以上");
        }

        if (MinYearsInPost is { } minYears)
        {
            if (applicant.YearsInPost(onDate) is not { } years)
            {
                reasons.Add("人事档案中没有任现职时间，无法核对任职年限");
            }
            else if (years < minYears)
            {
                reasons.Add($"任现职 {years} 年，须满 {minYears} 年");
            }
        }

        if (Sections.Count > 0 && (section is null || !Sections.Contains(section, StringComparer.Ordinal)))
        {
            reasons.Add($"所在学段为{(section is null ? "未登记" : DirectoryVocabulary.SectionName(section))}，须为{string.Join("、", Sections.Select(DirectoryVocabulary.SectionName))}");
        }

        return reasons;
    }

    /// <summary>What is wrong with the rule, by field.</summary>
    public IReadOnlyList<Hosting.FieldError> Validate(string prefix)
    {
        var errors = new List<Hosting.FieldError>();
        if (MaxAge is < 18 or > 65)
        {
            errors.Add(new(prefix + "maxAge", "must be between 18 and 65.") { ReasonZh = "年龄上限须在 18 至 65 周岁之间" });
        }

        if (MinTitle is not null && !DirectoryVocabulary.Titles.Contains(MinTitle))
        {
            errors.Add(new(prefix + "minTitle", $"must be one of {string.Join(", ", TitleOrder)}.") { ReasonZh = "职称须为未定级、三级教师、二级教师、一级教师、高级教师或正高级教师之一" });
        }

        if (MinYearsInPost is < 0 or > 40)
        {
            errors.Add(new(prefix + "minYearsInPost", "must be between 0 and 40.") { ReasonZh = "任职年限须在 0 至 40 年之间" });
        }

        foreach (var (section, i) in Sections.Select((s, i) => (s, i)))
        {
            if (!DirectoryVocabulary.SchoolSections.Contains(section))
            {
                errors.Add(new($"{prefix}sections[{i}]", $"'{section}' is not a section.") { ReasonZh = $"“{section}”不是学段" });
            }
        }

        return errors;
    }
}
