namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>How a department's monthly report ended.</summary>
public enum ReportStanding
{
    /// <summary>Handed in by the due time.</summary>
    OnTime,

    /// <summary>Handed in during the grace period after the due time.</summary>
    Late,

    /// <summary>Not handed in.</summary>
    Missing,
}
