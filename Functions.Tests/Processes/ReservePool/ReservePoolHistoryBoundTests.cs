using DurableTask.Core.History;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// Issue 21's history bound at the county's real size: the yearly review of the whole pool (195 principals and 54
/// researchers of the demo county), run to its end with no task answered (every task reminded and expired: the longest
/// histories). The review runs one sub-orchestration per member, so the year's history grows by a few events a member
/// (about 750 for 249) and each member's history is two tasks.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReservePoolHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound on the year's review (events): 249 members at a few events each, with room to grow.</summary>
    internal const int ReviewBound = 2_000;

    /// <summary>The stated bound on one member's review (events): two tasks, each reminded and expired.</summary>
    internal const int MemberBound = 200;

    [Fact]
    public async Task TheWholeDemoPool_NothingAnswered_StaysUnderTheHistoryBounds()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddReservePool(),
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub),
            startAt: new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var county = DemoCounty.Generate();
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([.. county.Schools], CancellationToken.None);
        await directory.Departments.ApplyAsync([.. county.Departments], CancellationToken.None);
        var pool = county.Staff.Where(s => s.ReservePrincipal || s.ReserveResearcher).ToList();
        await directory.Staff.ApplyAsync([.. pool], CancellationToken.None);
        var desk = harness.Services.GetRequiredService<ReservePoolDesk>();
        foreach (var person in pool)
        {
            var (member, _) = await desk.EnterAsync(new PoolEntryRequest(person.Id, person.ReservePrincipal ? "principal" : "researcher", "selection", "demo-2026"), CancellationToken.None);
            Assert.NotNull(member);
        }

        string id = (await ReservePoolTimer.StartAsync(harness.Host.Client, new ReviewRun(2026, "stf-3"), CancellationToken.None))!;
        _ = await harness.Host.WaitForHistoryAsync(id, h => h.OfType<SubOrchestrationInstanceCreatedEvent>().Any());
        int toReview = (await harness.Host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<ReviewProgress>()!.UnderReview;
        await harness.WaitForOpenTasksAsync(toReview, t => t.Kind == ReservePoolTasks.Stay.Name);
        harness.Time.Advance(TimeSpan.FromDays(15));
        await harness.WaitForOpenTasksAsync(toReview, t => t.Kind == ReservePoolTasks.Review.Name);
        harness.Time.Advance(TimeSpan.FromDays(15));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(249, pool.Count);
        var progress = done.ReadOutputAs<ReviewProgress>()!;
        Assert.Equal(249, progress.Members);
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(toReview, history.OfType<SubOrchestrationInstanceCreatedEvent>().Count());
        int longest = 0;
        foreach (string child in history.OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId))
        {
            longest = Math.Max(longest, (await harness.Host.Client.GetOrchestrationHistoryAsync(child)).Count);
        }

        output.WriteLine($"{toReview} members reviewed ({progress.ExitedByRule} left by rule): year {history.Count} events (bound {ReviewBound}); longest member {longest} (bound {MemberBound})");
        Assert.True(history.Count < ReviewBound, $"the year's review has {history.Count} events; the bound is {ReviewBound}");
        Assert.True(longest < MemberBound, $"the longest member review has {longest} events; the bound is {MemberBound}");
    }
}
