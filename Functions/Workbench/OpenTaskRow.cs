namespace EduFlows.Workbench;

/// <summary>An open task as the office's process pages list it: who has not answered what, and by when.</summary>
/// <param name="AssigneeId">The staff id it waits on.</param>
/// <param name="AssigneeName">Their name.</param>
/// <param name="Subject">What is asked (the task's subject, as the staff member's mail says it).</param>
/// <param name="Due">When it is due, bureau time.</param>
/// <param name="Overdue">True once the due time has passed.</param>
public sealed record OpenTaskRow(string AssigneeId, string AssigneeName, string Subject, string Due, bool Overdue)
{
    /// <summary>The open tasks of one process instance (and of the instances it started, whose ids begin with it), by due time then person.</summary>
    public static IReadOnlyList<OpenTaskRow> Of(IEnumerable<Tasks.StaffTask> open, string instanceId, Tasks.BureauClock clock, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(clock);
        return [.. open
            .Where(t => t.InstanceId == instanceId || t.InstanceId.StartsWith(instanceId + "-", StringComparison.Ordinal) || t.InstanceId.StartsWith(instanceId + ":", StringComparison.Ordinal))
            .OrderBy(t => t.DueAt).ThenBy(t => t.AssigneeId, StringComparer.Ordinal)
            .Select(t => new OpenTaskRow(t.AssigneeId, t.AssigneeName, t.Subject, clock.Format(t.DueAt), t.DueAt < now))];
    }
}
