namespace EduFlows.Processes.StaffReallocation;

/// <summary>Annual assessment results as stored: 优秀, 合格, 基本合格, 不合格.</summary>
public static class AssessmentResults
{
    /// <summary>优秀.</summary>
    public const string Excellent = "excellent";

    /// <summary>合格.</summary>
    public const string Competent = "competent";

    /// <summary>基本合格.</summary>
    public const string BasicallyCompetent = "basically-competent";

    /// <summary>不合格.</summary>
    public const string Incompetent = "incompetent";
}
