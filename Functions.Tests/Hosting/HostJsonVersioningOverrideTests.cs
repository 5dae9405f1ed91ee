using EduFlows.Hosting;
using Microsoft.Extensions.Configuration;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace EduFlows.Tests.Hosting;

/// <summary>The versioning strategies overridden by app settings, as Azure Functions lets any host.json setting be.</summary>
public sealed class HostJsonVersioningOverrideTests
{
    [Fact]
    public void WithOverrides_StrategiesFromAppSettings_ReplaceHostJsons()
    {
        var configuration = Settings(("versionMatchStrategy", "Strict"), ("versionFailureStrategy", "Fail"));

        var versioning = HostJson.WithOverrides(HostJson.Parse("""{ "version": "2.0", "extensions": { "durableTask": { "defaultVersion": "2" } } }"""), configuration).Versioning()!;

        Assert.Equal(("2", VersionMatchStrategy.Strict, VersionFailureStrategy.Fail), (versioning.Version, versioning.MatchStrategy, versioning.FailureStrategy));
    }

    [Theory]
    [InlineData("versionMatchStrategy", "Newest")]
    [InlineData("versionFailureStrategy", "1")]
    public void WithOverrides_ABadStrategyInAppSettings_IsNamed(string name, string value)
    {
        var error = Assert.Throws<HostJsonException>(() => HostJson.WithOverrides(HostJson.Parse("""{ "version": "2.0" }"""), Settings((name, value))));

        Assert.Equal($"extensions.durableTask.{name}", error.Setting);
    }

    private static IConfiguration Settings(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"AzureFunctionsJobHost:extensions:durableTask:{s.Name}", s => (string?)s.Value))
            .Build();
}
