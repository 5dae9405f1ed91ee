namespace EduFlows.Tasks;

/// <summary>
/// Keeps the files of one kind of task (<see cref="StaffTask.Upload"/>): its process decides where a file goes. The task
/// pages take the file with the answer and hand it here only once both were checked.
/// </summary>
public interface ITaskFiles
{
    /// <summary>The task kind whose files this keeps.</summary>
    string Kind { get; }

    /// <summary>Whether a file of the task is already kept (posted alone before the answer).</summary>
    Task<bool> HasFileAsync(StaffTask task, CancellationToken cancellationToken);

    /// <summary>Keeps the task's file, replacing an earlier one; the file was checked against the task's upload.</summary>
    Task SaveAsync(StaffTask task, IFormFile file, CancellationToken cancellationToken);
}
