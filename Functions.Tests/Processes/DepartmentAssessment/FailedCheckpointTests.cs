using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>A checkpoint that fails does not cost the year: the year runs on, publishes what is stored and names the failure.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class FailedCheckpointTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AMonthsDispatchTerminatedMidway_TheYearStillRunsItsDutyReviewAndYearEnd_AndPublishesNamingTheFailedCheckpoint()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-03", "基础教育科", "hd-03", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" },
                TaskHarness.Staff("ldr-1", "局长", "ldr-1@qz.example.cn") with { SchoolId = null, Post = AssessmentDesk.LeaderPost },
            ],
            CancellationToken.None);

        // 1 December 2027, 09:00 Beijing: December's dispatch, the second duty review and the year end remain.
        var start = new DateTimeOffset(2027, 12, 1, 1, 0, 0, TimeSpan.Zero);
        harness.Time.SetUtcNow(start);
        string annual = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(2027, start.UtcDateTime.AddMinutes(-1), Years: 1), new StartOrchestrationOptions(DepartmentAssessmentYear.InstanceId(2027)));
        await harness.WaitForTaskAsync("dept-report-2027-12-dep-03");
        await harness.Host.Client.TerminateInstanceAsync(MonthlyDispatch.InstanceId(2027, 12), "failed in production");

        // The head hands in the duty report; nothing else is answered.
        var driver = new ProcessDriver(harness, task => task.Id.StartsWith("dept-duty-report-", StringComparison.Ordinal) ? new Dictionary<string, string?> { ["report"] = "述职" } : null);
        await driver.RunUntilAsync(async () => (await harness.Host.Client.GetInstanceAsync(annual))!.IsCompleted, TimeSpan.FromSeconds(90));
        var done = (await harness.Host.Client.GetInstanceAsync(annual, getInputsAndOutputs: true))!;
        var result = (await harness.Services.GetRequiredService<AssessmentStore>().YearResults.GetAsync("2027-dep-03", CancellationToken.None))!.Record;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["monthly-dispatch-2027-12"], done.ReadOutputAs<DepartmentAssessmentYear.YearDone>()!.Publication.FailedCheckpoints);
        Assert.Equal(["monthly-dispatch-2027-12"], result.FailedCheckpoints);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Host.Client.GetInstanceAsync(HalfYearReview.InstanceId(2027, 2)))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Host.Client.GetInstanceAsync(YearEndAssessment.InstanceId(2027)))!.RuntimeStatus);
        Assert.NotNull(await harness.Outbox.GetAsync("dept-year-results-2027.ldr-1", CancellationToken.None));
    }
}
