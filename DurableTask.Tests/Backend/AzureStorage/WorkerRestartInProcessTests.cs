using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// Workers stopped and started again in one process on one task hub (as the provider benchmark's rounds and a host's
/// restarts do), with starts and status queries in flight: nothing a stopped worker held may keep an instance from
/// finishing under the next one.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WorkerRestartInProcessTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ActivityCallTakenButNeverRun_WhenTheWorkerStops_ReachesTheNextWorker()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (options, first, taking, complete) = await OneCallAsync("taken", cts.Token);
        await complete();

        // Taken by a dispatcher that was stopping: DurableTask.Core neither runs nor abandons such a call.
        var taken = await taking;
        Assert.NotNull(taken);
        await first.DisposeAsync();

        var again = await NextWorkersCallAsync(options);
        Assert.NotNull(again);
        Assert.Equal("call-0", again.Request.Id);
    }

    [Fact]
    public async Task ActivityCallKeptByAWorkerThatStopsWhileSendingIt_ReachesTheNextWorker()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (options, first, taking, complete) = await OneCallAsync("kept", cts.Token);

        // The worker is stopped in the gap between storing the call's message and renewing its visibility.
        int halts = 0;
        first.CallsKeptHook = () => Interlocked.Increment(ref halts) == 1 ? first.HaltAsync() : Task.CompletedTask;
        await Record.ExceptionAsync(complete);
        Assert.Equal(1, halts);
        await Record.ExceptionAsync(async () => await taking);
        await first.DisposeAsync();

        var again = await NextWorkersCallAsync(options);
        Assert.NotNull(again);
        Assert.Equal("call-0", again.Request.Id);
    }

    [Fact]
    public async Task ActivityCallKeptByAWorkerStoppedGracefullyWhileSendingIt_IsHandedBackAtOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (options, first, taking, complete) = await OneCallAsync("kept-graceful", cts.Token);

        // A graceful stop (a host shutting down) begins in the gap between storing the call's message and renewing it.
        Task? stopping = null;
        first.CallsKeptHook = async () =>
        {
            if (stopping is not null)
            {
                return;
            }

            stopping = first.DisposeAsync().AsTask();
            while (!first.IsStopping)
            {
                await Task.Delay(10, cts.Token);
            }
        };
        await Record.ExceptionAsync(complete);
        Assert.NotNull(stopping);
        await Record.ExceptionAsync(async () => await taking);
        await stopping.WaitAsync(cts.Token);

        // Handed back, not left invisible until its visibility timeout passes: the next worker gets it well before.
        var clock = Stopwatch.StartNew();
        var again = await NextWorkersCallAsync(options);
        Assert.NotNull(again);
        Assert.Equal("call-0", again.Request.Id);
        Assert.True(clock.Elapsed < options.ActivityMessageVisibility / 2, $"the call reached the next worker only after {clock.Elapsed.TotalSeconds:F1} s");
    }

    // A worker that owns every partition, its activity fetcher started by a lock call (Taking), with an instance's first
    // step locked; Complete commits the step, which schedules one activity call, call-0, that the worker keeps for itself.
    private async Task<(AzureStorageBackendOptions Options, AzureStorageOrchestrationBackend First, Task<ActivityWorkItem?> Taking, Func<Task> Complete)> OneCallAsync(
        string instanceId, CancellationToken cancellationToken)
    {
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, AzuriteFixture.NewHubName());
        var first = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        var taking = first.LockNextActivityAsync(cancellationToken);
        while (first.OwnedPartitions.Count < options.PartitionCount)
        {
            await Task.Delay(50, cancellationToken);
        }

        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = instanceId, Name = "Square", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Square", OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "e1" } };
        await first.CreateInstanceAsync(state, new OrchestrationMessage("start", instanceId, "e1", started), CancellationToken.None);
        var step = (await first.LockNextOrchestrationAsync(cancellationToken))!;
        return (options, first, taking, () => first.CompleteOrchestrationAsync(
            step,
            new OrchestrationStep(state with { Status = OrchestrationStatus.Running }, [started, new TaskScheduledEvent(0, "Square")], true, [new ActivityRequest("call-0", instanceId, "e1", 0, "Square", "3")], []),
            CancellationToken.None));
    }

    // What a second worker on the same hub is given within two and a half visibility timeouts, if anything.
    private async Task<ActivityWorkItem?> NextWorkersCallAsync(AzureStorageBackendOptions options)
    {
        await using var second = new AzureStorageOrchestrationBackend(options with { WorkerId = "second" }, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        using var wait = new CancellationTokenSource(options.ActivityMessageVisibility * 2.5);
        var again = await second.LockNextActivityAsync(wait.Token);
        output.WriteLine(again is null ? $"nothing reached the second worker in {clock.Elapsed.TotalSeconds:F1} s" : $"the call reached the second worker after {clock.Elapsed.TotalSeconds:F1} s");
        return again;
    }

    [Fact]
    public async Task WorkersStoppedAndStartedRepeatedly_WithStartsAndQueriesInFlight_EveryInstanceCompletes()
    {
        const int Rounds = 4;
        const int PerRound = 15;
        string hub = AzuriteFixture.NewHubName();
        var ids = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            var host = await StartAsync(hub, $"round-{round}");
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            using var querying = new CancellationTokenSource();
            var queries = QueryUntilCancelledAsync(client, querying.Token);
            for (int i = 0; i < PerRound; i++)
            {
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync("HelloCities", new StartOrchestrationOptions($"r{round}-{i:D2}")));
            }

            // Stopped with work in flight: some instances are part-way, some not yet started.
            await Task.Delay(TimeSpan.FromMilliseconds(300 * (round + 1)));
            await querying.CancelAsync();
            await queries;
            await StopWithinAsync(host, TimeSpan.FromSeconds(30));
        }

        var last = await StartAsync(hub, "last");
        try
        {
            var lastClient = last.Services.GetRequiredService<DurableTaskClient>();
            var unfinished = await UnfinishedAfterAsync(lastClient, ids, TimeSpan.FromSeconds(90));
            if (unfinished.Count > 0)
            {
                var backend = (AzureStorageOrchestrationBackend)last.Services.GetRequiredService<IOrchestrationBackend>();
                output.WriteLine(await backend.DescribeAsync(CancellationToken.None));
            }

            Assert.Empty(unfinished);
        }
        finally
        {
            await StopWithinAsync(last, TimeSpan.FromSeconds(30));
        }
    }

    private async Task<IHost> StartAsync(string hub, string workerId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddAzureStorageDurableBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub, workerId))
            .AddDurableTask(r => r
                .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
                .AddOrchestratorFunc<object?, string[]>("HelloCities", async (ctx, _) =>
                [
                    await ctx.CallActivityAsync<string>("SayHello", "Tokyo"),
                    await ctx.CallActivityAsync<string>("SayHello", "Seattle"),
                    await ctx.CallActivityAsync<string>("SayHello", "London"),
                ]));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopWithinAsync(IHost host, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await host.StopAsync(cts.Token).WaitAsync(cts.Token);
        await ((IAsyncDisposable)host).DisposeAsync().AsTask().WaitAsync(cts.Token);
    }

    private static async Task QueryUntilCancelledAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }).WithCancellation(cancellationToken))
                {
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<List<string>> UnfinishedAfterAsync(DurableTaskClient client, List<string> ids, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var unfinished = new List<string>(ids);
        while (true)
        {
            // The query, as the benchmark waits: its rows must not trail what the instances committed.
            var completed = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var meta in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000 }))
            {
                completed.Add(meta.InstanceId);
            }

            unfinished = [.. ids.Where(id => !completed.Contains(id))];
            if (unfinished.Count == 0 || clock.Elapsed > limit)
            {
                output.WriteLine($"{ids.Count - unfinished.Count} of {ids.Count} completed after {clock.Elapsed.TotalSeconds:F1} s");
                foreach (string id in unfinished.Take(10))
                {
                    var byId = await client.GetInstancesAsync(id, getInputsAndOutputs: true);
                    output.WriteLine($"unfinished {id}: {byId?.RuntimeStatus}, updated {byId?.LastUpdatedAt:HH:mm:ss.fff}");
                    // A failed one says why (seen once on 2026-12-07 in a clean-clone run, not reproduced alone).
                    if (byId?.FailureDetails is { } failure)
                    {
                        output.WriteLine($"  failed: {failure.ErrorType}: {failure.ErrorMessage}{Environment.NewLine}{failure.StackTrace}");
                    }
                }

                return unfinished;
            }

            await Task.Delay(200);
        }
    }
}
