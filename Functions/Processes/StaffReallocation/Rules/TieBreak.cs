namespace EduFlows.Processes.StaffReallocation;

/// <summary>One tie-break of equal totals, applied in the order the formula publishes; the staff id always ends the chain.</summary>
public enum TieBreak
{
    /// <summary>Longer service first (earlier hire date).</summary>
    Seniority = 1,

    /// <summary>Higher professional title first.</summary>
    Title,

    /// <summary>Better most recent assessment result first.</summary>
    LatestAssessment,

    /// <summary>More years of support-teaching service first.</summary>
    SupportTeaching,
}
