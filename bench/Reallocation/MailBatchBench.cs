using System.Diagnostics;
using System.Globalization;
using System.Text;
using EduFlows.DurableTask.Providers;
using EduFlows.Notifications;
using EduFlows.Reliability.App;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;

// The durable analyzer reads the activity lambdas registered below as returning their input type (string); they return MailDelivery.
#pragma warning disable DURABLE2002

namespace EduFlows.Bench.Reallocation;

/// <summary>
/// How many mails a second a batch of mails goes out at (issue 17): the reallocation's notices are written to the outbox
/// in batches of 200 and then sent either one SendMail activity per mail (as before) or one SendMails activity per batch,
/// a few at a time. Our durable provider on Azurite, the real SendGrid client, the reliability suite's mail catcher as
/// SendGrid. Both ways run in one process on one Azurite, one after the other; writes <c>reallocation-mails.md</c>.
/// </summary>
internal static class MailBatchBench
{
    private const string PerMail = "BenchMailsOneActivityEach", PerBatch = "BenchMailsOneActivityPerBatch";
    private const int BatchSize = 200;

    public static async Task<int> RunAsync(string outDir, int mails)
    {
        string loadBefore = MachineFacts.LoadAverage();
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var catcher = await MailCatcher.StartAsync();
        var settings = new MailSettings(catcher.ApiKey, "noreply@qz-edu.example.cn", "青州市教育局", catcher.Address.ToString().TrimEnd('/'), false, new Uri("https://eduflows.qz.example.cn/"), "zh-CN");
        var outbox = new MailOutbox(azurite.ConnectionString, "BenchMail" + Guid.NewGuid().ToString("N")[..8]);
        var sender = new MailSender(outbox, settings.CreateClient(), settings, TimeProvider.System, NullLogger<MailSender>.Instance);
        await using var host = await BenchHost.StartAsync(new BenchProvider(DurableStorageProvider.EduFlows, azurite.ConnectionString), registry => registry
            .AddActivityFunc<string, MailDelivery>(StaffTaskActivities.SendMail, (_, id) => sender.SendAsync(id, CancellationToken.None))
            .AddActivityFunc<StaffTaskActivities.MailBatch, MailBatchOutcome>(StaffTaskActivities.SendMails, (_, batch) => sender.SendAllAsync(batch.MailIds, !batch.LastGo, CancellationToken.None))
            .AddOrchestratorFunc<List<string>, int>(PerMail, async (context, ids) =>
            {
                var sent = await Task.WhenAll(ids.Select(id => context.CallActivityAsync<MailDelivery>(StaffTaskActivities.SendMail, id, TaskOptions.FromRetryPolicy(StaffTaskOrchestration.MailRetry))));
                return sent.Count(d => d.Status == MailStatus.Sent);
            })
            .AddOrchestratorFunc<List<string>, int>(PerBatch, async (context, ids) => (await context.SendMailsAsync(ids)).Sent));

        var lines = new List<string>();
        foreach (var (way, name) in new[] { ("one SendMail activity per mail (before)", PerMail), ("one SendMails activity per batch of 200, 8 at a time (after)", PerBatch) })
        {
            string prefix = name + ".";
            var ids = Enumerable.Range(1, mails).Select(n => prefix + n.ToString("D5", CultureInfo.InvariantCulture)).ToList();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) => await outbox.WriteAsync(Message(id), token));
            await Console.Error.WriteLineAsync($"{way}: {mails} mails in the outbox; sending");
            var watch = Stopwatch.StartNew();
            var instances = new List<string>();
            foreach (var (chunk, n) in ids.Chunk(BatchSize).Select((c, n) => (c, n)))
            {
                instances.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(name, chunk.ToList(), new StartOrchestrationOptions($"{name}-{n}")));
            }

            await host.WaitAllAsync(instances, TimeSpan.FromMinutes(20));
            double seconds = watch.Elapsed.TotalSeconds;
            var caught = catcher.All.Where(m => m.OutboxId?.StartsWith(prefix, StringComparison.Ordinal) == true).ToList();
            int distinct = caught.Select(m => m.OutboxId).Distinct(StringComparer.Ordinal).Count();
            string line = string.Create(CultureInfo.InvariantCulture, $"| {way} | {mails} | {seconds:F1} | {mails / seconds:F1} | {mails - distinct} | {caught.Count - distinct} |");
            lines.Add(line);
            await Console.Error.WriteLineAsync(line);
        }

        var report = new StringBuilder()
            .AppendLine("# Mails of a batch: one activity per mail vs one per batch (issue 17)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; load average before {loadBefore}, after {MachineFacts.LoadAverage()}.")
            .AppendLine("Our durable provider on Azurite, the real SendGrid client, the mail catcher as SendGrid; batches of 200 as the reallocation sends them.")
            .AppendLine()
            .AppendLine("| way | mails | seconds | mails/s | lost | twice |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        lines.ForEach(l => report.AppendLine(l));
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "reallocation-mails.md"), report.ToString());
        Console.WriteLine(report);
        return 0;
    }

    private static OutboxMessage Message(string id) => new()
    {
        Id = id,
        To = id.Replace('.', '-').ToLowerInvariant() + "@qz.example.cn",
        ToName = "王芳",
        Template = "reallocation-points",
        Culture = "zh-CN",
        Subject = "【县管校聘】您的积分明细",
        Html = "<p>积分明细</p>",
        Text = "积分明细",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
