namespace EduFlows.Triggers.Timers;

/// <summary>What a timer function is told about its invocation, as in Azure Functions.</summary>
/// <param name="ScheduleStatus">The occurrence being run, the one before it, and the next.</param>
/// <param name="IsPastDue">True when the occurrence fell while no host was running, and runs late.</param>
/// <param name="IsBackfill">True when the office asked for this past occurrence to run: the function then sees the app's clock at the occurrence.</param>
public sealed record TimerInfo(TimerScheduleStatus ScheduleStatus, bool IsPastDue, bool IsBackfill = false);

/// <summary>A timer's persisted status.</summary>
/// <param name="Last">The occurrence that ran last.</param>
/// <param name="Next">The occurrence that runs next.</param>
/// <param name="LastUpdated">When the status last changed.</param>
public sealed record TimerScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
