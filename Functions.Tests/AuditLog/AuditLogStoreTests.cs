using Azure.Data.Tables;
using EduFlows.AuditLog;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.AuditLog;

/// <summary>The hash-chained log against Azurite: tampering with the table is found, concurrent and retried appends keep one chain.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AuditLogStoreTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2017, 1, 3, 1, 0, 0, TimeSpan.Zero));

    private AuditLogStore CreateSut() => new(StorageAccount.FromConnectionString(azurite.ConnectionString), AzuriteFixture.NewHubName(), _time);

    private static AuditAppend Score(string stream, int n) =>
        new(stream, $"score-{n}", "score", $"judge-{n % 3}", "applicant-0042", $$"""{"points": {{80 + n}}, "stage": "interview"}""");

    private async Task<AuditLogStore> WithThreeEntriesAsync(string stream)
    {
        var sut = CreateSut();
        for (int n = 1; n <= 3; n++)
        {
            await sut.AppendAsync(Score(stream, n), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return sut;
    }

    [Fact]
    public async Task Append_ChainsEachEntryToThePrevious_AndVerifyFindsItIntact()
    {
        var sut = await WithThreeEntriesAsync("sel-a");

        var entries = await sut.ListAsync("sel-a", 1, 100, CancellationToken.None);
        var verified = await sut.VerifyAsync("sel-a", CancellationToken.None);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.Equal(AuditChain.HashOf(entries[1].Hash, entries[2]), entries[2].Hash);
        Assert.Equal(new DateTimeOffset(2017, 1, 3, 1, 1, 0, TimeSpan.Zero), entries[1].At);
        Assert.Equal(new AuditVerification("sel-a", 3, true, null, entries[2].Hash), verified);
    }

    [Fact]
    public async Task Verify_ARowEditedInTheTable_IsNamedAsChanged()
    {
        var sut = await WithThreeEntriesAsync("sel-b");
        var row = (await sut.Table.GetEntityAsync<TableEntity>("sel-b", "e000000000002")).Value;
        row["Payload"] = """{"points": 99, "stage": "interview"}""";
        await sut.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var verified = await sut.VerifyAsync("sel-b", CancellationToken.None);

        Assert.False(verified.Intact);
        Assert.Equal((2L, "score-2", "changed"), (verified.FirstProblem!.Sequence, verified.FirstProblem.EntryId, verified.FirstProblem.Problem));
        Assert.Null(verified.LastHash);
    }

    [Fact]
    public async Task Verify_ARowEditedWithItsHashRecomputed_IsStillFound_ByTheNextEntrysLink()
    {
        var sut = await WithThreeEntriesAsync("sel-c");
        var row = (await sut.Table.GetEntityAsync<TableEntity>("sel-c", "e000000000001")).Value;
        var forged = (await sut.ListAsync("sel-c", 1, 1, CancellationToken.None))[0] with { Actor = "someone-else" };
        row["Actor"] = forged.Actor;
        row["Hash"] = AuditChain.HashOf(forged.PreviousHash, forged);
        await sut.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var verified = await sut.VerifyAsync("sel-c", CancellationToken.None);

        Assert.Equal((1L, "changed"), (verified.FirstProblem!.Sequence, verified.FirstProblem.Problem));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)] // the last one: only the head row still knows it existed
    public async Task Verify_ADeletedRow_IsNamedAsMissing(long deleted)
    {
        string stream = $"sel-d{deleted}";
        var sut = await WithThreeEntriesAsync(stream);
        await sut.Table.DeleteEntityAsync(stream, $"e{deleted:D12}");

        var verified = await sut.VerifyAsync(stream, CancellationToken.None);

        Assert.Equal((deleted, "missing"), (verified.FirstProblem!.Sequence, verified.FirstProblem.Problem));
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_IsNamedAsReordered()
    {
        var sut = await WithThreeEntriesAsync("sel-e");
        var second = (await sut.Table.GetEntityAsync<TableEntity>("sel-e", "e000000000002")).Value;
        var third = (await sut.Table.GetEntityAsync<TableEntity>("sel-e", "e000000000003")).Value;
        (second.RowKey, third.RowKey) = (third.RowKey, second.RowKey);
        await sut.Table.UpsertEntityAsync(second, TableUpdateMode.Replace);
        await sut.Table.UpsertEntityAsync(third, TableUpdateMode.Replace);

        var verified = await sut.VerifyAsync("sel-e", CancellationToken.None);

        Assert.Equal((2L, "score-3", "reordered"), (verified.FirstProblem!.Sequence, verified.FirstProblem.EntryId, verified.FirstProblem.Problem));
    }

    [Fact]
    public async Task Append_TwentyAtOnceToOneStream_KeepOneChainWithoutGaps()
    {
        var sut = CreateSut();

        var appended = await Task.WhenAll(Enumerable.Range(1, 20).Select(n => Task.Run(() => sut.AppendAsync(Score("sel-f", n), CancellationToken.None))));
        var verified = await sut.VerifyAsync("sel-f", CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), appended.Select(e => e.Sequence).Order());
        Assert.Equal(20, appended.Select(e => e.EntryId).Distinct().Count());
        Assert.True(verified.Intact, verified.FirstProblem?.Detail);
        Assert.Equal(20, verified.Entries);
    }

    [Fact]
    public async Task Append_RetriedWithTheSameEntryId_ReturnsTheFirstEntry_AndAppendsNothing()
    {
        var sut = CreateSut();
        var first = await sut.AppendAsync(Score("sel-g", 1), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await sut.AppendAsync(Score("sel-g", 1), CancellationToken.None);
        var racing = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => sut.AppendAsync(Score("sel-g", 2), CancellationToken.None))));

        Assert.Equal(first, again);
        Assert.All(racing, e => Assert.Equal(2L, e.Sequence));
        Assert.Equal(2, (await sut.ListAsync("sel-g", 1, 100, CancellationToken.None)).Count);
        Assert.True((await sut.VerifyAsync("sel-g", CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Verify_AnEmptyStream_IsIntact() =>
        Assert.Equal(new AuditVerification("nothing-yet", 0, true, null, null), await CreateSut().VerifyAsync("nothing-yet", CancellationToken.None));

    [Fact]
    public void Validate_BadAppends_NameTheirFields() =>
        Assert.Equal(
            ["stream", "entryId", "kind", "payload"],
            AuditLogStore.Validate(new AuditAppend("a/b", "", " ", "judge-1", "applicant-1", "{not json")).Select(e => e.Field));

    [Fact]
    public void Validate_AnUnkeyableOrMissingId_SaysWhichInChinese()
    {
        var errors = AuditLogStore.Validate(new AuditAppend("a/b", "", "score", "judge-1", "applicant-1", null));

        Assert.Equal(
            [("stream", "编号中不能有 / \\ # ? 或控制字符。"), ("entryId", "必填：须为不含 / \\ # ? 的标识。")],
            errors.Select(e => (e.Field, e.ReasonZh!)));
    }
}
