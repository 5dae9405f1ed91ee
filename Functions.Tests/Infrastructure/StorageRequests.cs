using System.Collections.Concurrent;
using System.Diagnostics;

namespace EduFlows.Tests.Infrastructure;

/// <summary>
/// Counts the HTTP requests sent (retries included) while a call runs in this execution context: the
/// System.Net.Http activity of each, as every Azure SDK client sends through HttpClient.
/// </summary>
internal static class StorageRequests
{
    private static readonly AsyncLocal<ConcurrentQueue<Activity>?> Current = new();

    /// <summary>Runs <paramref name="call"/>; returns its result and its requests ("METHOD url", in the order sent).</summary>
    public static async Task<(T Result, IReadOnlyList<string> Requests)> CountAsync<T>(Func<Task<T>> call)
    {
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => Current.Value is null ? ActivitySamplingResult.None : ActivitySamplingResult.AllData,
            ActivityStarted = activity => Current.Value?.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        Current.Value = seen;
        try
        {
            var result = await call();
            return (result, [.. seen.Select(a => $"{a.GetTagItem("http.request.method")} {a.GetTagItem("url.full")}")]);
        }
        finally
        {
            Current.Value = null;
        }
    }
}
