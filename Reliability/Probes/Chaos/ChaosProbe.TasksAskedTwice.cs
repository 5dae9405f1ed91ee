using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Chaos;

public sealed partial class ChaosProbe
{
    /// <summary>
    /// Tasks opened twice: rows of the task table for one process that ask the same person the same thing (kind,
    /// subject and facts on the form) under different task ids — what a task id that does not survive a replay, or a
    /// step run again that makes a new one, would leave. Returns the duplicated task ids, one group per entry.
    /// </summary>
    internal static List<string> AskedTwice(IEnumerable<(string Id, string AssigneeId, string Kind, string Question)> tasks) =>
        [.. tasks
            .GroupBy(t => (t.AssigneeId, t.Kind, t.Question))
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(t => t.Id).Order(StringComparer.Ordinal)))];

    /// <summary>
    /// The task table's rows of the instances whose id starts with <paramref name="instancePrefix"/>, as <see cref="AskedTwice"/>
    /// reads them; only groups holding one of <paramref name="expected"/> when it is given.
    /// </summary>
    private static async Task<List<string>> TasksAskedTwiceAsync(ProbeContext context, string instancePrefix, IReadOnlyCollection<string>? expected, CancellationToken cancellationToken)
    {
        var tasks = new TableClient(context.App.Azurite.ConnectionString, Hub + "Tasks");
        var rows = new List<(string, string, string, string)>();
        try
        {
            await foreach (var row in tasks.QueryAsync<TableEntity>(select: ["RowKey", "InstanceId", "AssigneeId", "Kind", "Json"], cancellationToken: cancellationToken))
            {
                if (row.GetString("InstanceId") is { } instance && instance.StartsWith(instancePrefix, StringComparison.Ordinal)
                    && JsonNode.Parse(row.GetString("Json") ?? "{}") is JsonObject task)
                {
                    string question = (task["Subject"] ?? task["subject"])?.ToJsonString() + (task["Context"] ?? task["context"])?.ToJsonString();
                    rows.Add(((string?)(task["Id"] ?? task["id"]) ?? row.RowKey, row.GetString("AssigneeId") ?? string.Empty, row.GetString("Kind") ?? string.Empty, question));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No task table: no task was opened.
        }

        return [.. AskedTwice(rows).Where(g => expected is null || g.Split(" = ").Any(expected.Contains))];
    }
}
