using EduFlows.FunctionIndex;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// Secondments on the task harness (fake clock 2026-09-01, Azurite tables, fake SendGrid) with a small county: 钱科员
/// (stf-30, bureau cadre of 组织人事科 dep-02, head 周科长 stf-31) goes to 旗城学校 (sch-qc, principal 刘校长 stf-10),
/// mentored by 吴敏 (stf-12, of sch-qc); 赵主任 (stf-3) runs it.
/// </summary>
internal static class SecondmentHarness
{
    public static async Task<TaskHarness> StartAsync(AzuriteFixture azurite)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddSecondment(),
            (services, storage, hub) => services.AddSecondmentServices(storage, hub));
        await SeedCountyAsync(harness.Services.GetRequiredService<DirectoryStore>());
        return harness;
    }

    public static async Task SeedCountyAsync(DirectoryStore directory)
    {
        await directory.Schools.ApplyAsync([new School("sch-qc", "旗城学校", "nine-year", "益都街道", false, "stf-10")], CancellationToken.None);
        await directory.Departments.ApplyAsync([new Department("dep-02", "组织人事科", "stf-31")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-30", "钱科员", "qian.cadre@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre", PostSince = new DateOnly(2020, 3, 1) },
                TaskHarness.Staff("stf-31", "周科长", "zhou.head@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre" },
                TaskHarness.Staff("stf-10", "刘校长", "liu.principal@qz.example.cn") with { SchoolId = "sch-qc", Post = "principal" },
                TaskHarness.Staff("stf-12", "吴敏", "wu.min@qz.example.cn") with { SchoolId = "sch-qc", Post = "vice-principal" },
            ],
            CancellationToken.None);
    }

    /// <summary>The three open consent tasks of an assignment, once its record is written too.</summary>
    public static async Task<List<StaffTask>> WaitForConsentsAsync(IServiceProvider services, string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = (await services.GetRequiredService<StaffTaskStore>().AllOpenAsync(cts.Token)).Where(t => t.Id.StartsWith("secondment-consent-" + id + "-", StringComparison.Ordinal)).ToList();
            if (found.Count == 3 && await services.GetRequiredService<SecondmentStore>().Assignments.GetAsync(id, cts.Token) is not null)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    public static SecondmentAssignment Assignment(DateOnly start, int months) =>
        new(SecondmentKinds.Secondment, "stf-30", "dep-02", "sch-qc", "挂职副校长", "vice-principal", start, months, "stf-12", "stf-3");
}
