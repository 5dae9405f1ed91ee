using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The 1st-of-month timer keeps one annual instance running, which dispatches the current month at once.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class AssessmentTimerTests(AzuriteFixture azurite)
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task FirstOfTheMonthAt0900_StartsTheYear_WhichDispatchesThisMonthNotTheMonthsBefore_AndASecondRunStartsNothing()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-03", "基础教育科", "hd-03", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" }], CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 1, 1, 0, 3, TimeSpan.Zero));

        string? started = await AssessmentTimer.EnsureRunningAsync(harness.Host.Client, harness.Time, Beijing, CancellationToken.None);
        var report = await harness.WaitForTaskAsync("dept-report-2026-10-dep-03");
        string? again = await AssessmentTimer.EnsureRunningAsync(harness.Host.Client, harness.Time, Beijing, CancellationToken.None);

        Assert.Equal("department-assessment-2026", started);
        Assert.Null(again);
        // Five working days from Thursday 1 October (the default scheme lists no holidays): Thursday 8 October, 18:00 Beijing.
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.Zero), report.DueAt);
        Assert.Equal(("hd-03", "monthly-dispatch-2026-10-dep-03"), (report.AssigneeId, report.InstanceId));
        Assert.Null(await harness.Host.Client.GetInstanceAsync(MonthlyDispatch.InstanceId(2026, 9)));
        Assert.Null(await harness.Host.Client.GetInstanceAsync(HalfYearReview.InstanceId(2026, 1)));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Host.Client.GetInstanceAsync("department-assessment-2026"))!.RuntimeStatus);
    }

    [Fact]
    public async Task TimerFiringTwelveMinutesLate_StillDispatchesThisMonth_ButNotTheMonthBefore()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-03", "基础教育科", "hd-03", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" }], CancellationToken.None);

        // 09:12 Beijing on 1 October (a busy host, a restart): the 09:00 checkpoint is 12 minutes past.
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 1, 1, 12, 0, TimeSpan.Zero));
        string? started = await AssessmentTimer.EnsureRunningAsync(harness.Host.Client, harness.Time, Beijing, CancellationToken.None);
        var report = await harness.WaitForTaskAsync("dept-report-2026-10-dep-03");

        Assert.Equal("department-assessment-2026", started);
        Assert.Equal("monthly-dispatch-2026-10-dep-03", report.InstanceId);
        Assert.Null(await harness.Host.Client.GetInstanceAsync(MonthlyDispatch.InstanceId(2026, 9)));
        Assert.Equal(new DateTime(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc), AssessmentTimer.MonthStart(2026, 10, Beijing));
    }
}
