using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>A school's published post: a subject in a section, with a number of seats.</summary>
/// <param name="Id">"{school}:{section}:{subject}", see <see cref="IdFor"/>.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="Section">The section taught (<see cref="DirectoryVocabulary.SchoolSections"/>; a nine-year school publishes primary and junior posts).</param>
/// <param name="Subject">The subject (<see cref="DirectoryVocabulary.Subjects"/>).</param>
/// <param name="Count">Seats.</param>
/// <param name="RuralOrWeak">The school is rural (from the directory) or named weak by the bureau: support teaching fills its vacancies.</param>
/// <param name="Open">False once the post is closed: ranked lists may not name it and nobody is placed on it.</param>
public sealed record SchoolPost(string Id, string SchoolId, string Section, string Subject, int Count, bool RuralOrWeak, bool Open = true)
{
    /// <summary>The id of a school's post for a section and subject.</summary>
    public static string IdFor(string schoolId, string section, string subject) => $"{schoolId}:{section}:{subject}";

    /// <summary>A post of a directory school; rural comes from the school's record, weak from the bureau.</summary>
    public static SchoolPost For(School school, string section, string subject, int count, bool weak = false)
    {
        ArgumentNullException.ThrowIfNull(school);
        return new SchoolPost(IdFor(school.Id, section, subject), school.Id, section, subject, count, school.Rural || weak);
    }
}
