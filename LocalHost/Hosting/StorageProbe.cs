using Azure;
using Azure.Data.Tables;

namespace EduFlows.Hosting;

/// <summary>Checks that the storage account behind <c>AzureWebJobsStorage</c> answers, quickly and without retries.</summary>
public static class StorageProbe
{
    /// <summary>Null when storage answers; otherwise one line saying which endpoint failed and what to do.</summary>
    public static async Task<string?> ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        TableServiceClient tables;
        try
        {
            tables = new TableServiceClient(connectionString, options);
        }
        catch (FormatException ex)
        {
            return $"AzureWebJobsStorage is not a storage connection string: {ex.Message}";
        }

        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            return null;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException or TaskCanceledException)
        {
            return $"Storage at {tables.Uri} (AzureWebJobsStorage) is not reachable: {ex.GetBaseException().Message.Split('\n')[0].Trim()}. " +
                "Start Azurite (node_modules/.bin/azurite --location .azurite) or run 'bash scripts/run.sh', which starts it.";
        }
    }
}
