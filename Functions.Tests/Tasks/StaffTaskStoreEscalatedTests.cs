using Azure.Data.Tables;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// The task table's query for escalated tasks on Azurite: only escalations, in the period, newest first; and rows stored
/// before EscalatedFrom and CreatedAt were columns, which it finds once the one-time backfill has written theirs.
/// </summary>
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

    [Fact]
    public async Task Backfill_OlderEscalatedRows_AreListedAfterIt_OtherRowsUntouched_AndASecondRunWritesNothing()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var table = new TableClient(azurite.ConnectionString, tableName);
        await table.CreateIfNotExistsAsync();
        var olderLate = Task("older-late", "notice-older", Start, null, StaffTaskStatus.Expired);
        var olderEscalated = Task("older-late-esc", "notice-older", Start.AddDays(3), "older-late", StaffTaskStatus.Submitted);
        var olderPlain = Task("older-plain", "notice-older", Start.AddDays(1), null, StaffTaskStatus.Submitted);
        foreach (var task in (StaffTask[])[olderLate, olderEscalated, olderPlain])
        {
            await table.AddEntityAsync(RowAsWrittenBefore(task));
        }

        await store.CreateAsync(Task("newer-late-esc", "notice-older", Start.AddDays(4), "newer-late", StaffTaskStatus.Open), CancellationToken.None);
        var before = await store.EscalatedAsync(Start, Start.AddDays(30), CancellationToken.None);
        var plainEtag = (await table.GetEntityAsync<TableEntity>("older-plain", "older-plain")).Value.ETag;

        var backfill = new EscalationColumnsBackfill(store, new FakeTimeProvider(Start.AddDays(60)), NullLogger<EscalationColumnsBackfill>.Instance);
        int written = await backfill.RunAsync(CancellationToken.None);
        var after = await store.EscalatedAsync(Start, Start.AddDays(30), CancellationToken.None);
        int again = await backfill.RunAsync(CancellationToken.None);

        Assert.Equal(["newer-late-esc"], before.Select(t => t.Id));
        Assert.Equal(1, written);
        Assert.Equal(["newer-late-esc", "older-late-esc"], after.Select(t => t.Id));
        var listed = after.Single(t => t.Id == "older-late-esc");
        Assert.Equal(("older-late", Start.AddDays(3), StaffTaskStatus.Submitted, "赵主任"), (listed.EscalatedFrom, listed.CreatedAt, listed.Status, listed.AssigneeName));
        Assert.Equal(plainEtag, (await table.GetEntityAsync<TableEntity>("older-plain", "older-plain")).Value.ETag);
        Assert.Equal(0, again);
        Assert.True(await store.EscalationColumnsWrittenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Backfill_WhenTheMarkIsThere_WritesNothing()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var table = new TableClient(azurite.ConnectionString, tableName);
        await table.CreateIfNotExistsAsync();
        await store.MarkEscalationColumnsWrittenAsync(new EscalationColumnsMark(0, Start), CancellationToken.None);
        await table.AddEntityAsync(RowAsWrittenBefore(Task("older-late-esc", "notice-older", Start.AddDays(3), "older-late", StaffTaskStatus.Submitted)));

        int written = await new EscalationColumnsBackfill(store, new FakeTimeProvider(Start.AddDays(60)), NullLogger<EscalationColumnsBackfill>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal(0, written);
        Assert.Empty(await store.EscalatedAsync(Start, Start.AddDays(30), CancellationToken.None));
    }

    [Fact]
    public async Task Backfill_ARowHoldingNoReadableTask_IsSkipped_TheOthersAreWritten_AndTheMarkIsWritten()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var table = new TableClient(azurite.ConnectionString, tableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(RowAsWrittenBefore(Task("a-late-esc", "notice-older", Start.AddDays(2), "a-late", StaffTaskStatus.Submitted)));
        await table.AddEntityAsync(new TableEntity("b-broken", "b-broken") { ["Json"] = "{\"Id\": \"b-broken\", \"CreatedAt\": ", ["Status"] = "Open" });
        await table.AddEntityAsync(new TableEntity("c-empty", "c-empty") { ["Status"] = "Open" });
        await table.AddEntityAsync(RowAsWrittenBefore(Task("d-late-esc", "notice-older", Start.AddDays(3), "d-late", StaffTaskStatus.Submitted)));

        var backfill = new EscalationColumnsBackfill(store, new FakeTimeProvider(Start.AddDays(60)), NullLogger<EscalationColumnsBackfill>.Instance);
        int written = await backfill.RunAsync(CancellationToken.None);

        Assert.Equal(2, written);
        Assert.Equal(["d-late-esc", "a-late-esc"], (await store.EscalatedAsync(Start, Start.AddDays(30), CancellationToken.None)).Select(t => t.Id));
        Assert.True(await store.EscalationColumnsWrittenAsync(CancellationToken.None));
        Assert.Equal("{\"Id\": \"b-broken\", \"CreatedAt\": ", (await table.GetEntityAsync<TableEntity>("b-broken", "b-broken")).Value.GetString("Json"));
    }

    [Fact]
    public async Task Backfill_StoppedAfterItSavedItsPlace_ResumesThere_NotAtTheFirstRow()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var table = new TableClient(azurite.ConnectionString, tableName);
        await table.CreateIfNotExistsAsync();
        foreach (int n in Enumerable.Range(1, 12))
        {
            await table.AddEntityAsync(RowAsWrittenBefore(Task($"older-{n:D2}-esc", "notice-older", Start.AddDays(1), $"older-{n:D2}", StaffTaskStatus.Submitted)));
        }

        // A scan of a page a row saves its place after rows 5 and 10; the host stops before it writes the mark.
        var scanned = ColumnBackfill.Start;
        await Assert.ThrowsAsync<OperationCanceledException>(() => store.EscalationColumns.RunAsync(
            async (progress, token) =>
            {
                scanned = await store.WriteEscalationColumnsAsync(progress, 1, token);
                throw new OperationCanceledException("The host stops before it writes the mark.");
            },
            new FakeTimeProvider(Start.AddDays(60)),
            CancellationToken.None));
        var saved = await new RecordTable<ColumnBackfill>(new TableClient(azurite.ConnectionString, tableName + "Marks"), _ => string.Empty, _ => new Dictionary<string, object?>())
            .GetAsync(EscalationColumnsMark.Key + "-progress", CancellationToken.None);

        // Rows stored meanwhile (as no version since a7aa09c writes them): one before the saved place, one after.
        await table.AddEntityAsync(RowAsWrittenBefore(Task("older-00-esc", "notice-older", Start.AddDays(2), "older-00", StaffTaskStatus.Submitted)));
        await table.AddEntityAsync(RowAsWrittenBefore(Task("older-99-esc", "notice-older", Start.AddDays(2), "older-99", StaffTaskStatus.Submitted)));
        int written = await new EscalationColumnsBackfill(store, new FakeTimeProvider(Start.AddDays(60)), NullLogger<EscalationColumnsBackfill>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal((12, 0), (scanned.Written, scanned.Skipped));
        Assert.Equal(10, saved!.Record.Written);
        Assert.NotNull(saved.Record.ResumeAt);
        Assert.Equal(11, written);
        var listed = (await store.EscalatedAsync(Start, Start.AddDays(30), CancellationToken.None)).Select(t => t.Id).ToList();
        Assert.Contains("older-99-esc", listed);
        Assert.DoesNotContain("older-00-esc", listed);
        Assert.Equal(13, listed.Count);
    }

    // A task's row as the table wrote it before a7aa09c: the whole task as JSON, and only the columns copied then.
    private static TableEntity RowAsWrittenBefore(StaffTask task) => new(task.Id, task.Id)
    {
        ["Json"] = System.Text.Json.JsonSerializer.Serialize(task, RecordSize.Json),
        ["Status"] = task.Status.ToString(),
        ["AssigneeId"] = task.AssigneeId,
        ["InstanceId"] = task.InstanceId,
        ["Kind"] = task.Kind,
        ["DueAt"] = task.DueAt.UtcDateTime,
    };

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
