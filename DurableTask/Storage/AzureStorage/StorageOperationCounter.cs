using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// Counts every request sent to storage, retries included, in total and by kind ("queue put", "table batch", …): the
/// figures the benchmark reports per orchestration, and what tests of a workload's storage cost compare.
/// </summary>
internal sealed class StorageOperationCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests so far by kind.</summary>
    public IReadOnlyDictionary<string, long> ByKind => new Dictionary<string, long>(_byKind, StringComparer.Ordinal);

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        _byKind.AddOrUpdate(KindOf(message.Request), 1, (_, n) => n + 1);
    }

    // Tables are named after the hub: "<hub>History", "<hub>Instances", …; the kind keeps the part after the hub.
    private static readonly string[] TableSuffixes = ["History", "Instances", "Timers", "Workers", "Poison"];

    private static string TableOf(string path)
    {
        string last = path[(path.LastIndexOf('/') + 1)..];
        int paren = last.IndexOf('(', StringComparison.Ordinal);
        string name = paren >= 0 ? last[..paren] : last;
        return TableSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) ?? "Tables";
    }

    /// <summary>What a request does, from its method and address (the three services' REST shapes).</summary>
    internal static string KindOf(Request request)
    {
        string path = request.Uri.Path;
        string query = request.Uri.Query;
        string method = request.Method.Method;
        if (path.Contains("/messages", StringComparison.Ordinal))
        {
            bool one = !path.EndsWith("/messages", StringComparison.Ordinal);
            return (method, one) switch
            {
                ("POST", _) => "queue put",
                ("GET", false) => query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) ? "queue peek" : "queue get",
                ("DELETE", true) => "queue delete",
                ("PUT", true) => "queue update",
                _ => "queue other",
            };
        }

        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return "table batch";
        }

        if (query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase))
        {
            return "blob lease";
        }

        bool table = path.Contains("(PartitionKey=", StringComparison.Ordinal) || request.Headers.TryGetValue("DataServiceVersion", out _);
        if (table)
        {
            bool pointed = path.Contains("(PartitionKey=", StringComparison.Ordinal);
            string verb = (method, pointed) switch
            {
                ("GET", true) => "table read",
                ("GET", false) => "table query",
                _ => "table write",
            };
            return verb + " " + TableOf(path);
        }

        return method switch
        {
            "GET" or "HEAD" => "other read",
            _ => "other write",
        };
    }
}
