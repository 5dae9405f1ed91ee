namespace EduFlows.Tasks;

/// <summary>
/// The activities behind <see cref="StaffTaskWindow"/>: each does one step for a whole window of tasks, a few tasks at
/// a time, and is safe to run twice (a task row or an outbox mail already there is kept, never written again).
/// </summary>
public sealed class StaffTaskWindowActivities(TaskDesk desk)
{
    /// <summary>Activity (function) names.</summary>
    public const string Open = "TasksOpenWindow", WriteReminders = "TasksWriteWindowReminders", Expire = "TasksExpireWindow";

    /// <summary>
    /// How many tasks one activity works on at a time: each is a directory read and a couple of table writes, and
    /// 200 of them one after another kept a window waiting on a loaded Azurite; more at once only queues at the table.
    /// </summary>
    public const int Concurrency = 16;

    /// <summary>Stores every task of the window and writes each one's mail to the outbox; the results in the input's order.</summary>
    [Function(Open)]
    public Task<OpenedTask[]> OpenAsync([ActivityTrigger] IReadOnlyList<OpenTaskInput> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EachAsync(input, desk.OpenAsync, cancellationToken);
    }

    /// <summary>Writes the given reminders to the outbox; per reminder its mail id, null when the task is no longer open or has nowhere to go.</summary>
    [Function(WriteReminders)]
    public Task<string?[]> WriteRemindersAsync([ActivityTrigger] IReadOnlyList<StaffTaskActivities.ReminderInput> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EachAsync(input, (reminder, token) => desk.WriteReminderAsync(reminder.TaskId, reminder.Number, token), cancellationToken);
    }

    /// <summary>
    /// Closes every given task still open at its due time; per task the receipt when it had been answered after all
    /// (just before the due time, or its event was lost), null when it expired (or had been closed another way).
    /// </summary>
    [Function(Expire)]
    public Task<TaskReceipt?[]> ExpireAsync([ActivityTrigger] IReadOnlyList<string> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EachAsync(input, async (taskId, token) => (await desk.ExpireAsync(taskId, token).ConfigureAwait(false)).Receipt, cancellationToken);
    }

    private static async Task<TResult[]> EachAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await work(items[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }
}
