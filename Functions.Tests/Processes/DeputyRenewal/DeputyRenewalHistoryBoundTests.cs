using DurableTask.Core.History;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 21's history bound for a school's renewal round. The round is one instance per school (the county's 127
/// deputies are spread over its schools, a handful each), so what can grow is the public notice: it takes in at most
/// <see cref="RenewalProcess.MaxObjectionEvents"/> objections, each a task the bureau looks into. This drives a school
/// whose two promotions draw 30 objections, none looked into (every review reminded and expired), measures what each
/// objection adds, and holds the round to its bound. (Driven at the cap itself the round fails, not on
/// its history but on the bureau's reminder digest of 200 reviews, a table row of 140,099 characters: see the report.)
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DeputyRenewalHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// The stated bound on one school's round (events) with 30 objections, more than a school of the county has seen.
    /// Scaled to the cap of 200 the round would take 4,800 to 5,400 (measured 2026-12-05: 797 and 871 for 30, 24 to 26 an
    /// objection): the cap is the real limit, and the reviews would have to move to sub-orchestrations to go beyond it.
    /// </summary>
    internal const int RoundBound = 1_000;

    [Fact]
    public async Task ARoundWith30Objections_NoneLookedInto_StaysUnderTheHistoryBound()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId));
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
        }, CancellationToken.None);
        foreach (var review in await harness.WaitForOpenTasksAsync(4, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        int before = (await harness.Host.WaitForHistoryAsync(run.InstanceId, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc)))).Count;
        const int raised = 30;
        for (int i = 0; i < raised; i++)
        {
            await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection(i % 2 == 0 ? "stf-42" : "stf-43", $"群众{i + 1}", $"第{i + 1}条异议。"));
        }

        var (done, _) = await harness.DriveAsync(run.InstanceId, task => task.Kind == DeputyRenewalTasks.ObjectionReview.Name ? null : throw new InvalidOperationException("unexpected task " + task.Id));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage} {done.FailureDetails?.StackTrace}");
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(run.InstanceId);
        int objectionTasks = history.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.Open) - 1 - 4;
        // What the notice and its objections added, charged to the objections, scaled to the cap.
        int atCap = before + (int)Math.Ceiling((history.Count - before) * RenewalProcess.MaxObjectionEvents / (double)raised);
        output.WriteLine($"{raised} objections: {history.Count} events ({before} before the notice), so about {atCap} at the cap of {RenewalProcess.MaxObjectionEvents} (bound {RoundBound})");
        Assert.Equal(raised, objectionTasks);
        Assert.Equal(raised, done.ReadOutputAs<RenewalRecord>()!.Candidates.Sum(c => c.Objections.Count));
        Assert.True(history.Count < RoundBound, $"{history.Count} events for {raised} objections; the bound is {RoundBound}");
    }
}
