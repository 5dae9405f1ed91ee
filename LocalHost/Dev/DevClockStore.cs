using Azure;
using Azure.Data.Tables;

namespace EduFlows.Hosting;

/// <summary>
/// Keeps the dev clock's offset in the task hub's storage (table <c>{hub}DevClock</c>), so a restarted host goes on
/// at the time the demo had reached: otherwise a restart would turn the clock back, and timers and deadlines already
/// passed on the moved clock would wait days of real time again.
/// </summary>
public sealed class DevClockStore(string connectionString, string hubName)
{
    private const string Partition = "clock";
    private const string Row = "offset";
    private readonly TableClient _table = new(connectionString, hubName + "DevClock");

    /// <summary>The saved offset; zero when the clock was never moved on this hub.</summary>
    public async Task<TimeSpan> LoadAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetInt64("OffsetTicks") is { } ticks ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }

    /// <summary>Saves <paramref name="offset"/> unless a larger one is saved already (two moves at once keep the later time).</summary>
    public async Task SaveAsync(TimeSpan offset, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = new TableEntity(Partition, Row) { ["OffsetTicks"] = offset.Ticks };
            try
            {
                if (!row.HasValue)
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else if ((row.Value!.GetInt64("OffsetTicks") ?? 0) < offset.Ticks)
                {
                    await _table.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another move saved meanwhile: read again and keep the larger.
            }
        }
    }
}
