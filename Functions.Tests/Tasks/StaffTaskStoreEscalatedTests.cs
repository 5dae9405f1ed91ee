using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Tasks;

/// <summary>The task table's query for escalated tasks on Azurite: only escalations, of the instance asked for, in the period, newest first, bounded.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffTaskStoreEscalatedTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Escalated_OfAnInstanceInAPeriod_AreTheEscalationsOnly_NewestFirst_AndThePageIsBounded()
    {
        var store = new StaffTaskStore(azurite.ConnectionString, AzuriteFixture.NewHubName() + "Tasks");
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        await store.CreateAsync(Task("late-1", instance, Start), CancellationToken.None);
        await store.CreateAsync(Task("late-1-esc", instance, Start.AddDays(3), escalatedFrom: "late-1", status: StaffTaskStatus.Submitted), CancellationToken.None);
        await store.CreateAsync(Task("late-2-esc", instance + "-sch-001", Start.AddDays(5), escalatedFrom: "late-2", status: StaffTaskStatus.Expired), CancellationToken.None);
        await store.CreateAsync(Task("late-3-esc", instance + ":round-2", Start.AddDays(4), escalatedFrom: "late-3"), CancellationToken.None);
        await store.CreateAsync(Task("other-esc", instance + "x", Start.AddDays(4), escalatedFrom: "other"), CancellationToken.None);
        await store.CreateAsync(Task("before-esc", instance, Start.AddDays(-1), escalatedFrom: "before"), CancellationToken.None);
        await store.CreateAsync(Task("after-esc", instance, Start.AddDays(10), escalatedFrom: "after"), CancellationToken.None);

        var (all, total) = await store.EscalatedAsync(instance, Start, Start.AddDays(10), 10, CancellationToken.None);
        var (firstTwo, sameTotal) = await store.EscalatedAsync(instance, Start, Start.AddDays(10), 2, CancellationToken.None);
        var (everyInstance, everyTotal) = await store.EscalatedAsync(null, Start.AddDays(-2), Start.AddDays(11), 10, CancellationToken.None);

        Assert.Equal(["late-2-esc", "late-3-esc", "late-1-esc"], all.Select(t => t.Id));
        Assert.Equal(3, total);
        Assert.Equal(["late-2-esc", "late-3-esc"], firstTwo.Select(t => t.Id));
        Assert.Equal(3, sameTotal);
        Assert.Equal(["after-esc", "late-2-esc", "late-3-esc", "other-esc", "late-1-esc", "before-esc"], everyInstance.Select(t => t.Id));
        Assert.Equal(6, everyTotal);
        Assert.Equal("late-1", all[^1].EscalatedFrom);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.EscalatedAsync(null, Start, Start.AddDays(1), StaffTaskStore.MaxEscalatedPage + 1, CancellationToken.None));
    }

    private static StaffTask Task(string id, string instanceId, DateTimeOffset createdAt, string? escalatedFrom = null, StaffTaskStatus status = StaffTaskStatus.Open) => new()
    {
        Id = id,
        Kind = "notice-acknowledgement",
        AssigneeId = escalatedFrom is null ? "stf-1" : "stf-3",
        AssigneeName = escalatedFrom is null ? "王芳" : "赵主任",
        InstanceId = instanceId,
        EventName = TaskDesk.EventName(id),
        Subject = "关于校园安全排查的通知",
        Culture = "zh-CN",
        CreatedAt = createdAt,
        DueAt = createdAt.AddDays(3),
        Status = status,
        EscalatedFrom = escalatedFrom,
    };
}
