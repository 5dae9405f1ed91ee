using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>A small county for the office pages (two schools with principals, a department with its head, a researcher, a base and a leader), and a wait for a process to have a task to show.</summary>
internal static class WorkbenchSeed
{
    public static async Task SeedCountyAsync(this TaskAppFactory app)
    {
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await app.SeedStaffAsync();
        await directory.Schools.ApplyAsync(
            [
                new School("sch-001", "衢州市柯城区实验小学教育集团白云校区（本部及附属幼儿园）", "primary", "白云街道", false, "stf-p1"),
                new School("sch-002", "石梁镇中心学校", "junior", "石梁镇", true, "stf-p2"),
            ],
            CancellationToken.None);
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", "stf-h1"), new Department("dep-02", "教研室", "stf-r1", true)], CancellationToken.None);
        await directory.TrainingBases.ApplyAsync([new TrainingBase("base-1", "sch-001", "实验小学跟岗基地", 8)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                new StaffMember { Id = "stf-p1", Name = "陈校长", Gender = "male", SchoolId = "sch-001", Post = "principal" },
                new StaffMember { Id = "stf-p2", Name = "周校长", Gender = "female", SchoolId = "sch-002", Post = "principal" },
                new StaffMember { Id = "stf-h1", Name = "吴主任", Gender = "male", DepartmentId = "dep-01", Post = "bureau-cadre" },
                new StaffMember { Id = "stf-r1", Name = "郑教研", Gender = "female", DepartmentId = "dep-02", Post = "researcher", Section = "primary", Subject = "mathematics" },
                new StaffMember { Id = "stf-l1", Name = "钱局长", Gender = "male", Post = "bureau-leader" },
            ],
            CancellationToken.None);
    }

    /// <summary>Waits (up to a minute) until <paramref name="instanceId"/> has an open task, so the office pages have something to show.</summary>
    public static async Task WaitForOpenTaskAsync(this TaskAppFactory app, string instanceId)
    {
        var store = app.Services.GetRequiredService<StaffTaskStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await store.AllOpenAsync(cts.Token)).Any(t => t.InstanceId == instanceId))
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
