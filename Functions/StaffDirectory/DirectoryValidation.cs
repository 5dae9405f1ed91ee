using System.Text.RegularExpressions;
using EduFlows.Hosting;

namespace EduFlows.StaffDirectory;

/// <summary>Validation rules of directory records: every error is reported, with its field.</summary>
public static partial class DirectoryValidation
{
    private static readonly DateOnly Earliest = new(1930, 1, 1);

    /// <summary>Errors in a staff record; <paramref name="today"/> bounds dates.</summary>
    public static List<FieldError> Validate(StaffMember staff, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var errors = new List<FieldError>();
        Id(staff.Id, "id", errors);
        Required(staff.Name, "name", 50, errors);
        OneOf(staff.Gender, "gender", "性别", DirectoryVocabulary.Genders, DirectoryVocabulary.GenderNames, errors);
        OneOf(staff.Post, "post", "岗位", DirectoryVocabulary.Posts, DirectoryVocabulary.PostNames, errors);
        if (staff.Email is { } email && !IsEmailAddress(email))
        {
            errors.Add(new("email", $"'{email}' is not an e-mail address.") { ReasonZh = $"“{email}”不是有效的电子邮箱地址。" });
        }

        if (staff.Mobile is { } mobile && !MobilePattern().IsMatch(mobile))
        {
            errors.Add(new("mobile", $"'{mobile}' is not a mainland mobile number (11 digits starting with 1).") { ReasonZh = $"“{mobile}”不是有效的手机号码（以 1 开头的 11 位数字）。" });
        }

        if (staff.Subject is { } subject)
        {
            OneOf(subject, "subject", "学科", DirectoryVocabulary.Subjects, DirectoryVocabulary.SubjectNames, errors);
        }

        if (staff.Section is { } section)
        {
            OneOf(section, "section", "学段", DirectoryVocabulary.SchoolSections, DirectoryVocabulary.SectionNames, errors);
        }

        if (staff.Title is { } title)
        {
            OneOf(title, "title", "职称", DirectoryVocabulary.Titles, DirectoryVocabulary.TitleNames, errors);
        }

        InRange(staff.BirthDate, "birthDate", Earliest, today.AddYears(-16), errors);
        InRange(staff.HireDate, "hireDate", Earliest, today, errors);
        InRange(staff.PostSince, "postSince", Earliest, today, errors);
        if (staff.BirthDate is { } born && staff.HireDate is { } hired && hired < born.AddYears(16))
        {
            errors.Add(new("hireDate", "is before the person's sixteenth birthday.") { ReasonZh = "参加工作日期早于本人年满 16 周岁。" });
        }

        if (staff.HireDate is { } hire && staff.PostSince is { } since && since < hire)
        {
            errors.Add(new("postSince", "is before the hire date.") { ReasonZh = "任现岗位日期早于参加工作日期。" });
        }

        bool external = DirectoryVocabulary.ExternalPosts.Contains(staff.Post);
        if (external && (staff.SchoolId is not null || staff.DepartmentId is not null))
        {
            errors.Add(new(staff.SchoolId is not null ? "schoolId" : "departmentId", "external panel members belong to no school or department.") { ReasonZh = "外聘评委和退休人员不属于任何学校或科室。" });
        }
        else if (staff.Post == "bureau-leader" && (staff.SchoolId is not null || staff.DepartmentId is not null))
        {
            errors.Add(new(staff.SchoolId is not null ? "schoolId" : "departmentId", "bureau leaders lead the whole bureau, not a school or department.") { ReasonZh = "局领导分管全局，不属于某一学校或科室。" });
        }
        else if (!external && staff.Post != "bureau-leader" && (staff.SchoolId is null) == (staff.DepartmentId is null) && DirectoryVocabulary.Posts.Contains(staff.Post))
        {
            errors.Add(new("schoolId", "give exactly one of schoolId (school staff) and departmentId (bureau staff).") { ReasonZh = "所在学校（学校人员）和所在科室（机关人员）须填且只填其一。" });
        }

        if (staff.Post == "researcher" && staff.Section is { } researchSection && !DirectoryVocabulary.ResearchSections.Contains(researchSection))
        {
            errors.Add(new("section", "researchers work for the primary, junior or senior section.") { ReasonZh = "教研员的学段只能是小学、初中或高中。" });
        }

        Relatives(staff, errors);
        return errors;
    }

    // Whether each relative is in the directory needs the store; the caller checks that (DirectoryApi, StaffRoster).
    private static void Relatives(StaffMember staff, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (relative, i) in (staff.Relatives ?? []).Select((r, i) => (r, i)))
        {
            string field = $"relatives[{i}]";
            if (relative is null)
            {
                errors.Add(new(field, "is empty.") { ReasonZh = $"申报亲属第 {i + 1} 项为空。" });
                continue;
            }

            if (string.IsNullOrEmpty(relative.StaffId) || !IdPattern().IsMatch(relative.StaffId))
            {
                errors.Add(new(field + ".staffId", "must be 1-64 letters, digits, '-' or '_'.") { ReasonZh = $"申报亲属第 {i + 1} 项的人员编号须为 1 至 64 个英文字母、数字、“-”或“_”。" });
            }
            else if (relative.StaffId == staff.Id)
            {
                errors.Add(new(field + ".staffId", "is the person's own id.") { ReasonZh = $"申报亲属第 {i + 1} 项是本人，不能申报本人为亲属。" });
            }
            else if (!seen.Add(relative.StaffId))
            {
                errors.Add(new(field + ".staffId", $"'{relative.StaffId}' is declared twice.") { ReasonZh = $"申报亲属第 {i + 1} 项的“{relative.StaffId}”已申报过。" });
            }

            if (string.IsNullOrWhiteSpace(relative.Relation) || relative.Relation.Length > 10)
            {
                errors.Add(new(field + ".relation", "is required, at most 10 characters (e.g. 夫妻, 父子).") { ReasonZh = $"申报亲属第 {i + 1} 项须填写亲属关系（如夫妻、父子、母女、兄弟姐妹），不超过 10 个字。" });
            }
        }
    }

    /// <summary>Errors in a school record.</summary>
    public static List<FieldError> Validate(School school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var errors = new List<FieldError>();
        Id(school.Id, "id", errors);
        Required(school.Name, "name", 60, errors);
        OneOf(school.Section, "section", "学段", DirectoryVocabulary.SchoolSections, DirectoryVocabulary.SectionNames, errors);
        Required(school.Town, "town", 40, errors);
        if (school.PrincipalId is { } principal)
        {
            Id(principal, "principalId", errors);
        }

        return errors;
    }

    /// <summary>Errors in a department record.</summary>
    public static List<FieldError> Validate(Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        var errors = new List<FieldError>();
        Id(department.Id, "id", errors);
        Required(department.Name, "name", 40, errors);
        if (department.HeadId is { } head)
        {
            Id(head, "headId", errors);
        }

        return errors;
    }

    /// <summary>Errors in a training base record.</summary>
    public static List<FieldError> Validate(TrainingBase trainingBase)
    {
        ArgumentNullException.ThrowIfNull(trainingBase);
        var errors = new List<FieldError>();
        Id(trainingBase.Id, "id", errors);
        Id(trainingBase.SchoolId, "schoolId", errors);
        Required(trainingBase.Name, "name", 60, errors);
        if (trainingBase.Capacity is < 1 or > 100)
        {
            errors.Add(new("capacity", "must be from 1 to 100 trainees a week.") { ReasonZh = "每周接收人数须在 1 到 100 之间。" });
        }

        return errors;
    }

    private static void Id(string? id, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
        {
            errors.Add(new(field, "must be 1-64 letters, digits, '-' or '_'.") { ReasonZh = "编号须为 1 至 64 个英文字母、数字、“-”或“_”。" });
        }
    }

    private static void Required(string? value, string field, int maxLength, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required.") { ReasonZh = "必填。" });
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, $"is longer than {maxLength} characters.") { ReasonZh = $"不能超过 {maxLength} 个字（现为 {value.Length} 个）。" });
        }
    }

    // In Chinese the choices are named as the office knows them (小学); the codes the API takes are in the English reason.
    private static void OneOf(string? value, string field, string label, IReadOnlySet<string> allowed, IReadOnlyDictionary<string, string> names, List<FieldError> errors)
    {
        if (value is null || !allowed.Contains(value))
        {
            var codes = allowed.Order(StringComparer.Ordinal).ToList();
            errors.Add(new(field, $"'{value}' is not one of: {string.Join(", ", codes)}.")
            {
                ReasonZh = (value is null ? $"请填写{label}" : $"“{value}”不是可选的{label}") + $"；可选：{string.Join("、", codes.Select(c => names.GetValueOrDefault(c, c)))}。",
            });
        }
    }

    private static void InRange(DateOnly? value, string field, DateOnly earliest, DateOnly latest, List<FieldError> errors)
    {
        if (value is { } date && (date < earliest || date > latest))
        {
            errors.Add(new(field, $"{date:yyyy-MM-dd} is outside {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}.") { ReasonZh = $"{date:yyyy-MM-dd} 不在 {earliest:yyyy-MM-dd} 至 {latest:yyyy-MM-dd} 之间。" });
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    /// <summary>Whether <paramref name="text"/> has the shape of an e-mail address (the one check used everywhere).</summary>
    public static bool IsEmailAddress(string text) => EmailPattern().IsMatch(text);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();
}
