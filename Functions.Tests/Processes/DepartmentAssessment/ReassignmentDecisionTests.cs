using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>A reassignment the director never decides does not stay open silently.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class ReassignmentDecisionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NoDecisionAfterTheLastRound_TheCaseIsOverdue_AndTheLeadersAndTheOrganisationOfficeAreTold()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-02", "组织人事科", "hd-02", false), new Department("dep-03", "基础教育科", "hd-03", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("hd-02", "组织科长", "hd-02@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre" },
                TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" },
                TaskHarness.Staff("ldr-1", "局长", "ldr-1@qz.example.cn") with { SchoolId = null, Post = AssessmentDesk.LeaderPost },
                TaskHarness.Staff("ldr-2", "副局长", "ldr-2@qz.example.cn") with { SchoolId = null, Post = AssessmentDesk.LeaderPost },
            ],
            CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2029, 1, 2, 1, 0, 0, TimeSpan.Zero));
        string id = "department-reassignment-2028-dep-03";

        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ReassignmentDecision.Name, new ReassignmentCase(2028, "dep-03", "基础教育科", "hd-03", 709, 749), new StartOrchestrationOptions(id));
        var driver = new ProcessDriver(harness, _ => null);
        await driver.RunUntilAsync(async () => (await harness.Host.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(60));
        var stored = (await harness.Services.GetRequiredService<AssessmentStore>().Reassignments.GetAsync("2028-dep-03", CancellationToken.None))!.Record;

        Assert.Equal("overdue", stored.Decision);
        Assert.Equal(["dept-reassignment-2028-dep-03-1", "dept-reassignment-2028-dep-03-2", "dept-reassignment-2028-dep-03-3"], stored.TaskIds);
        foreach (string to in new[] { "ldr-1", "ldr-2", "hd-02" })
        {
            var mail = (await harness.Outbox.GetAsync($"dept-reassignment-overdue-2028-dep-03.{to}", CancellationToken.None))!.Record;
            Assert.Equal("【末位调整逾期】基础教育科负责人调整决定逾期未作出", mail.Subject);
        }
    }
}
