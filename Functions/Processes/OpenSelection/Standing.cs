namespace EduFlows.Processes.OpenSelection;

/// <summary>Where a candidate stands after ranking.</summary>
public enum Standing
{
    /// <summary>Within the post's count: proposed for appointment (拟任).</summary>
    Proposed,

    /// <summary>Within the reserve places after the count (后备).</summary>
    Reserve,

    /// <summary>Ranked below the places (未入选).</summary>
    NotSelected,

    /// <summary>Missed a stage, so not ranked (缺考).</summary>
    Absent,

    /// <summary>Taken out by an upheld objection or a failed inspection (取消资格); the next in rank moves up.</summary>
    Removed,
}
