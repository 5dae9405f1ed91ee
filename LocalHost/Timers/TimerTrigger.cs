namespace EduFlows.Triggers.Timers;

/// <summary>A timer-triggered function: a name, a schedule and what to run.</summary>
/// <param name="Name">The function's name; also the key of its persisted status.</param>
/// <param name="Schedule">The six-field NCRONTAB schedule.</param>
/// <param name="Run">The handler; typically starts or signals an orchestration with a deterministic instance id.</param>
/// <param name="RunOnStartup">Also run once whenever a host starts.</param>
public sealed record TimerTrigger(string Name, string Schedule, Func<TimerInfo, IServiceProvider, CancellationToken, Task> Run, bool RunOnStartup = false);
