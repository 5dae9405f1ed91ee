using EduFlows.Calendar;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The assessment's deadlines count working days on the shared calendar (EduFlows.Calendar), not on a list of its own.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class SharedCalendarTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OctoberReport_OnTheStored2026Calendar_IsDueFiveWorkingDaysAfterNationalDay_Tuesday13October()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        await harness.Services.GetRequiredService<CalendarStore>().SaveAsync(CalendarSeed.Schedules.Single(s => s.Year == 2026), CancellationToken.None);
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" }], CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero));
        var roster = new AssessmentRoster([new AssessedDepartment("dep-03", "基础教育科", "hd-03")], [], null, null);

        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(MonthlyDispatch.Name, new MonthlyDispatch.Input(2026, 10, AssessmentScheme.DefaultFor(2026), roster));
        var report = await harness.WaitForTaskAsync("dept-report-2026-10-dep-03");

        // 1–7 October are the holiday, Saturday 10 October a working day: 8, 9, 10, 12, 13 October; 18:00 Beijing.
        Assert.Equal(new DateTimeOffset(2026, 10, 13, 10, 0, 0, TimeSpan.Zero), report.DueAt);
    }
}
