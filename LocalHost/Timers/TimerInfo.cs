namespace EduFlows.Triggers.Timers;

/// <summary>What a timer function is told about its invocation, as in Azure Functions.</summary>
/// <param name="ScheduleStatus">The occurrence being run, the one before it, and the next.</param>
/// <param name="IsPastDue">True when the occurrence fell while no host was running, and runs late.</param>
public sealed record TimerInfo(TimerScheduleStatus ScheduleStatus, bool IsPastDue);

/// <summary>A timer's persisted status.</summary>
/// <param name="Last">The occurrence that ran last.</param>
/// <param name="Next">The occurrence that runs next.</param>
/// <param name="LastUpdated">When the status last changed.</param>
public sealed record TimerScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
