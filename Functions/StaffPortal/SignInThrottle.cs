using System.Threading.RateLimiting;

namespace EduFlows.StaffPortal;

/// <summary>Limits sign-in requests: 5 per address and 20 per client in 15 minutes, so the form cannot be used to flood inboxes.</summary>
public sealed class SignInThrottle : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly PartitionedRateLimiter<string> _perAddress = Limiter(5);
    private readonly PartitionedRateLimiter<string> _perClient = Limiter(20);

    /// <summary>True when this request may go ahead; otherwise how long to wait.</summary>
    public bool TryAcquire(string address, string client, out TimeSpan retryAfter)
    {
        retryAfter = Window;
        using var byClient = _perClient.AttemptAcquire(client);
        if (!byClient.IsAcquired)
        {
            return false;
        }

        using var byAddress = _perAddress.AttemptAcquire(address.ToLowerInvariant());
        return byAddress.IsAcquired;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _perAddress.Dispose();
        _perClient.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        }));
}
