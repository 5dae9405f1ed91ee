namespace EduFlows.Tasks;

/// <summary>
/// That the task rows stored before the <c>EscalatedFrom</c> and <c>CreatedAt</c> columns existed have them
/// (<c>{hub}TasksMarks</c>, one row): written by <see cref="EscalationColumnsBackfill"/> after its scan, so later starts
/// read no task row for it.
/// </summary>
/// <param name="Written">The rows the run that wrote this mark gave their columns.</param>
/// <param name="At">When the run finished.</param>
public sealed record EscalationColumnsMark(int Written, DateTimeOffset At)
{
    /// <summary>The mark's id (one mark, whatever it says).</summary>
    public const string Key = "escalation-columns-written";
}
