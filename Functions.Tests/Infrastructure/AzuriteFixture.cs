namespace EduFlows.Tests.Infrastructure;

/// <summary>One in-memory Azurite shared by the tests of the "Azurite" collection; each test uses its own task hub.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A task hub name no other test uses.</summary>
    public static string NewHubName() => "Hub" + Guid.NewGuid().ToString("N")[..16];
}
