using EduFlows.FunctionIndex;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Triggers.Timers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// The pool's yearly review timer as the local host runs it (the real [TimerTrigger] function, NCRONTAB in Shanghai
/// time) under the fake clock: passing 09:00 on 1 December starts that year's review once, and a later tick does not
/// start it again.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReservePoolTimerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset December1At0900Shanghai = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Schedule_FiresAt0900Shanghai_OnTheFirstOfDecember_OnceAYear()
    {
        var schedule = TimerSchedule.Parse(ReservePoolTimer.Schedule, "Asia/Shanghai");

        var first = schedule.NextAfter(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var second = schedule.NextAfter(first);

        Assert.Equal(December1At0900Shanghai, first);
        Assert.Equal(new DateTimeOffset(2027, 12, 1, 1, 0, 0, TimeSpan.Zero), second);
    }

    [Fact]
    public async Task PassingTheSchedule_StartsThisYearsReviewOnce_AndASecondTickStartsNothingMore()
    {
        var statuses = new InMemoryScheduleStatusStore();
        var timer = AppFunctions.Catalog.Functions.Single(f => f.Name == ReservePoolTimer.Name);
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddReservePool(),
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub)
                .AddTimerFunctions(FunctionCatalog.Of(timer), new ConfigurationBuilder().Build())
                .AddTimerTriggers(statuses, "Asia/Shanghai"),
            startAt: new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-02", ReservePoolTimer.OfficeDepartment, "stf-3")], CancellationToken.None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-44", "吴优", "wu.you@qz.example.cn") with { BirthDate = new DateOnly(1986, 1, 1), Section = "junior" }], CancellationToken.None);
        await harness.Services.GetRequiredService<ReservePoolDesk>().EnterAsync(new PoolEntryRequest("stf-44", "principal", "selection", "open-selection-2026"), CancellationToken.None);
        await Eventually(async () => await statuses.ReadAsync(ReservePoolTimer.Name, CancellationToken.None) is { } s && s.Next == December1At0900Shanghai, "the timer's first occurrence");
        string review = ReservePoolReview.InstanceIdOf(2026);

        // Before 09:00 on 1 December nothing starts.
        harness.Time.SetUtcNow(December1At0900Shanghai.AddMinutes(-1));
        await Task.Delay(300);
        Assert.Null(await harness.Host.Client.GetInstanceAsync(review));

        // Passing it starts the year's review, decided by the head of 组织人事科, which asks the member.
        harness.Time.SetUtcNow(December1At0900Shanghai.AddSeconds(1));
        var stay = await harness.WaitForOpenTasksAsync(1, t => t.Kind == ReservePoolTasks.Stay.Name);
        var started = (await harness.Host.Client.GetInstanceAsync(review, getInputsAndOutputs: true))!;
        await Eventually(async () => await statuses.ReadAsync(ReservePoolTimer.Name, CancellationToken.None) is { Last: { } last } && last == December1At0900Shanghai, "the occurrence recorded");

        // A second tick later that day: the occurrence is done, the next is a year on, and the review is the same one.
        harness.Time.SetUtcNow(December1At0900Shanghai.AddHours(1));
        await Task.Delay(500);
        var status = (await statuses.ReadAsync(ReservePoolTimer.Name, CancellationToken.None))!;
        var again = (await harness.Host.Client.GetInstanceAsync(review, getInputsAndOutputs: true))!;
        var tasks = (await harness.Tasks.AllOpenAsync(CancellationToken.None)).Where(t => t.Kind == ReservePoolTasks.Stay.Name).ToList();

        Assert.Equal(["stf-44"], stay.Select(t => t.AssigneeId));
        Assert.Contains("\"officerId\":\"stf-3\"", started.SerializedInput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((December1At0900Shanghai, new DateTimeOffset(2027, 12, 1, 1, 0, 0, TimeSpan.Zero)), (status.Last!.Value, status.Next));
        Assert.True(await statuses.HasRunAsync(ReservePoolTimer.Name, December1At0900Shanghai, CancellationToken.None));
        Assert.Equal(started.CreatedAt, again.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, again.RuntimeStatus);
        Assert.Equal([stay[0].Id], tasks.Select(t => t.Id));
        await harness.Host.Client.TerminateInstanceAsync(review, "test over");
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(20);
        }
    }
}
