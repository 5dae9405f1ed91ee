using Azure;
using Azure.Data.Tables;
using EduFlows.Hosting;
using EduFlows.Storage;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.Samples;

/// <summary>
/// The fan-out/fan-in sample (Durable Functions' <c>FanOutFanIn</c>, in the bureau's words): a notice is distributed to
/// every school given, one activity call per school that files the school's receipt in <c>{hub}NoticeReceipts</c>, all
/// at once; the orchestrator waits for every receipt and returns a summary. Used by the reliability suite's chaos
/// probe, which kills the host while receipts are being filed and then counts lost and doubled receipts.
/// </summary>
/// <remarks>
/// Activities run at least once: after a crash an activity may run again. Filing is therefore insert-if-absent, one
/// row per (instance, school): <c>Applied</c> is how often the receipt was filed (1, whatever happens) and <c>Runs</c>
/// how often the activity ran for it (more than 1 after a crash is allowed; a second filing is not).
/// </remarks>
public sealed class NoticeDistribution(StorageAccount account, AppHostSettings host)
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "NoticeDistribution";

    /// <summary>The activity's name.</summary>
    public const string FileReceiptName = "NoticeDistributionFileReceipt";

    /// <summary>The receipts table's name after the hub's.</summary>
    public const string TableSuffix = "NoticeReceipts";

    /// <summary>At most this many schools per distribution (the county has fewer; the bound keeps the history small).</summary>
    public const int MaxSchools = 5000;

    /// <summary>What to distribute, and to which schools.</summary>
    /// <param name="SchoolIds">The schools, each once.</param>
    /// <param name="Notice">The notice, in a line.</param>
    public sealed record Input(IReadOnlyList<string> SchoolIds, string? Notice = null);

    /// <summary>One school's receipt to file.</summary>
    /// <param name="InstanceId">The distribution (the orchestration's instance id).</param>
    /// <param name="SchoolId">The school.</param>
    public sealed record Receipt(string InstanceId, string SchoolId);

    /// <summary>What the distribution did.</summary>
    /// <param name="Notice">The notice.</param>
    /// <param name="Schools">Schools it was sent to.</param>
    /// <param name="Filed">Schools whose receipt is filed.</param>
    public sealed record Summary(string? Notice, int Schools, int Filed);

    /// <summary>The orchestrator: one receipt activity per school, all at once, then the summary.</summary>
    /// <exception cref="ArgumentException">When the input names no school, a school twice, or more than <see cref="MaxSchools"/>.</exception>
    [Function(Name)]
    public static async Task<Summary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>();
        if (input?.SchoolIds is not { Count: > 0 and <= MaxSchools } schools || schools.Any(s => TableKey.Problem(s) is not null)
            || schools.Distinct(StringComparer.Ordinal).Count() != schools.Count)
        {
            throw new ArgumentException($"schoolIds must name 1 to {MaxSchools} schools, each once, as table keys.", nameof(context));
        }

        context.SetStatus(new { schools = schools.Count });
        string[] filed = await Task.WhenAll(schools.Select(s => context.CallActivityAsync<string>(FileReceiptName, new Receipt(context.InstanceId, s), StorageRetry.Options)));
        return new Summary(input.Notice, schools.Count, filed.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>The activity: files the school's receipt unless it is filed, and counts the run; returns the school.</summary>
    [Function(FileReceiptName)]
    public async Task<string> FileReceiptAsync([ActivityTrigger] Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var table = account.Tables.GetTableClient(host.HubName + TableSuffix);
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(receipt.InstanceId, receipt.SchoolId, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!row.HasValue)
                {
                    await AddAsync(table, new TableEntity(receipt.InstanceId, receipt.SchoolId) { ["Applied"] = 1, ["Runs"] = 1 }, cancellationToken).ConfigureAwait(false);
                    return receipt.SchoolId;
                }

                // Filed already (this activity ran before a crash): count the run, file nothing.
                var entity = row.Value!;
                entity["Runs"] = (entity.GetInt32("Runs") ?? 1) + 1;
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return receipt.SchoolId;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another run got there between the read and the write: read again.
            }
        }
    }

    private static async Task AddAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The first receipt of a hub: create the table, then file.
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }
}
