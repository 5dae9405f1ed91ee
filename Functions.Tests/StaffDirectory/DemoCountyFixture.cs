using System.Diagnostics;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// The demo county as the run command's first start loads it (directory, reserve pool, training year, head-teachers'
/// association), loaded once on an Azurite of its own into an app a real browser can reach (Kestrel), for every test of
/// the <see cref="DemoCountyLoadedTests"/> collection.
/// </summary>
/// <remarks>
/// One load for all of them: a load costs CI about a minute of its 2 cores. Tests that change the county change what a
/// later test reads, so each changes only what no other test of the collection counts.
/// </remarks>
#pragma warning disable CA1001 // xunit disposes the fixture through IAsyncLifetime.DisposeAsync.
public sealed class DemoCountyFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly AzuriteFixture _azurite = new();
    private TaskAppFactory? _factory;

    /// <summary>The county the loader wrote (the generator is deterministic).</summary>
    public static DemoCountyData County { get; } = DemoCounty.Generate();

    /// <summary>The demo county's 办公室 head, who answers the association's approvals (HeadTeachersAssociation:OfficeId).</summary>
    public static string OfficeHead { get; } = County.Departments.Single(d => d.Name == "办公室").HeadId!;

    /// <summary>The Azurite, for tests of the collection that start an app of their own.</summary>
    public AzuriteFixture Azurite => _azurite;

    /// <summary>The app with the county loaded.</summary>
    public TaskAppFactory App => _factory ?? throw new InvalidOperationException("The demo county has not been loaded.");

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>Where a browser reaches the app (http://localhost:{port}).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>What the first load reported.</summary>
    public DemoLoadReport FirstLoad { get; private set; } = default!;

    /// <summary>How long starting the app and loading the county took, for the test output.</summary>
    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        await _azurite.InitializeAsync();
        _factory = new TaskAppFactory(_azurite, AzuriteProcess.FreePort()) { Settings = [("HeadTeachersAssociation:OfficeId", OfficeHead)] };
        BaseUrl = _factory.BaseUrl;
        _factory.StartServer();
        FirstLoad = await Services.GetRequiredService<DemoCountyLoader>().EnsureLoadedAsync(CancellationToken.None);
        Elapsed = stopwatch.Elapsed;
    }

    /// <summary>An HTTP client to the app, as a caller outside it (no key given).</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
