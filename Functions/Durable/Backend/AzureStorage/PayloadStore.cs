using System.Text;
using Azure.Storage.Blobs;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>Keeps payloads too large for a table property or a queue message in blobs, leaving a reference behind.</summary>
/// <remarks>A packed value is either the JSON itself or <c>blob:NAME</c>; JSON never starts with "blob:".</remarks>
internal sealed class PayloadStore(BlobContainerClient container, int thresholdBytes)
{
    private const string Prefix = "blob:";

    public static bool IsReference(string? packed) => packed is not null && packed.StartsWith(Prefix, StringComparison.Ordinal);

    public static string? BlobName(string? packed) => IsReference(packed) ? packed![Prefix.Length..] : null;

    public async Task<string?> PackAsync(string? json, string instanceId, CancellationToken cancellationToken)
    {
        if (json is null || Encoding.UTF8.GetByteCount(json) <= thresholdBytes)
        {
            return json;
        }

        // Instance id first so that purging an instance can find its blobs by prefix.
        string name = $"{Uri.EscapeDataString(instanceId)}/{Guid.NewGuid():N}.json";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(json), overwrite: true, cancellationToken).ConfigureAwait(false);
        return Prefix + name;
    }

    public async Task<string?> UnpackAsync(string? packed, CancellationToken cancellationToken)
    {
        if (!IsReference(packed))
        {
            return packed;
        }

        var content = await container.GetBlobClient(BlobName(packed)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return content.Value.Content.ToString();
    }

    public async Task DeleteForInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, Uri.EscapeDataString(instanceId) + "/", cancellationToken).ConfigureAwait(false))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
