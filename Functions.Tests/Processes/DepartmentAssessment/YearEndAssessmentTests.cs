using EduFlows.Durable;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The year end keeps its session time even when it starts late.</summary>
[Collection(AzuriteTests.Name)]
public sealed class YearEndAssessmentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartedTwoDaysBeforeTheSession_ClaimsAreDueWhenTheSessionOpens_NotFiveWorkingDaysLater()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDepartmentAssessment(),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" }], CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 26, 1, 0, 0, TimeSpan.Zero));
        var roster = new AssessmentRoster([new AssessedDepartment("dep-03", "基础教育科", "hd-03")], [], null, null);

        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(YearEndAssessment.Name, new YearEndAssessment.Input(2026, AssessmentScheme.DefaultFor(2026), roster));
        var entry = await harness.WaitForTaskAsync(YearEndAssessment.EntryTaskId(2026, "dep-03"));

        // 28 December 14:00 Beijing, not five working days on (Friday 1 January 18:00: the default scheme lists no holidays).
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 6, 0, 0, TimeSpan.Zero), entry.DueAt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Host.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }
}
