namespace EduFlows.Processes.ReservePool;

/// <summary>The exit rules of the pool.</summary>
public enum PoolExitReason
{
    /// <summary>已任用: appointed to the post the pool prepares for (principal or researcher in the directory).</summary>
    Appointed,

    /// <summary>超龄: past the pool's age limit (<see cref="ReservePoolOptions"/>).</summary>
    AgedOut,

    /// <summary>本人放弃: the person declined to stay, in the yearly review.</summary>
    Declined,

    /// <summary>考察不合格: the office removed the person in the yearly review.</summary>
    Removed,
}
