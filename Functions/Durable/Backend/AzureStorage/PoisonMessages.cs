using Azure.Data.Tables;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>Messages that cannot be read or keep failing, set aside with the reason instead of blocking a queue.</summary>
internal sealed class PoisonMessages(TableClient table, TimeProvider time)
{
    public Task SetAsideAsync(string source, string messageId, string? body, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        // Table strings hold 32K characters; the head of the message is enough to diagnose it.
        string text = body ?? string.Empty;
        var row = new TableEntity(source, messageId)
        {
            ["Body"] = text.Length > 30_000 ? text[..30_000] : text,
            ["Reason"] = reason.Length > 30_000 ? reason[..30_000] : reason,
            ["DequeueCount"] = dequeueCount,
            ["SetAsideAt"] = time.GetUtcNow(),
        };
        return table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }
}
