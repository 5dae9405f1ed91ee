using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Notifications;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Bench.Reallocation;

/// <summary>
/// The table work of opening a reallocation window (issue 17), scaled down and without the host: per person the task
/// row and its mail stored (as TaskDesk.OpenAsync does, 16 at a time) and the mail sent (as MailSender does, 8 at a time:
/// read, claim, record the outcome), on tables already holding the rows of earlier rounds. Twice on one Azurite of its
/// own: with rows keyed (id, "r") as RecordTable stored them before (the same requests, made here directly), and with
/// the real StaffTaskStore and MailOutbox. Each part is timed on the wall clock and by Azurite's own CPU time; every
/// request of the second is counted by table and kind. Writes <c>reallocation-window-tables.md</c>.
/// </summary>
internal static class ReallocationWindowTablesBench
{
    private const int OpenConcurrency = StaffTaskWindowActivities.Concurrency;
    private const int SendConcurrency = MailSender.BatchConcurrency;

    private sealed record Part(string Layout, string What, int Rows, double Seconds, double AzuriteCpu);

    public static async Task<int> RunAsync(string outDir, int people, int earlier)
    {
        string loadBefore = MachineFacts.LoadAverage();
        await using var azurite = await AzuriteProcess.StartAsync();
        int pid = AzuriteCpu.NodePidOf(azurite.TablePort);
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var account = new StorageAccount(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString));
        var parts = new List<Part>();

        // Before: the requests RecordTable made, on rows keyed (id, "r").
        var oldTasks = new OldLayout(account.Tables.GetTableClient("BenchOldTasks"));
        var oldMail = new OldLayout(account.Tables.GetTableClient("BenchOldMail"));
        await oldTasks.Table.CreateIfNotExistsAsync();
        await oldMail.Table.CreateIfNotExistsAsync();
        const string Before = "before: rows keyed (id, \"r\")";
        parts.Add(await TimeAsync(pid, Before, $"earlier rounds: {earlier} tasks and {earlier} mails stored", earlier, () => EachAsync(earlier, OpenConcurrency, async n =>
        {
            await oldTasks.AddAsync(Task("earlier", n), TaskColumns);
            await oldMail.AddAsync(Mail("earlier", n), MailColumns);
        })));
        parts.Add(await TimeAsync(pid, Before, $"window opens: {people} tasks stored, their mails queued", people, () => EachAsync(people, OpenConcurrency, async n =>
        {
            await oldTasks.AddAsync(Task("window", n), TaskColumns);
            await oldMail.AddAsync(Mail("window", n), MailColumns);
        })));
        parts.Add(await TimeAsync(pid, Before, $"window's mails sent: read, claim, outcome ({people})", people, () => EachAsync(people, SendConcurrency, async n =>
        {
            var (mail, etag) = await oldMail.GetAsync<OutboxMessage>(Mail("window", n).Id);
            var claimed = mail with { Status = MailStatus.Sending, ClaimedBy = "bench", ClaimedUntil = DateTimeOffset.UtcNow.AddMinutes(2), Attempts = 1 };
            var claim = await oldMail.ReplaceAsync(claimed, claimed.Id, MailColumns, etag);
            await oldMail.ReplaceAsync(claimed with { Status = MailStatus.Sent, ClaimedBy = null, ClaimedUntil = null, SentAt = DateTimeOffset.UtcNow }, claimed.Id, MailColumns, claim);
        })));

        // After: the real stores.
        var tasks = new StaffTaskStore(account, "BenchNewTasks");
        var outbox = new MailOutbox(account, "BenchNewMail");
        const string After = "after: rows keyed (id, id), StaffTaskStore and MailOutbox";
        parts.Add(await TimeAsync(pid, After, $"earlier rounds: {earlier} tasks and {earlier} mails stored", earlier, () => EachAsync(earlier, OpenConcurrency, async n =>
        {
            await tasks.CreateAsync(Task("earlier", n), CancellationToken.None);
            await outbox.WriteAsync(Mail("earlier", n), CancellationToken.None);
        })));
        counter.Clear();
        parts.Add(await TimeAsync(pid, After, $"window opens: {people} tasks stored, their mails queued", people, () => EachAsync(people, OpenConcurrency, async n =>
        {
            await tasks.CreateAsync(Task("window", n), CancellationToken.None);
            await outbox.WriteAsync(Mail("window", n), CancellationToken.None);
        })));
        var opening = counter.Snapshot();
        counter.Clear();
        parts.Add(await TimeAsync(pid, After, $"window's mails sent: read, claim, outcome ({people})", people, () => EachAsync(people, SendConcurrency, async n =>
        {
            var read = await outbox.GetAsync(Mail("window", n).Id, CancellationToken.None) ?? throw new InvalidOperationException("A queued mail is gone.");
            var claimed = read.Record with { Status = MailStatus.Sending, ClaimedBy = "bench", ClaimedUntil = DateTimeOffset.UtcNow.AddMinutes(2), Attempts = 1 };
            var claim = await outbox.TryReplaceAsync(claimed, read.ETag, CancellationToken.None) ?? throw new InvalidOperationException("A claim was lost.");
            _ = await outbox.TryReplaceAsync(claimed with { Status = MailStatus.Sent, ClaimedBy = null, ClaimedUntil = null, SentAt = DateTimeOffset.UtcNow }, claim, CancellationToken.None)
                ?? throw new InvalidOperationException("An outcome was lost.");
        })));
        var sending = counter.Snapshot();

        await WriteReportAsync(outDir, people, earlier, parts, opening, sending, loadBefore);
        return 0;
    }

    private static StaffTask Task(string round, int n) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"reallocation-ranked-{round}-{n:D5}"),
        Kind = "reallocation-ranked-list",
        AssigneeId = string.Create(CultureInfo.InvariantCulture, $"stf-{n:D5}"),
        AssigneeName = "王芳",
        InstanceId = "bench-window:ranked-1:" + (n / 200).ToString(CultureInfo.InvariantCulture),
        EventName = "task-" + n.ToString(CultureInfo.InvariantCulture),
        Subject = "【县管校聘】跨校竞聘：请提交志愿学校与岗位",
        Context = [new("县管校聘 Reallocation", "bench-window"), new("学校 School", "青州市第一中学"), new("学段 Section", "初中"), new("学科 Subject", "语文")],
        Culture = "zh-CN",
        CreatedAt = DateTimeOffset.UtcNow,
        DueAt = DateTimeOffset.UtcNow.AddDays(7),
    };

    private static OutboxMessage Mail(string round, int n) => new()
    {
        Id = Task(round, n).Id + ".task-assigned",
        To = string.Create(CultureInfo.InvariantCulture, $"stf-{n:D5}@qz.example.cn"),
        ToName = "王芳",
        Template = "task-assigned",
        Culture = "zh-CN",
        Subject = "【县管校聘】跨校竞聘：请提交志愿学校与岗位",
        Html = "<p>王芳老师：请在截止时间前提交您的志愿学校与岗位。</p>",
        Text = "王芳老师：请在截止时间前提交您的志愿学校与岗位。",
        CreatedAt = DateTimeOffset.UtcNow,
        TaskId = Task(round, n).Id,
    };

    // The columns the stores copy out of each record.
    private static Dictionary<string, object?> TaskColumns(StaffTask t) => new()
    {
        ["Status"] = t.Status.ToString(), ["AssigneeId"] = t.AssigneeId, ["InstanceId"] = t.InstanceId, ["Kind"] = t.Kind, ["DueAt"] = t.DueAt.UtcDateTime,
    };

    private static Dictionary<string, object?> MailColumns(OutboxMessage m) => new()
    {
        ["Status"] = m.Status.ToString(), ["To"] = m.To, ["CreatedAt"] = m.CreatedAt.UtcDateTime, ["ClaimedUntil"] = m.ClaimedUntil?.UtcDateTime, ["NotBefore"] = (m.NotBefore ?? m.CreatedAt).UtcDateTime,
    };

    private static Task EachAsync(int count, int concurrency, Func<int, Task> work) =>
        Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, _) => await work(n));

    private static async Task<Part> TimeAsync(int pid, string layout, string what, int rows, Func<Task> run)
    {
        double cpu0 = AzuriteCpu.Seconds(pid);
        var watch = Stopwatch.StartNew();
        await run();
        var part = new Part(layout, what, rows, watch.Elapsed.TotalSeconds, AzuriteCpu.Seconds(pid) - cpu0);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{part.Layout}, {part.What}: {part.Seconds:F1} s, Azurite CPU {part.AzuriteCpu:F1} s"));
        return part;
    }

    private static async Task WriteReportAsync(
        string outDir, int people, int earlier, List<Part> parts, IReadOnlyDictionary<string, int> opening, IReadOnlyDictionary<string, int> sending, string loadBefore)
    {
        var report = new StringBuilder()
            .AppendLine("# The tables of a reallocation window on Azurite: rows keyed (id, \"r\") vs (id, id) (issue 17)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineFacts.Read().Cpu}, {Environment.ProcessorCount} cores, shared with other sessions; load average before {loadBefore}, after {MachineFacts.LoadAverage()}.")
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench -- --reallocation-window-tables --people {people} --earlier {earlier}`: on an in-memory Azurite of its own,")
            .AppendLine("the task and mail rows of earlier rounds, then a window's: each task and its mail stored 16 at a time (TaskDesk.OpenAsync),")
            .AppendLine("each mail read, claimed and marked sent 8 at a time (MailSender, without SendGrid). Azurite CPU is its node process's own CPU time.")
            .AppendLine()
            .AppendLine("| layout | part | rows | seconds | rows/s | Azurite CPU s | Azurite CPU ms per row |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var p in parts)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {p.Layout} | {p.What} | {p.Rows} | {p.Seconds:F1} | {p.Rows / p.Seconds:F0} | {p.AzuriteCpu:F1} | {p.AzuriteCpu * 1000 / p.Rows:F2} |");
        }

        report.AppendLine().AppendLine("Requests of the window (after), by table and kind:").AppendLine();
        foreach (var (stretch, counts) in new[] { ("opening", opening), ("sending", sending) })
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {stretch}: {string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
        }

        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "reallocation-window-tables.md"), report.ToString());
        Console.WriteLine(report);
    }

    // Rows as RecordTable stored them before: partition = id, row = "r", the record as JSON and a few columns.
    private sealed class OldLayout(TableClient table)
    {
        public TableClient Table => table;

        public async Task AddAsync<T>(T record, Func<T, Dictionary<string, object?>> columns)
            where T : class => await table.AddEntityAsync(Entity(record, IdOf(record), columns));

        public async Task<(T Record, ETag ETag)> GetAsync<T>(string id)
        {
            var row = (await table.GetEntityAsync<TableEntity>(id, "r")).Value;
            return (JsonSerializer.Deserialize<T>(row.GetString("Json"), RecordSize.Json)!, row.ETag);
        }

        public async Task<ETag> ReplaceAsync<T>(T record, string id, Func<T, Dictionary<string, object?>> columns, ETag etag)
            where T : class => (await table.UpdateEntityAsync(Entity(record, id, columns), etag, TableUpdateMode.Replace)).Headers.ETag!.Value;

        private static string IdOf<T>(T record) => record switch
        {
            StaffTask t => t.Id,
            OutboxMessage m => m.Id,
            _ => throw new ArgumentException("Not a task or a mail.", nameof(record)),
        };

        private static TableEntity Entity<T>(T record, string id, Func<T, Dictionary<string, object?>> columns)
        {
            var entity = new TableEntity(id, "r") { ["Json"] = JsonSerializer.Serialize(record, RecordSize.Json) };
            foreach (var (name, value) in columns(record))
            {
                entity[name] = value;
            }

            return entity;
        }
    }

    // Every request to the table service, by table and kind (point read, query, add, replace, upsert, batch, other).
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Clear() => _counts.Clear();

        public Dictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

        public override void OnSendingRequest(HttpMessage message)
        {
            var request = message.Request;
            string path = Uri.UnescapeDataString(request.Uri.Path);
            string last = path[(path.LastIndexOf('/') + 1)..];
            int paren = last.IndexOf('(', StringComparison.Ordinal);
            string tableName = paren < 0 ? last : last[..paren];
            bool keyed = paren >= 0 && last.Contains("PartitionKey=", StringComparison.Ordinal);
            string kind = request.Method.Method switch
            {
                "GET" => keyed ? "point read" : "query",
                "POST" when tableName == "$batch" => "transaction",
                "POST" => "add",
                "PUT" => request.Headers.Contains("If-Match") ? "replace" : "upsert",
                "DELETE" => "delete",
                _ => request.Method.Method,
            };
            _counts.AddOrUpdate($"{tableName} {kind}", 1, (_, n) => n + 1);
        }
    }
}
