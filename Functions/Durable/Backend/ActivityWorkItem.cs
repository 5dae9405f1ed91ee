namespace EduFlows.Durable.Backend;

/// <summary>An activity call locked by one worker.</summary>
public sealed class ActivityWorkItem
{
    /// <summary>Creates a work item.</summary>
    public ActivityWorkItem(ActivityRequest request) => Request = request;

    /// <summary>The call.</summary>
    public ActivityRequest Request { get; }

    /// <summary>Backend-specific data (lock receipts).</summary>
    public object? BackendState { get; init; }
}
