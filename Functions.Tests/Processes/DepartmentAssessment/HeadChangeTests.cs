using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>
/// A change of head in the middle of a year, end to end: who is held to the year follows the months each head led the
/// department (the monthly reports), not when they started their post in the directory.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class HeadChangeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HeadChangedInAugust_TheNewHeadLedFiveMonthsAndIsNotHeldToTheYear_WhileALongServingHeadWithARecentPostDateIs()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var store = harness.Services.GetRequiredService<AssessmentStore>();
        await directory.Departments.ApplyAsync([new Department("dep-02", "组织人事科", "hd-02", false), new Department("dep-03", "基础教育科", "hd-03", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("hd-02", "原科长", "hd-02@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre", PostSince = new DateOnly(2015, 3, 1) },
                // In the post "bureau-cadre" since 2012 (a deputy), head of dep-02 only from August 2027.
                TaskHarness.Staff("hd-08", "新科长", "hd-08@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre", PostSince = new DateOnly(2012, 9, 1) },
                // Head of dep-03 all along; the directory's post date moved to September 2027 (a new grade in the same post).
                TaskHarness.Staff("hd-03", "科长", "hd-03@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre", PostSince = new DateOnly(2027, 9, 1) },
            ],
            CancellationToken.None);

        // Both departments were last in 2026, hd-08 and hd-03 held to it.
        foreach (var (department, head) in new[] { ("dep-02", "hd-08"), ("dep-03", "hd-03") })
        {
            var last = new YearResult { Year = 2026, DepartmentId = department, DepartmentName = department, HeadId = head, HeadAccountable = true, HeadMonths = 12, Score = new DepartmentScore(department, 300, 200, 0, 0, 300, 1, true) };
            await store.YearResults.PutAsync(last, CancellationToken.None);
        }

        harness.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        string annual = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(2027, Years: 1), new StartOrchestrationOptions(DepartmentAssessmentYear.InstanceId(2027)));

        // Nobody answers anything, so both departments lose the same points and are both last; hd-08 takes over dep-02 in July, after its dispatch.
        bool changed = false;
        var driver = new ProcessDriver(harness, _ => null);
        await driver.RunUntilAsync(
            async () =>
            {
                var now = harness.Time.GetUtcNow();
                if (!changed && now > new DateTimeOffset(2027, 7, 2, 0, 0, 0, TimeSpan.Zero) && now < new DateTimeOffset(2027, 8, 1, 1, 0, 0, TimeSpan.Zero))
                {
                    await directory.Departments.ApplyAsync([new Department("dep-02", "组织人事科", "hd-08", false)], CancellationToken.None);
                    changed = true;
                }

                return (await harness.Host.Client.GetInstanceAsync(annual))!.IsCompleted;
            },
            TimeSpan.FromSeconds(150));
        var done = (await harness.Host.Client.GetInstanceAsync(annual, getInputsAndOutputs: true))!;
        var results = (await AssessmentStore.OfYearAsync(store.YearResults, 2027, CancellationToken.None)).ToDictionary(r => r.DepartmentId);
        var reports = await AssessmentStore.OfYearAsync(store.MonthlyReports, 2027, CancellationToken.None);

        Assert.True(changed);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["hd-02", "hd-02", "hd-02", "hd-02", "hd-02", "hd-02", "hd-02", "hd-08", "hd-08", "hd-08", "hd-08", "hd-08"], reports.Where(r => r.DepartmentId == "dep-02").OrderBy(r => r.Month).Select(r => r.HeadId));
        Assert.Equal(("hd-08", 5, false, true), (results["dep-02"].HeadId, results["dep-02"].HeadMonths, results["dep-02"].HeadAccountable, results["dep-02"].Score.Last));
        Assert.Equal(("hd-03", 12, true, true), (results["dep-03"].HeadId, results["dep-03"].HeadMonths, results["dep-03"].HeadAccountable, results["dep-03"].Score.Last));

        // Only hd-03, who led dep-03 through both last years, faces a reassignment decision.
        Assert.Equal(["dep-03"], done.ReadOutputAs<DepartmentAssessmentYear.YearDone>()!.Publication.Cases.Select(c => c.DepartmentId));
    }
}
