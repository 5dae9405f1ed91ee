using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EduFlows.Storage;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The selections: each announcement a row of the table <c>{hub}OpenSelections</c>, and each selection's file (every
/// application, score and objection, far more than a table row holds) a blob of <c>{hub}-open-selections</c>. A step
/// reads the file, applies the rules and writes it back only if nobody changed it since (ETag), else tries again.
/// </summary>
public sealed partial class OpenSelectionStore(StorageAccount account, string hubName, TimeZoneInfo zone)
{
    private const int Attempts = 20;

    private readonly BlobContainerClient _files = account.Blobs.GetBlobContainerClient(new string([.. hubName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]) + "-open-selections");
    private volatile bool _created;

    /// <summary>The published announcements, by selection id.</summary>
    public RecordTable<SelectionRecord> Selections { get; } = new(account.Tables.GetTableClient(hubName + "OpenSelections"), s => s.Id, s => new Dictionary<string, object?>
    {
        ["Title"] = s.Announcement.Title,
        ["PublishedAt"] = s.PublishedAt,
    });

    /// <summary>Whether <paramref name="id"/> can name a selection: 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Publishes an announcement; false (and nothing changes) when a selection with the id exists.</summary>
    public Task<bool> PublishAsync(string id, SelectionAnnouncement announcement, DateTimeOffset now, CancellationToken cancellationToken) =>
        Selections.TryAddAsync(new SelectionRecord(id, announcement, now), cancellationToken);

    /// <summary>A selection's case as stored now; null when there is none.</summary>
    public async Task<SelectionCase?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync(id, cancellationToken).ConfigureAwait(false))?.Selection;

    /// <summary>
    /// Applies a step (a rule of <see cref="SelectionCase"/>) to the stored case and stores the result, unless the step
    /// refuses; when someone else changed the file meanwhile, reads it again and applies the step to that.
    /// </summary>
    public async Task<SelectionChange> ChangeAsync(string id, Func<SelectionCase, SelectionRefusal?> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (await ReadAsync(id, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return new(null, new(404, "id", "没有这次选拔", "No such selection."), 0);
            }

            int next = read.Selection.Trail.Count + 1;
            if (step(read.Selection) is { } refusal)
            {
                return new(read.Selection, refusal, next);
            }

            if (await TryWriteAsync(read.Selection, read.Version, cancellationToken).ConfigureAwait(false))
            {
                return new(read.Selection, null, next);
            }
        }

        throw new InvalidOperationException($"Selection '{id}' kept changing; the step was not stored after {Attempts} attempts.");
    }

    private async Task<(SelectionCase Selection, ETag? Version)?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id) || await Selections.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var download = await _files.GetBlobClient(BlobName(id)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var file = download.Value.Content.ToObjectFromJson<SelectionFile>(RecordSize.Json)
                ?? throw new InvalidDataException($"The file of selection '{id}' is empty.");
            return (SelectionCase.FromFile(file, zone), download.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Published, no step taken yet.
            return (new SelectionCase(id, record.Record.Announcement, zone), null);
        }
    }

    private async Task<bool> TryWriteAsync(SelectionCase selection, ETag? version, CancellationToken cancellationToken)
    {
        var conditions = version is { } v ? new BlobRequestConditions { IfMatch = v } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await _files.GetBlobClient(BlobName(selection.Id)).UploadAsync(
                BinaryData.FromObjectAsJson(selection.ToFile(), RecordSize.Json),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _files.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }

    private static string BlobName(string id) => id + ".json";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
