namespace EduFlows.Processes.ResearcherReview;

/// <summary>The kinds of process record researchers log through the half year.</summary>
public static class RecordKinds
{
    /// <summary>下校视导: a visit to a school (names the school, whose principal is then surveyed).</summary>
    public const string SchoolVisit = "school-visit";

    /// <summary>听课评课: a lesson observed and discussed.</summary>
    public const string LessonObserved = "lesson-observed";

    /// <summary>讲座/示范课: a lecture or model lesson given.</summary>
    public const string Lecture = "lecture";

    /// <summary>课题研究: a research project led or completed.</summary>
    public const string ResearchProject = "research-project";

    /// <summary>指导青年教师: guidance of a teacher.</summary>
    public const string TeacherGuidance = "teacher-guidance";

    /// <summary>Every kind.</summary>
    public static readonly IReadOnlyList<string> All = [SchoolVisit, LessonObserved, Lecture, ResearchProject, TeacherGuidance];
}
