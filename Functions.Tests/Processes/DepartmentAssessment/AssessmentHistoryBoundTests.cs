using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>
/// Issue 21's history bound for the 1000-point assessment at the demo county's real size (18 departments, the bureau's
/// leaders, every school's principal), with no task answered (every report late then missing, every score expired:
/// the longest histories). The year is split already: the annual instance only waits and starts one sub-orchestration
/// per checkpoint; a month's dispatch starts one per department; the year end one per principal. The year is started
/// at 1 November so that one instance of every kind runs (November's and December's dispatch, the second duty review
/// and the year end); the annual instance's share per checkpoint is measured and stated for all 15.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class AssessmentHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound on the annual instance (events), for a whole year of 15 checkpoints.</summary>
    internal const int YearBound = 1_000;

    /// <summary>The stated bound on a checkpoint's instance (a month's dispatch, a duty review, the year end).</summary>
    internal const int CheckpointBound = 3_000;

    /// <summary>The stated bound on one department's monthly report or one principal's scoring (events).</summary>
    internal const int LeafBound = 500;

    [Fact]
    public async Task TheDemoCountysYearEnd_NothingAnswered_StaysUnderTheHistoryBounds()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var county = DemoCounty.Generate();
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([.. county.Schools], CancellationToken.None);
        await directory.Departments.ApplyAsync([.. county.Departments], CancellationToken.None);
        await directory.Staff.ApplyAsync([.. county.Staff.Where(s => s.SchoolId is null || s.Post == "principal")], CancellationToken.None);
        var driver = new ProcessDriver(harness, _ => null, busyFor: TimeSpan.FromMinutes(2));
        var skipBefore = new DateTime(2027, 10, 31, 0, 0, 0, DateTimeKind.Utc);
        string annual = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(2027, SkipBefore: skipBefore, Years: 1), new StartOrchestrationOptions(DepartmentAssessmentYear.InstanceId(2027)));
        await driver.RunUntilAsync(async () => (await harness.Host.Client.GetInstanceAsync(annual))!.IsCompleted, TimeSpan.FromMinutes(10));

        var year = await harness.Host.Client.GetOrchestrationHistoryAsync(annual);
        var checkpoints = year.OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId).ToList();
        Assert.Equal(["duty-review-2027-H2", "monthly-dispatch-2027-11", "monthly-dispatch-2027-12", "year-end-assessment-2027"], checkpoints.Order(StringComparer.Ordinal));
        int perCheckpoint = (int)Math.Ceiling(year.Count / (double)checkpoints.Count);
        var lines = new List<string> { $"annual: {year.Count} events for {checkpoints.Count} checkpoints, so about {perCheckpoint * 15} for a year of 15 (bound {YearBound})" };
        int longestCheckpoint = 0, longestLeaf = 0, leaves = 0;
        foreach (string checkpoint in checkpoints)
        {
            var history = await harness.Host.Client.GetOrchestrationHistoryAsync(checkpoint);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Host.Client.GetInstanceAsync(checkpoint))!.RuntimeStatus);
            longestCheckpoint = Math.Max(longestCheckpoint, history.Count);
            var children = history.OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId).ToList();
            int longestChild = 0;
            foreach (string child in children)
            {
                longestChild = Math.Max(longestChild, (await harness.Host.Client.GetOrchestrationHistoryAsync(child)).Count);
            }

            leaves += children.Count;
            longestLeaf = Math.Max(longestLeaf, longestChild);
            lines.Add($"{checkpoint}: {history.Count} events, {children.Count} sub-orchestrations, longest {longestChild}");
        }

        foreach (string line in lines)
        {
            output.WriteLine(line);
        }

        Assert.True(leaves >= 2 * (county.Departments.Count - 1), $"{leaves} sub-orchestrations under the checkpoints");
        Assert.True(perCheckpoint * 15 < YearBound, lines[0]);
        Assert.True(longestCheckpoint < CheckpointBound, $"the longest checkpoint has {longestCheckpoint} events; the bound is {CheckpointBound}");
        Assert.True(longestLeaf < LeafBound, $"the longest report or scoring has {longestLeaf} events; the bound is {LeafBound}");
    }
}
