using EduFlows.Calendar;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Renewal rounds on the task harness, the fake clock at 2026-09-30 08:00 Beijing time, the calendar holding the
/// National Day holidays (10-01 to 10-07) and the working Saturday 10-10. 旗城学校 (sch-qc, principal 刘校长 stf-10) has
/// deputies 王副校长 (stf-40) and 李副校长 (stf-41), reserve mid-level leaders 陈主任 (stf-42) and 韩主任 (stf-43), and
/// 冯主任 (stf-44, not in the reserve pool); 赵主任 (stf-3) reviews for the bureau.
/// </summary>
internal static class DeputyRenewalHarness
{
    public static readonly DateTimeOffset Start = new(2026, 9, 30, 0, 0, 0, TimeSpan.Zero);

    public static async Task<TaskHarness> StartAsync(AzuriteFixture azurite)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddDeputyRenewal(),
            (services, storage, hub) => services.AddDeputyRenewalServices(storage, hub),
            Start);
        await harness.Services.GetRequiredService<CalendarStore>().SaveAsync(
            new HolidaySchedule
            {
                Year = 2026,
                Holidays = [.. Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d))],
                AdjustedWorkingDays = [new DateOnly(2026, 10, 10)],
            },
            CancellationToken.None);
        await SeedSchoolAsync(harness.Services.GetRequiredService<DirectoryStore>());
        return harness;
    }

    public static async Task SeedSchoolAsync(DirectoryStore directory)
    {
        await directory.Schools.ApplyAsync([new School("sch-qc", "旗城学校", "nine-year", "益都街道", false, "stf-10")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-10", "刘校长", "liu.principal@qz.example.cn") with { SchoolId = "sch-qc", Post = "principal" },
                TaskHarness.Staff("stf-40", "王副校长", "wang.deputy@qz.example.cn") with { SchoolId = "sch-qc", Post = "vice-principal", PostSince = new DateOnly(2020, 9, 1) },
                TaskHarness.Staff("stf-41", "李副校长", "li.deputy@qz.example.cn") with { SchoolId = "sch-qc", Post = "vice-principal", PostSince = new DateOnly(2018, 9, 1) },
                TaskHarness.Staff("stf-42", "陈主任", "chen.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-43", "韩主任", "han.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-44", "冯主任", "feng.mid@qz.example.cn") with { SchoolId = "sch-qc", Post = "mid-level-leader" },
            ],
            CancellationToken.None);
    }
}
