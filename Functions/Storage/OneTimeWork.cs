using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace EduFlows.Storage;

/// <summary>
/// A named piece of work done once per hub on a store's tables (a backfill after a column or an index is added): one
/// host at a time does it, from where a stopped run last saved its place, and it is marked done only after it.
/// </summary>
/// <remarks>
/// Two rows of the owning store's marks table, named after the work: the mark (<c>{name}</c>, the work's own record,
/// added once and never removed) and the progress (<c>{name}-progress</c>: the resume point as JSON, and in columns
/// the host doing the work and until when). A host claims the work by writing the progress row guarded by its ETag, so
/// of two hosts starting at once one does it and the other is told until when it is claimed. Each saved resume point
/// renews the claim in the same guarded write, and so does the holder every third of <see cref="ClaimFor"/> while its
/// work runs, so work that saves seldom or never (or takes longer than the claim) keeps it; a host whose renewals stop
/// (it died, or its storage calls stall) past <see cref="ClaimFor"/> is taken over, and stops at its next save or
/// renewal rather than writing over the new holder's place. A run that fails gives up its claim (its place
/// kept), so the next start resumes at once; a host that dies keeps it until it lapses. The progress row is removed
/// once the mark is written. The rows are named and laid out as the escalation-columns and training-registrations
/// backfills wrote them before this class existed, so a mark or resume point an earlier version wrote counts; and the
/// progress row always holds a point when the work gives one to start from, so a host still on the version that read it
/// as a resume point reads it too.
/// </remarks>
/// <typeparam name="TMark">What the mark records (the run's counts and when it finished).</typeparam>
/// <typeparam name="TPoint">Where a stopped run resumes, with its counts so far.</typeparam>
public sealed class OneTimeWork<TMark, TPoint>
    where TMark : class
    where TPoint : class
{
    /// <summary>How long a claim holds without a saved resume point renewing it: five minutes.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    private const string JsonColumn = "Json", ClaimedByColumn = "ClaimedBy", ClaimedUntilColumn = "ClaimedUntil";

    private readonly TableClient _marks;
    private readonly RecordTable<TMark> _mark;
    private readonly string _progressKey;

    // The point the progress row holds before the work saved one (null: none), as JSON.
    private readonly string? _startJson;

    // This instance's claims: a host's two runs of the same work (its start and a retry) are one holder.
    private readonly string _holder = Guid.NewGuid().ToString("N");

    // Set once the mark is read or written: the mark is never removed, so it is not read again.
    private volatile bool _done;

    /// <summary>The work <paramref name="name"/>, kept in <paramref name="marks"/> (created on first use).</summary>
    /// <param name="marks">The owning store's table of marks.</param>
    /// <param name="name">The work's name: its mark's key, and with <c>-progress</c> its progress row's.</param>
    /// <param name="start">
    /// The point the progress row holds until the work saves one (null: none). Work whose earlier version read the row as
    /// its resume point, and failed on a row without one, gives its starting point: during a rolling upgrade a host still
    /// on that version reads a row this version claimed.
    /// </param>
    public OneTimeWork(TableClient marks, string name, TPoint? start = null)
    {
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _marks = marks;
        _mark = new RecordTable<TMark>(marks, _ => name, _ => new Dictionary<string, object?>());
        Name = name;
        _progressKey = name + "-progress";
        _startJson = start is null ? null : JsonSerializer.Serialize(start, RecordSize.Json);
    }

    /// <summary>The work's name (its mark's key).</summary>
    public string Name { get; }

    /// <summary>Whether the work is marked done (by any host, any version).</summary>
    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken)
    {
        if (!_done && await _mark.GetAsync(Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            _done = true;
        }

        return _done;
    }

    /// <summary>Marks the work done without doing it (there was nothing to do); false when it was marked already.</summary>
    public async Task<bool> MarkAsync(TMark mark, CancellationToken cancellationToken)
    {
        bool added = await _mark.TryAddAsync(mark, cancellationToken).ConfigureAwait(false);
        _done = true;
        return added;
    }

    /// <summary>
    /// Does the work unless it is marked done or another host holds it: claims it, hands <paramref name="work"/> the point
    /// a stopped run saved (and a way to save the next), then writes the mark it returns.
    /// </summary>
    /// <param name="work">The work's own part: resumes from the progress's point, saves its place as it goes, returns the mark.</param>
    /// <param name="time">The clock the claim is timed by.</param>
    /// <param name="cancellationToken">Cancels the work (the claim is given up, the place kept).</param>
    /// <returns>Done now (with this run's mark), done before, or claimed by another host (until when).</returns>
    /// <remarks>An exception from <paramref name="work"/> gives up the claim and is rethrown; nothing is marked.</remarks>
    public async Task<OneTimeRun<TMark>> RunAsync(Func<OneTimeProgress<TPoint>, CancellationToken, Task<TMark>> work, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(time);
        if (await IsDoneAsync(cancellationToken).ConfigureAwait(false))
        {
            return new(OneTimeOutcome.DoneBefore, null, null);
        }

        var claim = await ClaimAsync(time, cancellationToken).ConfigureAwait(false);
        if (claim.HeldUntil is { } until)
        {
            return new(OneTimeOutcome.ClaimedElsewhere, null, until);
        }

        var held = claim.Row!;

        // Another host may have finished between the first look at the mark and the claim (it removed its progress row).
        if (await IsDoneAsync(cancellationToken).ConfigureAwait(false))
        {
            await RemoveProgressAsync(held.ETag).ConfigureAwait(false);
            return new(OneTimeOutcome.DoneBefore, null, null);
        }

        // Cancelled when another host has taken the work over: the work stops at its next save.
        using var takenOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Saves and the keep-alive renew one after the other, each guarded by the row as the last one wrote it.
        using var renewing = new SemaphoreSlim(1, 1);
        async Task<bool> RenewHeldAsync(string? point, CancellationToken token)
        {
            await renewing.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var renewed = await RenewAsync(held, point, time, token).ConfigureAwait(false);
                if (renewed is null)
                {
                    await takenOver.CancelAsync().ConfigureAwait(false);
                    return false;
                }

                held = renewed;
                return true;
            }
            finally
            {
                renewing.Release();
            }
        }

        var progress = new OneTimeProgress<TPoint>(PointOf(held), async (point, token) =>
        {
            if (!await RenewHeldAsync(JsonSerializer.Serialize(point, RecordSize.Json), token).ConfigureAwait(false))
            {
                takenOver.Token.ThrowIfCancellationRequested();
            }
        });

        using var stopKeepingAlive = CancellationTokenSource.CreateLinkedTokenSource(takenOver.Token);
        var keepAlive = KeepAliveAsync(() => RenewHeldAsync(held.GetString(JsonColumn), stopKeepingAlive.Token), time, stopKeepingAlive.Token);
        TMark mark;
        try
        {
            try
            {
                mark = await work(progress, takenOver.Token).ConfigureAwait(false);
            }
            finally
            {
                await stopKeepingAlive.CancelAsync().ConfigureAwait(false);
                await keepAlive.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (takenOver.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Taken over: the other host has finished since (its progress row removed), or holds it until when its row says.
            var now = await _marks.GetEntityIfExistsAsync<TableEntity>(_progressKey, _progressKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await IsDoneAsync(cancellationToken).ConfigureAwait(false)
                ? new(OneTimeOutcome.DoneBefore, null, null)
                : new(OneTimeOutcome.ClaimedElsewhere, null, (now.HasValue ? now.Value!.GetDateTimeOffset(ClaimedUntilColumn) : null) ?? time.GetUtcNow());
        }
        catch
        {
            await GiveUpAsync(held).ConfigureAwait(false);
            throw;
        }

        bool marked = await MarkAsync(mark, cancellationToken).ConfigureAwait(false);
        await RemoveProgressAsync(held.ETag).ConfigureAwait(false);
        return marked ? new(OneTimeOutcome.Done, mark, null) : new(OneTimeOutcome.DoneBefore, null, null);
    }

    // The progress row claimed for this instance, or until when another holds it.
    private async Task<(TableEntity? Row, DateTimeOffset? HeldUntil)> ClaimAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var found = await _marks.GetEntityIfExistsAsync<TableEntity>(_progressKey, _progressKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (found.HasValue && found.Value!.GetString(ClaimedByColumn) is { } holder && holder != _holder
                && found.Value.GetDateTimeOffset(ClaimedUntilColumn) is { } until && until > now)
            {
                return (null, until);
            }

            var row = new TableEntity(_progressKey, _progressKey) { [ClaimedByColumn] = _holder, [ClaimedUntilColumn] = now + ClaimFor };
            if (((found.HasValue ? found.Value!.GetString(JsonColumn) : null) ?? _startJson) is { } point)
            {
                row[JsonColumn] = point;
            }

            try
            {
                var written = found.HasValue
                    ? await _marks.UpdateEntityAsync(row, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                    : await _marks.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                row.ETag = written.Headers.ETag ?? throw new InvalidOperationException("The table returned no ETag for the claim.");
                return (row, null);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Another host claimed, renewed or finished meanwhile: look again.
            }
        }
    }

    // Renews the claim every third of ClaimFor until stopped, or until another host has taken the work over. A renewal
    // storage refuses is tried again at the next tick: the claim lapses only if they all fail for ClaimFor.
    private static async Task KeepAliveAsync(Func<Task<bool>> renew, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ClaimFor / 3, time, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!await renew().ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (RequestFailedException)
                {
                    // Storage refused this once: the next tick tries again, well within the claim.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work ended (or was taken over): no more renewals.
        }
    }

    // Saves the point (the held one again for a keep-alive) and renews the claim in one write guarded by the row as this
    // holder last wrote it; null when another host has taken the work over (or finished it) since.
    private async Task<TableEntity?> RenewAsync(TableEntity held, string? point, TimeProvider time, CancellationToken cancellationToken)
    {
        var row = new TableEntity(_progressKey, _progressKey)
        {
            [ClaimedByColumn] = _holder,
            [ClaimedUntilColumn] = time.GetUtcNow() + ClaimFor,
        };
        if (point is not null)
        {
            row[JsonColumn] = point;
        }

        try
        {
            var written = await _marks.UpdateEntityAsync(row, held.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            row.ETag = written.Headers.ETag ?? throw new InvalidOperationException("The table returned no ETag for the resume point.");
            return row;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    // A failed or stopped run's claim ends now, its place kept: the next start need not wait for it to lapse.
    private async Task GiveUpAsync(TableEntity held)
    {
        var row = new TableEntity(_progressKey, _progressKey);
        if (held.GetString(JsonColumn) is { } point)
        {
            row[JsonColumn] = point;
        }

        try
        {
            await _marks.UpdateEntityAsync(row, held.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Taken over meanwhile, or storage refused: the claim lapses by itself.
        }
    }

    private async Task RemoveProgressAsync(ETag held)
    {
        try
        {
            await _marks.DeleteEntityAsync(_progressKey, _progressKey, held, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Changed or removed meanwhile, or storage refused: a progress row left beside the mark is never read again.
        }
    }

    private static TPoint? PointOf(TableEntity row) =>
        row.GetString(JsonColumn) is { } json ? JsonSerializer.Deserialize<TPoint>(json, RecordSize.Json) : null;
}
