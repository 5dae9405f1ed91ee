using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Tasks;

/// <summary>The task table's query for escalated tasks on Azurite: only escalations, in the period, newest first.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffTaskStoreEscalatedTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Escalated_InAPeriod_AreTheEscalationsOnly_NewestFirst_WithWhomTheyCameFrom()
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

        var inPeriod = await store.EscalatedAsync(Start, Start.AddDays(10), CancellationToken.None);
        var wider = await store.EscalatedAsync(Start.AddDays(-2), Start.AddDays(11), CancellationToken.None);

        Assert.Equal(["late-2-esc", "late-3-esc", "other-esc", "late-1-esc"], inPeriod.Select(t => t.Id));
        Assert.Equal(["after-esc", "late-2-esc", "late-3-esc", "other-esc", "late-1-esc", "before-esc"], wider.Select(t => t.Id));
        Assert.Equal("late-1", inPeriod[^1].EscalatedFrom);
        Assert.Equal(StaffTaskStatus.Expired, inPeriod[0].Status);
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
