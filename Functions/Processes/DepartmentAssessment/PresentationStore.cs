using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EduFlows.Storage;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Year-end presentations in Blob storage (container <c>{hub}-presentations</c>, lower case), one blob per department and year.</summary>
public sealed class PresentationStore(StorageAccount account, string hubName)
{
    /// <summary>The largest presentation accepted (the host's request limit is lower still for a single request).</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The file types taken: slides (PowerPoint) or their PDF.</summary>
    public const string Accept = ".ppt,.pptx,.pdf";

    private readonly BlobContainerClient _container = account.Blobs.GetBlobContainerClient(new string([.. hubName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]) + "-presentations");
    private volatile bool _created;

    /// <summary>The container of a storage connection string (tests, and Azurite).</summary>
    public PresentationStore(string connectionString, string hubName)
        : this(StorageAccount.FromConnectionString(connectionString), hubName)
    {
    }

    /// <summary>Stores a department's presentation for a year, replacing an earlier upload; returns the blob name.</summary>
    public async Task<string> SaveAsync(int year, string departmentId, string contentType, Stream content, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        string name = $"{year:D4}/{departmentId}";
        await _container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Opens a stored presentation; null when there is none.</summary>
    public async Task<(Stream Content, string ContentType)?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(blobName);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return (download.Value.Content, download.Value.Details.ContentType ?? "application/octet-stream");
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
