using EduFlows.Processes.OpenSelection;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using static EduFlows.Tests.Processes.OpenSelection.OpenSelectionHarness;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The selection's orchestration history at the demo scale (18 posts, 120 applicants, 12 judges in the pool) stays
/// under a stated size (issue 21: histories stay bounded): its tasks go out as windows, one activity and timer per
/// window, so the history grows by the answers' events only.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class OpenSelectionHistoryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound at the demo scale, in history events.</summary>
    private const int Bound = 2000;

    [Fact]
    public async Task TheHistoryOfA120ApplicantSelection_StaysUnderItsStatedBound()
    {
        await using var harness = await StartAsync(azurite, applicants: 120, judgesPerGroup: 4);
        string id = await harness.PublishAndApplyAsync(Announcement(posts: 18), 120);
        var client = harness.Host.Client;
        Assert.Null(await harness.SelectionDesk().StartAsync(client, id, new ProcessStart("stf-3", []), CancellationToken.None));
        var driver = new SelectionDriver(harness, id, OpenSelectionNoticeTests.Answer);
        await OpenSelectionProcessTests.RunAsync(harness, id, driver, () => OpenSelectionNoticeTests.UploadWhenWaitingAsync(harness, id));

        var done = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), getInputsAndOutputs: true, CancellationToken.None);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 18), (done!.RuntimeStatus, done.ReadOutputAs<int>()));
        var history = await client.GetOrchestrationHistoryAsync(OpenSelectionOrchestration.InstanceIdOf(id), CancellationToken.None);
        int tasks = driver.Seen.Count;
        output.WriteLine($"History events: {history.Count} for {tasks} tasks ({history.Count / (double)tasks:F1} per task).");
        Assert.True(history.Count <= Bound, $"The history has {history.Count} events for {tasks} tasks; the stated bound is {Bound}.");
    }
}
