namespace EduFlows.Processes.StaffReallocation;

/// <summary>The bureau's decision on the county's posts (全县岗位核定), as its trace entry keeps it (<see cref="TraceEntry.Approval"/>).</summary>
public enum PostsApproval
{
    /// <summary>Approved (核定通过).</summary>
    Approved = 1,

    /// <summary>Sent back to the principals to publish again, with the bureau's reason (退回重报).</summary>
    SentBack = 2,

    /// <summary>Not decided in time: the posts as published stand.</summary>
    NotDecidedInTime = 3,
}
