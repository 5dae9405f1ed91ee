namespace EduFlows.Durable;

/// <summary>Options for calling an activity.</summary>
public record TaskOptions
{
    /// <summary>The retry policy; <see langword="null"/> means one attempt.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Options that retry by <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new() { Retry = policy };
}
