using EduFlows.DurableTask.Providers;
using EduFlows.Hosting;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EduFlows.Tests.Hosting;

public sealed class HostJsonTests
{
    [Fact]
    public void Parse_TheRepositoryHostJson_ReadsEverySetting()
    {
        string root = AppRoot.Locate(AppContext.BaseDirectory);

        var settings = HostJson.Load(root);

        Assert.Equal("EduFlows", settings.HubName);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(20, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(20, settings.MaxConcurrentOrchestratorFunctions);
        Assert.Equal("api", settings.RoutePrefix);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.FunctionTimeout);
        Assert.Equal(LogLevel.Information, settings.LogLevels["default"]);
    }

    [Fact]
    public void Parse_Minimal_GivesFunctionsDefaults()
    {
        var settings = HostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", settings.RoutePrefix);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.FunctionTimeout);
    }

    [Fact]
    public void Parse_StorageProviderType_SelectsMicrosoftsProviderAsDurableFunctionsNamesIt()
    {
        var settings = HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "type": "AzureStorage" } } } }""");

        Assert.Equal(DurableStorageProvider.AzureStorage, settings.StorageProvider);
        Assert.Equal(DurableStorageProvider.EduFlows, HostJson.Parse("""{ "version": "2.0" }""").StorageProvider);
    }

    [Fact]
    public void WithOverrides_StorageProviderTypeFromAppSettings_WinsOverHostJson()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:type"] = "azurestorage" })
            .Build();

        var settings = HostJson.WithOverrides(HostJson.Parse("""{ "version": "2.0" }"""), configuration);

        Assert.Equal(DurableStorageProvider.AzureStorage, settings.StorageProvider);
    }

    [Fact]
    public void WithOverrides_ALogLevelFromAppSettings_ChangesThatCategoryOnly_AndABadOneIsNamed()
    {
        var hostJson = HostJson.Parse("""{ "version": "2.0", "logging": { "logLevel": { "default": "Information", "EduFlows": "Warning", "Microsoft": "Warning" } } }""");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:logging:logLevel:EduFlows"] = "Information" })
            .Build();
        var wrong = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:logging:logLevel:EduFlows"] = "Loud" })
            .Build();

        var settings = HostJson.WithOverrides(hostJson, configuration);

        Assert.Equal(LogLevel.Information, settings.LogLevels["EduFlows"]);
        Assert.Equal(LogLevel.Warning, settings.LogLevels["Microsoft"]);
        Assert.Equal("logging.logLevel.EduFlows", Assert.Throws<HostJsonException>(() => HostJson.WithOverrides(hostJson, wrong)).Setting);
    }

    [Fact]
    public void Parse_QueueVisibilityTimeouts_AreReadAsDurableFunctionsSpellsThem_AndAppSettingsWin()
    {
        var settings = HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "controlQueueVisibilityTimeout": "00:00:10", "workItemQueueVisibilityTimeout": "00:00:12" } } } }""");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:01:00" })
            .Build();

        var overridden = HostJson.WithOverrides(settings, configuration);

        Assert.Equal(TimeSpan.FromSeconds(10), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), overridden.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), overridden.WorkItemQueueVisibilityTimeout);
        Assert.Null(HostJson.Parse("""{ "version": "2.0" }""").ControlQueueVisibilityTimeout);
    }

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubNmae": "X" } } }""", "extensions.durableTask.hubNmae")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "controlQueueVisibilityTimeout": "00:00:01" } } } }""", "extensions.durableTask.storageProvider.controlQueueVisibilityTimeout")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "workItemQueueVisibilityTimeout": 30 } } } }""", "extensions.durableTask.storageProvider.workItemQueueVisibilityTimeout")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "partitionCount": 64 } } } }""", "extensions.durableTask.storageProvider.partitionCount")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "my-hub" } } }""", "extensions.durableTask.hubName")]
    [InlineData("""{ "version": "2.0", "functionTimeout": "ten minutes" }""", "functionTimeout")]
    [InlineData("""{ "version": "1.0" }""", "version")]
    [InlineData("""{ "version": "2.0", "logging": { "logLevel": { "default": "Chatty" } } }""", "logging.logLevel.default")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": 7 } } }""", "extensions.http.routePrefix")]
    [InlineData("""{ "version": "2.0", "extensions": { "serviceBus": {} } }""", "extensions.serviceBus")]
    [InlineData("""{ "version": "2.0", """, "(file)")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "type": "mssql" } } } }""", "extensions.durableTask.storageProvider.type")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "type": "1" } } } }""", "extensions.durableTask.storageProvider.type")]
    public void Parse_UnknownOrMalformedSetting_NamesIt(string json, string setting)
    {
        var error = Assert.Throws<HostJsonException>(() => HostJson.Parse(json));

        Assert.Equal(setting, error.Setting);
        Assert.StartsWith($"host.json: '{setting}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Versioning_ReadsDefaultVersionAndStrategiesAsDurableFunctionsSpellsThem()
    {
        var settings = HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "defaultVersion": "2.0", "versionMatchStrategy": "Strict", "versionFailureStrategy": "Fail" } } }""");

        var versioning = settings.Versioning()!;
        Assert.Equal("2.0", versioning.DefaultVersion);
        Assert.Equal("2.0", versioning.Version);
        Assert.Equal(DurableTaskWorkerOptions.VersionMatchStrategy.Strict, versioning.MatchStrategy);
        Assert.Equal(DurableTaskWorkerOptions.VersionFailureStrategy.Fail, versioning.FailureStrategy);
    }

    [Fact]
    public void Parse_DefaultVersionAlone_MatchesCurrentOrOlderAndRejects_AndNoneSetMeansNoVersioning()
    {
        var versioning = HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "defaultVersion": "1.0" } } }""").Versioning()!;

        Assert.Equal(DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder, versioning.MatchStrategy);
        Assert.Equal(DurableTaskWorkerOptions.VersionFailureStrategy.Reject, versioning.FailureStrategy);
        Assert.Null(HostJson.Parse("""{ "version": "2.0" }""").Versioning());
    }

    [Theory]
    [InlineData("versionMatchStrategy", "\"Newest\"")]
    [InlineData("versionFailureStrategy", "\"1\"")]
    [InlineData("defaultVersion", "\" \"")]
    [InlineData("defaultVersion", "2")]
    public void Parse_BadVersioningSetting_IsNamed(string name, string value)
    {
        var error = Assert.Throws<HostJsonException>(() => HostJson.Parse($$"""{ "version": "2.0", "extensions": { "durableTask": { "{{name}}": {{value}} } } }"""));

        Assert.Equal($"extensions.durableTask.{name}", error.Setting);
    }

    [Fact]
    public void WithOverrides_DefaultVersionFromAppSettings_BumpsTheVersion()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:durableTask:defaultVersion"] = "3.0" })
            .Build();

        var settings = HostJson.WithOverrides(HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "defaultVersion": "2.0" } } }"""), configuration);

        Assert.Equal("3.0", settings.Versioning()!.DefaultVersion);
    }
}
