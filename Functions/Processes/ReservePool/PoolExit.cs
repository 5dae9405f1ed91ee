namespace EduFlows.Processes.ReservePool;

/// <summary>Why and when a person left the pool, and by what rule or whose decision.</summary>
/// <param name="Reason">The exit rule.</param>
/// <param name="On">The day (bureau date).</param>
/// <param name="Why">The rule's words, in Chinese (shown in the file and the export).</param>
/// <param name="DecidedBy">"rule" for the automatic rules, else the staff id of the person or officer who decided.</param>
public sealed record PoolExit(PoolExitReason Reason, DateOnly On, string Why, string DecidedBy);
