using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The year end keeps its session time even when it starts late.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class YearEndAssessmentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartedTwoDaysBeforeTheSession_ClaimsAreDueWhenTheSessionOpens_NotFiveWorkingDaysLater()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
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

    [Fact]
    public async Task TheOfficesOwnInnovationClaim_IsConfirmedByTheDirectorInATaskOfItsOwn_NotByTheOfficeHead()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [
                TaskHarness.Staff("hd-01", "办公室主任", "hd-01@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" },
                TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" },
                TaskHarness.Staff("ldr-1", "局长", "ldr-1@qz.example.cn") with { SchoolId = null, Post = AssessmentDesk.LeaderPost },
            ],
            CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 1, 0, 0, TimeSpan.Zero));
        var roster = new AssessmentRoster([new AssessedDepartment("dep-01", "办公室", "hd-01"), new AssessedDepartment("dep-03", "基础教育科", "hd-03")], ["ldr-1"], "hd-01", null);
        var store = harness.Services.GetRequiredService<AssessmentStore>();

        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(YearEndAssessment.Name, new YearEndAssessment.Input(2026, AssessmentScheme.DefaultFor(2026), roster));
        foreach (var (department, head, points) in new[] { ("dep-01", "hd-01", "50"), ("dep-03", "hd-03", "30") })
        {
            var entry = await harness.WaitForTaskAsync(YearEndAssessment.EntryTaskId(2026, department));
            Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(harness.Host.Client, entry.Id, head, new Dictionary<string, string?> { ["claims"] = "成果", ["claimedPoints"] = points }, CancellationToken.None)).Result);
        }

        var byOffice = await harness.WaitForTaskAsync("dept-innovation-2026", t => t.Id == "dept-innovation-2026");
        var byDirector = await harness.WaitForTaskAsync("dept-innovation-2026-by-ldr-1");
        Assert.Equal("hd-01", byOffice.AssigneeId);
        Assert.Equal(["dep-03"], byOffice.Fields!.Select(f => f.Name));
        Assert.Equal("ldr-1", byDirector.AssigneeId);
        Assert.Equal(["dep-01"], byDirector.Fields!.Select(f => f.Name));
        Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(harness.Host.Client, byDirector.Id, "ldr-1", new Dictionary<string, string?> { ["dep-01"] = "40" }, CancellationToken.None)).Result);
        Assert.Equal(SubmitResult.Accepted, (await harness.Desk.SubmitAsync(harness.Host.Client, byOffice.Id, "hd-01", new Dictionary<string, string?> { ["dep-03"] = "30" }, CancellationToken.None)).Result);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        YearEndEntry? office;
        while ((office = (await store.YearEndEntries.GetAsync("2026-dep-01", cts.Token))?.Record) is not { ConfirmedBy: not null })
        {
            await Task.Delay(50, cts.Token);
        }

        Assert.Equal((40m, "ldr-1"), (office.ConfirmedPoints, office.ConfirmedBy));
    }
}
