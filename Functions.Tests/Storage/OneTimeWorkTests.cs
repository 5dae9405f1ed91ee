using System.Collections.Concurrent;
using Azure.Data.Tables;
using EduFlows.Processes.Training;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Storage;

/// <summary>
/// One-time work on Azurite: done once, resumed from its saved place after a run stopped part-way, done by one of two
/// hosts starting at once, taken over from a host that died holding it once its claim lapses, and a mark or resume
/// point written by an earlier version (the two backfills' own rows) counting as theirs.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class OneTimeWorkTests(AzuriteFixture azurite)
{
    private const string Name = "numbered-rows";

    // Ten rows in five pages of two.
    private const int Pages = 5, PageSize = 2;

    private static readonly DateTimeOffset Now = new(2027, 3, 10, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_DoesEachRowOnce_MarksIt_AndAnotherHostAfterwardsFindsItDone()
    {
        var table = NewMarksTable();
        var done = new ConcurrentQueue<string>();

        var first = await new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-1", done), new FakeTimeProvider(Now), CancellationToken.None);
        var second = await new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-2", done), new FakeTimeProvider(Now.AddDays(1)), CancellationToken.None);

        Assert.Equal((OneTimeOutcome.Done, 10), (first.Outcome, first.Mark!.Rows));
        Assert.Equal((OneTimeOutcome.DoneBefore, null), (second.Outcome, second.Mark));
        Assert.Equal(AllRows("host-1"), done);

        // The mark alone is left: the progress row goes once the mark is written.
        var left = await RowsOfAsync(table);
        Assert.Equal([Name], left.Select(r => r.RowKey));
        Assert.Equal(10, System.Text.Json.JsonDocument.Parse(left[0].GetString("Json")).RootElement.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Run_StoppedAfterThreePages_TheNextResumesAfterTheThird_AndCountsTheRowsOfBoth()
    {
        var table = NewMarksTable();
        var done = new ConcurrentQueue<string>();

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-1", done, failAfterPages: 3), new FakeTimeProvider(Now), CancellationToken.None));
        bool markedMeanwhile = await new OneTimeWork<RowsMark, PagePoint>(table, Name).IsDoneAsync(CancellationToken.None);

        // At once, not only after the claim lapses: the failed run gave its claim up.
        var next = await new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-2", done), new FakeTimeProvider(Now.AddSeconds(1)), CancellationToken.None);

        Assert.Equal("stopped after page 3", stopped.Message);
        Assert.False(markedMeanwhile);
        Assert.Equal((OneTimeOutcome.Done, 10), (next.Outcome, next.Mark!.Rows));
        Assert.Equal(["host-1:0", "host-1:1", "host-1:2", "host-1:3", "host-1:4", "host-1:5", "host-2:6", "host-2:7", "host-2:8", "host-2:9"], done);
    }

    [Fact]
    public async Task Run_TwoHostsAtOnce_OneDoesEachRow_AndTheOtherIsToldTheWorkIsClaimedOrDone()
    {
        var table = NewMarksTable();
        var done = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(Now);

        var runs = await Task.WhenAll(
            Task.Run(() => new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-1", done), time, CancellationToken.None)),
            Task.Run(() => new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-2", done), time, CancellationToken.None)));

        var worker = Assert.Single(runs, r => r.Outcome == OneTimeOutcome.Done);
        var other = Assert.Single(runs, r => r.Outcome != OneTimeOutcome.Done);
        Assert.Equal(10, worker.Mark!.Rows);
        Assert.Equal(10, done.Count);
        Assert.Single(done.Select(r => r.Split(':')[0]).Distinct());
        Assert.Equal(Enumerable.Range(0, 10).Select(n => $":{n}"), done.Select(r => r[r.IndexOf(':', StringComparison.Ordinal)..]));

        // Claimed (told until when, five minutes on), or already done if the worker finished before the other looked.
        Assert.True(
            (other.Outcome, other.ClaimedUntil) == (OneTimeOutcome.ClaimedElsewhere, Now + OneTimeWork<RowsMark, PagePoint>.ClaimFor)
            || (other.Outcome, other.ClaimedUntil) == (OneTimeOutcome.DoneBefore, null),
            $"{other.Outcome} until {other.ClaimedUntil}");
        Assert.Equal([Name], (await RowsOfAsync(table)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task Run_WorkThatSavesNoPlaceForTwiceTheClaim_KeepsItsClaimAlive_AnotherHostIsToldItIsHeld_AndItFinishes()
    {
        var table = NewMarksTable();
        var done = new ConcurrentQueue<string>();
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider(Now);
        var claimFor = OneTimeWork<RowsMark, PagePoint>.ClaimFor;

        // Its first page takes ten minutes before the first save: only the keep-alive holds the claim meanwhile.
        var first = new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-1", done, stallAfterPage: (0, busy, resume.Task)), time, CancellationToken.None);
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Ten minutes in steps of ten seconds, a moment of real time each for the keep-alive to write: the claim never lapses.
        for (int step = 1; step <= 60; step++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
            Assert.True(await ClaimedUntilAsync(table) > time.GetUtcNow(), $"The claim lapsed {step * 10} s in.");
        }

        var secondHost = await new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-2", done), new FakeTimeProvider(time.GetUtcNow() + TimeSpan.FromSeconds(1)), CancellationToken.None);
        resume.SetResult();
        var firstEnded = await first.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OneTimeOutcome.ClaimedElsewhere, secondHost.Outcome);
        Assert.True(secondHost.ClaimedUntil > time.GetUtcNow() + claimFor / 2, $"Claimed until {secondHost.ClaimedUntil:O}, now {time.GetUtcNow():O}.");
        Assert.Equal((OneTimeOutcome.Done, 10), (firstEnded.Outcome, firstEnded.Mark!.Rows));
        Assert.Equal(AllRows("host-1"), done);
    }

    [Fact]
    public async Task Run_AHostThatStallsHoldingTheClaim_IsTakenOverOnceItLapses_FromItsSavedPlace_AndStopsAtItsNextSave()
    {
        var table = NewMarksTable();
        var done = new ConcurrentQueue<string>();
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider(Now);

        // Host 1 saves after page 0, does page 1 and stalls before saving it (as a host that hangs or dies would).
        var first = new OneTimeWork<RowsMark, PagePoint>(table, Name).RunAsync(Rows("host-1", done, stallAfterPage: (1, stalled, resume.Task)), time, CancellationToken.None);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var secondHost = new OneTimeWork<RowsMark, PagePoint>(table, Name);
        var whileHeld = await secondHost.RunAsync(Rows("host-2", done), new FakeTimeProvider(Now + OneTimeWork<RowsMark, PagePoint>.ClaimFor - TimeSpan.FromSeconds(1)), CancellationToken.None);
        var afterItLapsed = await secondHost.RunAsync(Rows("host-2", done), new FakeTimeProvider(Now + OneTimeWork<RowsMark, PagePoint>.ClaimFor + TimeSpan.FromSeconds(1)), CancellationToken.None);
        resume.SetResult();
        var firstEnded = await first.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((OneTimeOutcome.ClaimedElsewhere, Now + OneTimeWork<RowsMark, PagePoint>.ClaimFor), (whileHeld.Outcome, whileHeld.ClaimedUntil));
        Assert.Equal((OneTimeOutcome.Done, 10), (afterItLapsed.Outcome, afterItLapsed.Mark!.Rows));
        Assert.Equal((OneTimeOutcome.DoneBefore, null), (firstEnded.Outcome, firstEnded.Mark));

        // Page 1 was done by both (host 1 never saved it); host 1 did nothing after it lost the claim.
        Assert.Equal(["host-1:0", "host-1:1", "host-1:2", "host-1:3", "host-2:2", "host-2:3", "host-2:4", "host-2:5", "host-2:6", "host-2:7", "host-2:8", "host-2:9"], done);
        Assert.Equal([Name], (await RowsOfAsync(table)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task EscalationColumns_AMarkAnEarlierVersionWrote_CountsAsDone_NoRowRead_AndItsMarkRowIsLeftAsItWas()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var marks = new TableClient(azurite.ConnectionString, tableName + "Marks");
        await marks.CreateIfNotExistsAsync();
        await marks.AddEntityAsync(AsAnEarlierVersionWroteIt(EscalationColumnsMark.Key, new EscalationColumnsMark(4, Now.AddDays(-3))));
        var before = (await marks.GetEntityAsync<TableEntity>(EscalationColumnsMark.Key, EscalationColumnsMark.Key)).Value.ETag;
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var tasks = new TableClient(azurite.ConnectionString, tableName);
        await tasks.CreateIfNotExistsAsync();
        var older = new StaffTask
        {
            Id = "older-esc",
            Kind = "notice-acknowledgement",
            AssigneeId = "stf-3",
            AssigneeName = "赵主任",
            InstanceId = "notice-older",
            EventName = TaskDesk.EventName("older-esc"),
            Subject = "关于校园安全排查的通知",
            Culture = "zh-CN",
            CreatedAt = Now.AddDays(-40),
            DueAt = Now.AddDays(-37),
            Status = StaffTaskStatus.Submitted,
            EscalatedFrom = "older",
        };

        // Stored before the columns (none but the JSON) and after the mark, as no version since writes it: a scan would give it its columns.
        await tasks.AddEntityAsync(AsAnEarlierVersionWroteIt(older.Id, older));

        int written = await new EscalationColumnsBackfill(store, new FakeTimeProvider(Now), NullLogger<EscalationColumnsBackfill>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal(0, written);
        Assert.True(await store.EscalationColumnsWrittenAsync(CancellationToken.None));
        Assert.Equal([EscalationColumnsMark.Key], (await RowsOfAsync(marks)).Select(r => r.RowKey));
        Assert.Equal(before, (await marks.GetEntityAsync<TableEntity>(EscalationColumnsMark.Key, EscalationColumnsMark.Key)).Value.ETag);
        Assert.False((await tasks.GetEntityAsync<TableEntity>("older-esc", "older-esc")).Value.ContainsKey("EscalatedFrom"));
    }

    [Fact]
    public async Task EscalationColumns_AResumePointAnEarlierVersionSaved_IsResumedFrom_WithItsCounts()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var marks = new TableClient(azurite.ConnectionString, tableName + "Marks");
        await marks.CreateIfNotExistsAsync();

        // Saved by an earlier version's scan (no claim columns) after it had written 7 rows and skipped one.
        await marks.AddEntityAsync(AsAnEarlierVersionWroteIt(EscalationColumnsMark.Key + "-progress", new ColumnBackfill(7, 1, ["bad-row"], null)));
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);

        int written = await new EscalationColumnsBackfill(store, new FakeTimeProvider(Now), NullLogger<EscalationColumnsBackfill>.Instance).RunAsync(CancellationToken.None);

        // The task table is empty: the count is the earlier run's.
        Assert.Equal(7, written);
        var left = await RowsOfAsync(marks);
        Assert.Equal([EscalationColumnsMark.Key], left.Select(r => r.RowKey));
    }

    [Fact]
    public async Task EscalationColumns_AProgressRowThisVersionWrote_WhileItWorksAndAfterItFailed_IsReadByTheEarlierVersionsReader_AsTheStart()
    {
        string tableName = AzuriteFixture.NewHubName() + "Tasks";
        var store = new StaffTaskStore(azurite.ConnectionString, tableName);
        var marks = new TableClient(azurite.ConnectionString, tableName + "Marks");
        const string ProgressKey = EscalationColumnsMark.Key + "-progress";

        // The reader of the version before one-time work was shared: the progress row read as a record, its JSON the point.
        var earlierReader = new RecordTable<ColumnBackfill>(marks, _ => ProgressKey, _ => new Dictionary<string, object?>());
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Claimed, then stopped before its first resume point (as a host whose scan fails on its first pages).
        var run = store.EscalationColumns.RunAsync(
            async (progress, token) =>
            {
                working.SetResult();
                await fail.Task;
                throw new InvalidOperationException("storage refused page 1");
            },
            new FakeTimeProvider(Now),
            CancellationToken.None);
        await working.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var whileClaimed = await earlierReader.GetAsync(ProgressKey, CancellationToken.None);
        fail.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        var afterFailure = await earlierReader.GetAsync(ProgressKey, CancellationToken.None);

        foreach (var read in new[] { whileClaimed, afterFailure })
        {
            var point = read!.Record;
            Assert.Equal((0, 0, 0, null), (point.Written, point.Skipped, point.SkippedRows.Count, point.ResumeAt));
        }

        Assert.False(await store.EscalationColumnsWrittenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TrainingRegistrations_AMarkAnEarlierVersionWrote_CountsAsDone_TheRunOnlyCatchesUp_AndWritesNoRowOfItsOwn()
    {
        string hub = AzuriteFixture.NewHubName();
        var marks = new TableClient(azurite.ConnectionString, hub + "TrainingMarks");
        await marks.CreateIfNotExistsAsync();
        await marks.AddEntityAsync(AsAnEarlierVersionWroteIt(RegistrationBackfillMark.Key, new RegistrationBackfillMark(2026, 3, 5, Now.AddDays(-3))));
        var store = new TrainingStore(StorageAccount.FromConnectionString(azurite.ConnectionString), hub);
        await store.Lectures.PutAsync(
            new Lecture("lec-late", "lecture", "讲堂 lec-late", "张教授", "教育局报告厅", new DateOnly(2027, 5, 1), new TimeOnly(14, 0), new TimeOnly(17, 0), 2, 50, true, "stf-3")
            {
                Seats = [new("stf-1", "王芳", Now)],
            },
            CancellationToken.None);
        var clock = new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

        bool doneBefore = await store.RegistrationsBackfilledAsync(CancellationToken.None);
        int caught = await new TrainingRegistrationBackfill(store, clock, new FakeTimeProvider(Now), NullLogger<TrainingRegistrationBackfill>.Instance).RunAsync(CancellationToken.None);

        Assert.True(doneBefore);
        Assert.Equal(1, caught);
        var mark = Assert.Single(await store.Marks.QueryAsync(null, CancellationToken.None));
        Assert.Equal((2026, 3, 5), (mark.FromYear, mark.Lectures, mark.Written));
    }

    // The work: five pages of two numbered rows from the saved page on, each page saved after it is done.
    private static Func<OneTimeProgress<PagePoint>, CancellationToken, Task<RowsMark>> Rows(
        string host, ConcurrentQueue<string> done, int? failAfterPages = null, (int Page, TaskCompletionSource Stalled, Task Resume)? stallAfterPage = null) =>
        async (progress, token) =>
        {
            var point = progress.ResumeFrom ?? new PagePoint(0, 0);
            for (int page = point.NextPage; page < Pages; page++)
            {
                foreach (int row in Enumerable.Range(page * PageSize, PageSize))
                {
                    done.Enqueue($"{host}:{row}");
                }

                if (stallAfterPage is { } stall && stall.Page == page)
                {
                    stall.Stalled.SetResult();
                    await stall.Resume;
                }

                point = new PagePoint(page + 1, point.Rows + PageSize);
                await progress.SaveAsync(point, token);
                if (page + 1 == failAfterPages)
                {
                    throw new InvalidOperationException($"stopped after page {failAfterPages}");
                }
            }

            return new RowsMark(point.Rows);
        };

    private static IEnumerable<string> AllRows(string host) => Enumerable.Range(0, Pages * PageSize).Select(n => $"{host}:{n}");

    // A row as RecordTable wrote marks and resume points before one-time work was shared: keyed (id, id), the record as JSON.
    private static TableEntity AsAnEarlierVersionWroteIt<T>(string key, T record) =>
        new(key, key) { ["Json"] = System.Text.Json.JsonSerializer.Serialize(record, RecordSize.Json) };

    // Until when the progress row says the work is claimed.
    private static async Task<DateTimeOffset?> ClaimedUntilAsync(TableClient table) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(Name + "-progress", Name + "-progress")).Value?.GetDateTimeOffset("ClaimedUntil");

    private TableClient NewMarksTable() => new(azurite.ConnectionString, "Marks" + Guid.NewGuid().ToString("N")[..12]);

    private static async Task<List<TableEntity>> RowsOfAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The test work's mark.</summary>
    /// <param name="Rows">The rows done in all.</param>
    public sealed record RowsMark(int Rows);

    /// <summary>The test work's resume point.</summary>
    /// <param name="NextPage">The first page not done.</param>
    /// <param name="Rows">The rows done so far.</param>
    public sealed record PagePoint(int NextPage, int Rows);
}
