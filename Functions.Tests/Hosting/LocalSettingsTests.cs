using EduFlows.Hosting;
using Microsoft.Extensions.Configuration;

namespace EduFlows.Tests.Hosting;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eduflows-settings-").FullName;

    [Fact]
    public void AddLocalSettings_Values_BecomeSettingsThatOtherSourcesOverride()
    {
        File.WriteAllText(Path.Combine(_folder, "local.settings.json"),
            """{ "IsEncrypted": false, "Values": { "AzureWebJobsStorage": "UseDevelopmentStorage=true", "WEBSITE_TIME_ZONE": "Asia/Shanghai" } }""");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_TIME_ZONE"] = "UTC" })
            .AddLocalSettings(_folder)
            .Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("UTC", configuration["WEBSITE_TIME_ZONE"]);
    }

    [Fact]
    public void AddLocalSettings_MalformedFile_NamesTheFile()
    {
        string path = Path.Combine(_folder, "local.settings.json");
        File.WriteAllText(path, "{ \"Values\": ");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_folder));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLocalSettings_NoFile_AddsNothing()
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings(_folder).Build();

        Assert.Null(configuration["AzureWebJobsStorage"]);
    }

    [Fact]
    public void AppRoot_FindsTheFolderWithHostJson()
    {
        File.WriteAllText(Path.Combine(_folder, "host.json"), "{\"version\":\"2.0\"}");
        string nested = Directory.CreateDirectory(Path.Combine(_folder, "Functions", "bin")).FullName;

        Assert.Equal(_folder, AppRoot.Locate(nested));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
