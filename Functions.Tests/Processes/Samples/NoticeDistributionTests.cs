using Azure.Data.Tables;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Processes.Samples;

/// <summary>
/// The fan-out sample's activity runs at least once (a host killed after the receipt was filed but before the result was
/// stored runs it again): a second or concurrent run files nothing more, and only counts itself.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class NoticeDistributionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FileReceipt_RunAgainAfterACrash_FilesOnceAndCountsTheRuns()
    {
        var (sut, table) = CreateSut();
        var receipt = new NoticeDistribution.Receipt("distribution-1", "school-0001");

        string first = await sut.FileReceiptAsync(receipt, CancellationToken.None);
        string again = await sut.FileReceiptAsync(receipt, CancellationToken.None);

        Assert.Equal(["school-0001", "school-0001"], new[] { first, again });
        var row = (await table.GetEntityAsync<TableEntity>("distribution-1", "school-0001")).Value;
        Assert.Equal((1, 2), (row.GetInt32("Applied"), row.GetInt32("Runs")));
    }

    [Fact]
    public async Task FileReceipt_FiveRunsAtOnce_FilesOnceAndCountsEachRun()
    {
        var (sut, table) = CreateSut();
        var receipt = new NoticeDistribution.Receipt("distribution-2", "school-0002");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => sut.FileReceiptAsync(receipt, CancellationToken.None)));

        var rows = new List<TableEntity>();
        await foreach (var found in table.QueryAsync<TableEntity>(e => e.PartitionKey == "distribution-2"))
        {
            rows.Add(found);
        }

        var row = Assert.Single(rows);
        Assert.Equal((1, 5), (row.GetInt32("Applied"), row.GetInt32("Runs")));
    }

    private (NoticeDistribution Sut, TableClient Table) CreateSut()
    {
        string hub = AzuriteFixture.NewHubName();
        var sut = new NoticeDistribution(StorageAccount.FromConnectionString(azurite.ConnectionString), new AppHostSettings(hub, "api"));
        return (sut, new TableClient(azurite.ConnectionString, hub + NoticeDistribution.TableSuffix));
    }
}
