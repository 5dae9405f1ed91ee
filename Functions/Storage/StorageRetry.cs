using Microsoft.DurableTask;

namespace EduFlows.Storage;

/// <summary>
/// How processes retry activities that read or write tables: 6 attempts over about 5 minutes (10 s, doubling, at most
/// 2 min apart), so a table that is briefly busy does not cost a department its month or a trainee their week.
/// </summary>
public static class StorageRetry
{
    /// <summary>The policy.</summary>
    public static readonly RetryPolicy Policy = new(6, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(2));

    /// <summary>Activity options with the policy.</summary>
    public static TaskOptions Options => TaskOptions.FromRetryPolicy(Policy);
}
