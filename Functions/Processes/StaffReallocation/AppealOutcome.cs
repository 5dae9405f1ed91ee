namespace EduFlows.Processes.StaffReallocation;

/// <summary>How the bureau decided an appeal or a points objection.</summary>
public enum AppealOutcome
{
    /// <summary>Upheld: the round is run again, or the points corrected.</summary>
    Upheld = 1,

    /// <summary>Rejected.</summary>
    Rejected = 2,

    /// <summary>The bureau's task ran out unanswered: rejected.</summary>
    NotDecidedInTime = 3,
}
