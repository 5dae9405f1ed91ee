using System.Reflection;
using Azure.Identity;
using EduFlows.Hosting;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace EduFlows.Tests.Storage;

/// <summary>
/// AzureWebJobsStorage read as the Functions host reads it: the identity-based settings infra/main.bicep deploys
/// (accountName, credential = managedidentity, clientId) or a connection string. No client here touches the network.
/// </summary>
public sealed class StorageAccountTests
{
    private const string ClientId = "00000000-1111-2222-3333-444444444444";

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    // As in Azure: app settings AzureWebJobsStorage__accountName etc., which configuration reads as AzureWebJobsStorage:accountName.
    private static IConfiguration Bicep() => Settings(
        ("AzureWebJobsStorage:accountName", "steduflowsabc"),
        ("AzureWebJobsStorage:credential", "managedidentity"),
        ("AzureWebJobsStorage:clientId", ClientId));

    [Fact]
    public void IdentityBasedSettings_GiveTheAccountsServices_WithTheUserAssignedManagedIdentity()
    {
        var account = StorageAccount.FromConfiguration(Bicep());

        Assert.NotNull(account);
        Assert.Equal(new Uri("https://steduflowsabc.table.core.windows.net/"), account.Tables.Uri);
        Assert.Equal("steduflowsabc", account.Tables.AccountName);
        Assert.Equal(new Uri("https://steduflowsabc.blob.core.windows.net/"), account.Blobs.Uri);
        Assert.Equal("steduflowsabc", account.Blobs.AccountName);
        var credential = Assert.IsType<ManagedIdentityCredential>(account.Credential);
        Assert.Equal($"ClientId {ClientId}", IdentityOf(credential));

        // Stores take their clients from the account: a table and a container of it.
        Assert.Equal(new Uri("https://steduflowsabc.table.core.windows.net/EduFlowsTasks"), account.Tables.GetTableClient("EduFlowsTasks").Uri);
        Assert.Equal(new Uri("https://steduflowsabc.blob.core.windows.net/eduflows-presentations"), account.Blobs.GetBlobContainerClient("eduflows-presentations").Uri);
    }

    [Fact]
    public void IdentityBasedSettings_AsEnvironmentVariables_AreReadTheSameWay()
    {
        string prefix = "EDUFLOWS_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", "steduflowsenv");
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__credential", "managedidentity");
        try
        {
            var account = StorageAccount.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            Assert.NotNull(account);
            Assert.Equal(new Uri("https://steduflowsenv.table.core.windows.net/"), account.Tables.Uri);
            Assert.Equal("SystemAssigned", IdentityOf(Assert.IsType<ManagedIdentityCredential>(account.Credential)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", null);
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__credential", null);
        }
    }

    [Fact]
    public void ExplicitServiceUris_WinOverTheAccountName_AndWithoutCredentialSettingDefaultAzureCredentialIsUsed()
    {
        var account = StorageAccount.FromConfiguration(Settings(
            ("AzureWebJobsStorage:accountName", "ignored"),
            ("AzureWebJobsStorage:tableServiceUri", "https://tables.example.test/"),
            ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.test/")));

        Assert.NotNull(account);
        Assert.Equal("tables.example.test", account.Tables.Uri.Host);
        Assert.Equal("blobs.example.test", account.Blobs.Uri.Host);
        Assert.IsType<DefaultAzureCredential>(account.Credential);
    }

    [Fact]
    public void AnIdentitySectionWithoutAccountOrUris_IsAClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage:credential", "managedidentity"))));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConnectionString_IsUsedAsIs_WithoutATokenCredential()
    {
        var account = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.NotNull(account);
        Assert.Null(account.Credential);
        Assert.Equal("devstoreaccount1", account.Tables.AccountName);
        Assert.Equal(10002, account.Tables.Uri.Port);
        Assert.Equal(10000, account.Blobs.Uri.Port);
    }

    [Fact]
    public void NoStorageSetting_GivesNoAccount()
    {
        Assert.Null(StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage", ""))));
        Assert.Null(StorageAccount.FromConfiguration(Settings()));
        Assert.False(StorageAccount.IsConfigured(Settings()));
        Assert.True(StorageAccount.IsConfigured(Bicep()));
    }

    [Fact]
    public void TheApp_RegistersItsStores_OnIdentityBasedStorage()
    {
        var services = new ServiceCollection();

        services.AddEduFlows(Bicep(), new HostingEnvironment { EnvironmentName = Environments.Development });

        var account = Assert.IsType<StorageAccount>(Assert.Single(services, d => d.ServiceType == typeof(StorageAccount)).ImplementationInstance);
        Assert.Equal("steduflowsabc", account.Tables.AccountName);
        foreach (var store in new[] { typeof(DirectoryStore), typeof(StaffTaskStore), typeof(AssessmentStore), typeof(PresentationStore) })
        {
            Assert.Contains(services, d => d.ServiceType == store);
        }
    }

    // Which identity a ManagedIdentityCredential asks for: Azure.Identity keeps it internal (Client.ManagedIdentityId,
    // whose ToString is "ClientId {id}" or "SystemAssigned"); this reads it so that a test can tell the identities apart.
    private static string? IdentityOf(ManagedIdentityCredential credential)
    {
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        object? client = typeof(ManagedIdentityCredential).GetProperty("Client", Internal)?.GetValue(credential);
        object? id = client?.GetType().GetProperty("ManagedIdentityId", Internal)?.GetValue(client);
        return id?.ToString() ?? throw new InvalidOperationException("Azure.Identity no longer has ManagedIdentityCredential.Client.ManagedIdentityId; update this test.");
    }
}
