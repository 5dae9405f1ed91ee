using EduFlows.DurableTask;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: EduFlows.DurableTask.CrashWorker <connection string> <task hub> <worker id> <folder that records activity runs> [lease seconds]
// Runs the EduFlows provider's worker with a fan-out orchestrator until it is stopped or killed.
if (args.Length is not (4 or 5))
{
    Console.Error.WriteLine("usage: EduFlows.DurableTask.CrashWorker <connection string> <task hub> <worker id> <runs folder> [lease seconds, default 15]");
    return 2;
}

string runsFolder = args[3];
var lease = TimeSpan.FromSeconds(args.Length == 5 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 15);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddAzureStorageDurableBackend(
        new AzureStorageBackendOptions
        {
            ConnectionString = args[0],
            TaskHubName = args[1],
            WorkerId = args[2],
            LeaseDuration = lease,
            LeaseRenewInterval = TimeSpan.FromSeconds(1),
            MaxPollingInterval = TimeSpan.FromMilliseconds(50),
            ControlMessageVisibility = TimeSpan.FromSeconds(10),
            ActivityMessageVisibility = TimeSpan.FromSeconds(10),
            StartRecoveryInterval = TimeSpan.FromSeconds(2),
        },
        new EduFlowsProviderOptions { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 16 })
    .AddDurableTask(registry => registry
        .AddActivityFunc<int, int>("Record", async (_, n) =>
        {
            // One file per run (concurrent appends to one file would overwrite each other): the test counts them across processes.
            await File.WriteAllTextAsync(Path.Combine(runsFolder, $"{n}.{Guid.NewGuid():N}"), string.Empty);
            await Task.Delay(200);
            return n;
        })
        .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Record", i)));
            return results.Sum(x => (long)x * 2);
        }));

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
return 0;
