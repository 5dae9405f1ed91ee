using Xunit.Abstractions;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>
/// Issue 21's history bound at the demo county's scale: a batch of 24 of the demo county's reserve principals at its
/// four bases, run to its end with no task answered (every task reminded and expired: the longest histories). The
/// batch runs one sub-orchestration per trainee, so the batch's history grows by a few events a trainee and each
/// trainee's history is one week's tasks.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class ShadowTrainingHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound on the batch's history (events).</summary>
    internal const int BatchBound = 1_000;

    /// <summary>The stated bound on one trainee's history (events).</summary>
    internal const int TraineeBound = 1_000;

    [Fact]
    public async Task ADemoCountyBatchOf24_NothingAnswered_StaysUnderTheHistoryBounds()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddShadowTraining(),
            (services, storage, hub) => services.AddShadowTrainingServices(storage, hub));
        var county = DemoCounty.Generate();
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([.. county.Schools], CancellationToken.None);
        await directory.Departments.ApplyAsync([.. county.Departments], CancellationToken.None);
        await directory.TrainingBases.ApplyAsync([.. county.TrainingBases], CancellationToken.None);
        // The people a batch reaches: trainees, their principals, the bases' principals (mentors) and the bureau.
        await directory.Staff.ApplyAsync([.. county.Staff.Where(s => s.SchoolId is null || s.Post == "principal" || s.ReservePrincipal)], CancellationToken.None);
        var trainees = county.Staff.Where(s => s.ReservePrincipal).OrderBy(s => s.Id, StringComparer.Ordinal).Take(24).Select(s => s.Id).ToList();
        string owner = county.Staff.First(s => s.SchoolId is null && s.Post == "bureau-cadre").Id;

        var defined = await harness.Services.GetRequiredService<BatchDesk>().DefineAsync("2026-09", new BatchDefinition(new DateOnly(2026, 9, 14), trainees, null, owner), CancellationToken.None);
        Assert.True(defined.Batch is not null, defined.Status + " " + string.Join("; ", defined.Errors.Select(e => e.Field + " " + e.Reason)));
        await harness.Services.GetRequiredService<BatchDesk>().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var placed = defined.Batch!.Placements.Select(p => p.TraineeId).ToList();
        var done = await harness.DriveAsync("2026-09", placed, _ => null);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(24, placed.Count);
        var batch = await harness.Host.Client.GetOrchestrationHistoryAsync(ShadowBatch.InstanceIdOf("2026-09"));
        Assert.True(batch.Count < BatchBound, $"the batch's history has {batch.Count} events; the bound is {BatchBound}");
        int longest = 0;
        foreach (string trainee in placed)
        {
            longest = Math.Max(longest, (await harness.Host.Client.GetOrchestrationHistoryAsync(TraineeRun.InstanceIdOf("2026-09", trainee))).Count);
        }

        output.WriteLine($"batch {batch.Count} events (bound {BatchBound}); longest trainee {longest} events (bound {TraineeBound})");
        Assert.True(longest < TraineeBound, $"the longest trainee history has {longest} events; the bound is {TraineeBound}");
        Assert.Equal(24, batch.OfType<SubOrchestrationInstanceCreatedEvent>().Count());
    }
}
