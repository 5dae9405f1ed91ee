namespace EduFlows.Durable;

/// <summary>How a failed activity or sub-orchestration is retried; the waits between attempts are durable timers.</summary>
/// <remarks>
/// Attempt <c>n</c> (1-based) that fails waits <c>FirstRetryInterval * BackoffCoefficient^(n-1)</c>, capped at
/// <see cref="MaxRetryInterval"/>, before attempt <c>n+1</c>. Defaults: coefficient 1, no cap, every failure handled.
/// </remarks>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is out of range.</exception>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), "The maximum interval must not be shorter than the first interval.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.MaxValue;
    }

    /// <summary>Total attempts, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>The wait after the first failure.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>The factor applied to the wait after each further failure.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Decides whether a failure is retried; <see langword="null"/> retries every failure.</summary>
    public Func<TaskFailureDetails, bool>? Handle { get; init; }

    /// <summary>The wait before the attempt after <paramref name="failedAttempt"/> (1-based).</summary>
    public TimeSpan GetDelay(int failedAttempt)
    {
        double ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, failedAttempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
