namespace EduFlows.Tasks;

/// <summary>The outcome of checking a task link's token, each with the HTTP status it answers with.</summary>
public enum TaskTokenCheck
{
    /// <summary>Signed by us, for this task, not expired.</summary>
    Valid,

    /// <summary>Missing, not in token form, or not signed with our key: 401.</summary>
    Unauthenticated,

    /// <summary>A genuine token for another task: 403.</summary>
    OtherTask,

    /// <summary>A genuine token past its expiry: 410.</summary>
    Expired,
}
