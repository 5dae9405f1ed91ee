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
        OneOf(staff.Gender, "gender", DirectoryVocabulary.Genders, errors);
        OneOf(staff.Post, "post", DirectoryVocabulary.Posts, errors);
        if (staff.Email is { } email && !IsEmailAddress(email))
        {
            errors.Add(new("email", $"'{email}' is not an e-mail address."));
        }

        if (staff.Mobile is { } mobile && !MobilePattern().IsMatch(mobile))
        {
            errors.Add(new("mobile", $"'{mobile}' is not a mainland mobile number (11 digits starting with 1)."));
        }

        if (staff.Subject is { } subject)
        {
            OneOf(subject, "subject", DirectoryVocabulary.Subjects, errors);
        }

        if (staff.Section is { } section)
        {
            OneOf(section, "section", DirectoryVocabulary.SchoolSections, errors);
        }

        if (staff.Title is { } title)
        {
            OneOf(title, "title", DirectoryVocabulary.Titles, errors);
        }

        InRange(staff.BirthDate, "birthDate", Earliest, today.AddYears(-16), errors);
        InRange(staff.HireDate, "hireDate", Earliest, today, errors);
        InRange(staff.PostSince, "postSince", Earliest, today, errors);
        if (staff.BirthDate is { } born && staff.HireDate is { } hired && hired < born.AddYears(16))
        {
            errors.Add(new("hireDate", "is before the person's sixteenth birthday."));
        }

        if (staff.HireDate is { } hire && staff.PostSince is { } since && since < hire)
        {
            errors.Add(new("postSince", "is before the hire date."));
        }

        bool external = DirectoryVocabulary.ExternalPosts.Contains(staff.Post);
        if (external && (staff.SchoolId is not null || staff.DepartmentId is not null))
        {
            errors.Add(new(staff.SchoolId is not null ? "schoolId" : "departmentId", "external panel members belong to no school or department."));
        }
        else if (staff.Post == "bureau-leader" && (staff.SchoolId is not null || staff.DepartmentId is not null))
        {
            errors.Add(new(staff.SchoolId is not null ? "schoolId" : "departmentId", "bureau leaders lead the whole bureau, not a school or department."));
        }
        else if (!external && staff.Post != "bureau-leader" && (staff.SchoolId is null) == (staff.DepartmentId is null) && DirectoryVocabulary.Posts.Contains(staff.Post))
        {
            errors.Add(new("schoolId", "give exactly one of schoolId (school staff) and departmentId (bureau staff)."));
        }

        if (staff.Post == "researcher" && staff.Section is { } researchSection && !DirectoryVocabulary.ResearchSections.Contains(researchSection))
        {
            errors.Add(new("section", "researchers work for the primary, junior or senior section."));
        }

        return errors;
    }

    /// <summary>Errors in a school record.</summary>
    public static List<FieldError> Validate(School school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var errors = new List<FieldError>();
        Id(school.Id, "id", errors);
        Required(school.Name, "name", 60, errors);
        OneOf(school.Section, "section", DirectoryVocabulary.SchoolSections, errors);
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
            errors.Add(new("capacity", "must be from 1 to 100 trainees a week."));
        }

        return errors;
    }

    private static void Id(string? id, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
        {
            errors.Add(new(field, "must be 1-64 letters, digits, '-' or '_'."));
        }
    }

    private static void Required(string? value, string field, int maxLength, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required."));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, $"is longer than {maxLength} characters."));
        }
    }

    private static void OneOf(string? value, string field, IReadOnlySet<string> allowed, List<FieldError> errors)
    {
        if (value is null || !allowed.Contains(value))
        {
            errors.Add(new(field, $"'{value}' is not one of: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}."));
        }
    }

    private static void InRange(DateOnly? value, string field, DateOnly earliest, DateOnly latest, List<FieldError> errors)
    {
        if (value is { } date && (date < earliest || date > latest))
        {
            errors.Add(new(field, $"{date:yyyy-MM-dd} is outside {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}."));
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
