using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// Keeps the file of a head's year-end task (<see cref="AssessmentKinds.YearEndEntry"/>): the presentation, in Blob
/// storage, named on the department's year-end entry. The task's form posts it with the answer; a script may post it
/// alone first (<see cref="DepartmentAssessmentApi.UploadAsync"/>).
/// </summary>
public sealed class PresentationFiles(AssessmentStore store, PresentationStore presentations) : ITaskFiles
{
    /// <summary>The year-end task's upload: its label, where it may be posted alone, the types and size taken; required.</summary>
    public static TaskUpload For(string taskId) => new(new LocalizedText("展示PPT", "Presentation"), $"department-assessment/presentations/{taskId}", PresentationStore.Accept)
    {
        Required = true,
        MaxBytes = PresentationStore.MaxBytes,
        Types = new LocalizedText("PPT、PPTX 或 PDF", "PPT, PPTX or PDF"),
    };

    /// <inheritdoc/>
    public string Kind => AssessmentKinds.YearEndEntry.Name;

    /// <inheritdoc/>
    public async Task<bool> HasFileAsync(StaffTask task, CancellationToken cancellationToken) =>
        (await EntryOfAsync(task.Id, cancellationToken).ConfigureAwait(false))?.PresentationBlob is not null;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">When the task has no year-end entry.</exception>
    public async Task SaveAsync(StaffTask task, IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entry = await EntryOfAsync(task.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Year-end task '{task.Id}' has no entry to keep its presentation on.");
        await SaveAsync(entry, file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The year-end entry a task belongs to; null when there is none.</summary>
    public async Task<YearEndEntry?> EntryOfAsync(string taskId, CancellationToken cancellationToken) =>
        (await store.YearEndEntries.QueryAsync(null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.TaskId == taskId);

    /// <summary>Stores the presentation, replacing an earlier one, and names it on the entry; returns the entry as stored.</summary>
    public async Task<YearEndEntry> SaveAsync(YearEndEntry entry, IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(file);
        await using var content = file.OpenReadStream();
        string blob = await presentations.SaveAsync(entry.Year, entry.DepartmentId, string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType, content, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var read = (await store.YearEndEntries.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false))!;
            var updated = read.Record with { PresentationBlob = blob, PresentationFileName = Path.GetFileName(file.FileName) };
            if (await store.YearEndEntries.TryReplaceAsync(updated, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return updated;
            }
        }
    }
}
