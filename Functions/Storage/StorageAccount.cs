using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace EduFlows.Storage;

/// <summary>
/// The app's storage account (the one behind <c>AzureWebJobsStorage</c>) as Azure SDK service clients; stores take
/// their table and blob clients from it. It is configured as the Functions host reads that connection: either a
/// connection string (<c>AzureWebJobsStorage</c>, "UseDevelopmentStorage=true" for Azurite) or, in Azure, an
/// identity-based section (<c>AzureWebJobsStorage__accountName</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The connection's name, as the Functions host knows it.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>Makes an account of already built service clients.</summary>
    /// <param name="tables">The table service.</param>
    /// <param name="blobs">The blob service.</param>
    /// <param name="credential">The credential both authenticate with; null for a connection string (shared key).</param>
    public StorageAccount(TableServiceClient tables, BlobServiceClient blobs, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        Tables = tables;
        Blobs = blobs;
        Credential = credential;
    }

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The Microsoft Entra credential of an identity-based connection; null for a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>The account of a storage connection string ("UseDevelopmentStorage=true" is Azurite on its default ports).</summary>
    /// <param name="connectionString">The connection string.</param>
    public static StorageAccount FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageAccount(new TableServiceClient(connectionString), new BlobServiceClient(connectionString));
    }

    /// <summary>Whether configuration has the connection in either form (without building any client).</summary>
    /// <param name="configuration">App settings.</param>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConnectionName);
        return !string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
    }

    /// <summary>
    /// The account as configured: the connection string <c>AzureWebJobsStorage</c> when there is one; otherwise the
    /// section <c>AzureWebJobsStorage</c> with <c>accountName</c> (services at https://{accountName}.table|blob.core.windows.net)
    /// or explicit <c>tableServiceUri</c> and <c>blobServiceUri</c>, authenticated with a managed identity when
    /// <c>credential</c> is <c>managedidentity</c> (the user-assigned one whose <c>clientId</c> is given, if any) and
    /// with <see cref="DefaultAzureCredential"/> otherwise. Null when neither form is configured.
    /// </summary>
    /// <param name="configuration">App settings (app settings' <c>__</c> is configuration's <c>:</c>).</param>
    /// <exception cref="InvalidOperationException">The section is there but names no account or service addresses.</exception>
    public static StorageAccount? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        if (!IsConfigured(configuration))
        {
            return null;
        }

        Uri tables = ServiceUri(section, "table");
        Uri blobs = ServiceUri(section, "blob");
        var credential = CredentialOf(section);
        return new StorageAccount(new TableServiceClient(tables, credential), new BlobServiceClient(blobs, credential), credential);
    }

    // As the Functions host: {service}ServiceUri when given, else the public cloud's endpoint of accountName.
    private static Uri ServiceUri(IConfigurationSection section, string service)
    {
        string? explicitUri = section[service + "ServiceUri"];
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            return Uri.TryCreate(explicitUri.Trim(), UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"{ConnectionName}:{service}ServiceUri is not an absolute URI: '{explicitUri}'.");
        }

        string? account = section["accountName"];
        if (!string.IsNullOrWhiteSpace(account))
        {
            return new Uri($"https://{account.Trim()}.{service}.core.windows.net");
        }

        throw new InvalidOperationException(
            $"{ConnectionName} is configured by identity but has neither {ConnectionName}__accountName nor {ConnectionName}__{service}ServiceUri.");
    }

    private static TokenCredential CredentialOf(IConfigurationSection section)
    {
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            string? clientId = section["clientId"];
            return string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId.Trim()));
        }

        return new DefaultAzureCredential();
    }
}
