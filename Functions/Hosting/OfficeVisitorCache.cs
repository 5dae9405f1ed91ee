using Microsoft.Extensions.Caching.Memory;

namespace EduFlows.Hosting;

/// <summary>
/// The office guard's short memory of whom a staff session let in (<see cref="OfficeAccess"/>): the person and their
/// department, read from the directory once per session every <see cref="Lifetime"/> instead of on each of a page's
/// requests.
/// </summary>
/// <remarks>
/// Only the directory's answer is kept, never the session's validity: the cookie handler still checks the session
/// on the server on every request (one point read, <c>StaffSession.ValidateAsync</c>), so a session revoked by signing
/// out is refused at once on every instance of the app. Evicting on sign-out instead would reach only the instance
/// that served the sign-out; another instance would admit the revoked cookie until its entry expired. What the cache
/// can delay is a change of the directory (a person moved out of the office), by at most <see cref="Lifetime"/>.
/// Expiry follows the app's <see cref="TimeProvider"/>, as every time in the app.
/// </remarks>
public sealed class OfficeVisitorCache(TimeProvider time) : IDisposable
{
    /// <summary>How long the directory's answer for a session is kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The most sessions remembered at once; past that, entries are compacted away.</summary>
    public const int MaxSessions = 10_000;

    // MemoryCache bounds the size and drops old entries on the system clock; the app's clock decides what is still fresh.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxSessions });

    /// <summary>The directory's answer for the session, read by <paramref name="read"/> when not known or no longer fresh.</summary>
    /// <param name="sessionId">The session's id (its cookie's claim).</param>
    /// <param name="staffId">The staff member the session is of.</param>
    /// <param name="read">Reads the person and their department.</param>
    public async Task<OfficeLookup> GetAsync(string sessionId, string staffId, Func<Task<OfficeLookup>> read)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(staffId);
        ArgumentNullException.ThrowIfNull(read);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(sessionId, out Entry? kept) && kept is not null && kept.StaffId == staffId && now < kept.Until)
        {
            return kept.Lookup;
        }

        var lookup = await read().ConfigureAwait(false);
        _cache.Set(sessionId, new Entry(staffId, lookup, now + Lifetime), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return lookup;
    }

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    private sealed record Entry(string StaffId, OfficeLookup Lookup, DateTimeOffset Until);
}

/// <summary>What the directory says of a signed-in person at the office's door.</summary>
/// <param name="Known">The person's name (their staff id when the directory has no such person).</param>
/// <param name="Visitor">The visitor to let in, or null when their department is not the bureau office.</param>
public sealed record OfficeLookup(string Known, OfficeVisitor? Visitor);
