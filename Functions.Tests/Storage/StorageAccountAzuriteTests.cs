using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace EduFlows.Tests.Storage;

/// <summary>A connection string still works: stores built through the StorageAccount write and read on Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StorageAccountAzuriteTests(AzuriteFixture azurite)
{
    private StorageAccount Account() => StorageAccount.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("AzureWebJobsStorage", (string?)azurite.ConnectionString)]).Build())
        ?? throw new InvalidOperationException("A connection string gave no account.");

    [Fact]
    public async Task ATableStore_OnTheAccount_WritesAndReads()
    {
        string prefix = AzuriteFixture.NewHubName() + "Dir";
        var store = new DirectoryStore(Account(), prefix);
        var school = new School("sch-0001", "旗城学校", "小学", "旗城镇", Rural: false);

        bool added = await store.Schools.UpsertAsync(school, CancellationToken.None);

        Assert.True(added);
        Assert.Equal(school, await store.Schools.GetAsync("sch-0001", CancellationToken.None));
        // The same table as a store built from the connection string itself (as the tests build them).
        Assert.Equal(school, await new DirectoryStore(azurite.ConnectionString, prefix).Schools.GetAsync("sch-0001", CancellationToken.None));
    }

    [Fact]
    public async Task TheBlobStore_OnTheAccount_WritesAndReads()
    {
        var store = new PresentationStore(Account(), AzuriteFixture.NewHubName());
        using var content = new MemoryStream([1, 2, 3, 4]);

        string name = await store.SaveAsync(2026, "dep-04", "application/pdf", content, CancellationToken.None);
        var opened = await store.OpenAsync(name, CancellationToken.None);

        Assert.NotNull(opened);
        await using var stream = opened.Value.Content;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal([1, 2, 3, 4], copy.ToArray());
        Assert.Equal("application/pdf", opened.Value.ContentType);
    }
}
