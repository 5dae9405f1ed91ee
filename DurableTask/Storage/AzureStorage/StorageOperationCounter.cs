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
    private readonly ConcurrentDictionary<string, long> _scans = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests so far by kind.</summary>
    public IReadOnlyDictionary<string, long> ByKind => new Dictionary<string, long>(_byKind, StringComparer.Ordinal);

    /// <summary>
    /// Table queries so far that read across partitions (their filter pins no partition key), by table: the requests whose
    /// cost grows with the whole table, also counted in <see cref="ByKind"/> as "table query …".
    /// </summary>
    public IReadOnlyDictionary<string, long> ScansByTable => new Dictionary<string, long>(_scans, StringComparer.Ordinal);

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        string kind = KindOf(message.Request);
        _byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (kind.StartsWith("table query ", StringComparison.Ordinal) && !PinsOnePartition(message.Request.Uri.Query))
        {
            _scans.AddOrUpdate(kind["table query ".Length..], 1, (_, n) => n + 1);
        }
    }

    /// <summary>Whether a table query's <c>$filter</c> is "PartitionKey eq …" joined to the rest by "and" alone.</summary>
    internal static bool PinsOnePartition(string query)
    {
        string decoded = Uri.UnescapeDataString(query.Replace('+', ' '));
        int at = decoded.IndexOf("$filter=", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        string filter = decoded[(at + "$filter=".Length)..].TrimStart('(');
        return filter.StartsWith("PartitionKey eq ", StringComparison.Ordinal) && !filter.Contains(" or ", StringComparison.Ordinal);
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
