namespace EduFlows.Processes.StaffReallocation;

/// <summary>Why the rounds left a person without a post (<see cref="UnplacedReason"/>), one per round that could have placed them.</summary>
public enum UnplacedReasonKind
{
    /// <summary>In-school competition: their own post was not published, or is closed.</summary>
    OwnPostClosed = 1,

    /// <summary>In-school competition: the seats of their own post went to colleagues ranked higher, or were taken in earlier rounds.</summary>
    OwnPostFull = 2,

    /// <summary>Cross-school competition: they submitted no ranked list.</summary>
    NoRankedList = 3,

    /// <summary>Cross-school competition: none of the posts they listed is open to a teacher of their subject.</summary>
    NoneOpen = 4,

    /// <summary>Cross-school competition: every listed post open to them went to applicants ranked higher.</summary>
    AllFilled = 5,
}
