using EduFlows.Hosting;
using EduFlows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Tests.Hosting;

/// <summary>The health function as Azure's host would call it: no host status, storage down or absent.</summary>
public sealed class HealthApiTests
{
    [Fact]
    public async Task StorageThatDoesNotAnswer_Is503Unhealthy_NamingTheEndpoint()
    {
        // Nothing listens on port 1: the probe fails fast instead of hanging the probe that asked.
        var down = StorageAccount.FromConnectionString(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1");

        var result = await new HealthApi(TimeProvider.System, down).CheckAsync(new DefaultHttpContext().Request, CancellationToken.None);

        var json = Assert.IsType<JsonHttpResult<HealthReport>>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, json.StatusCode);
        Assert.Equal("unhealthy", json.Value!.Status);
        Assert.False(json.Value.StorageReachable);
        Assert.Contains("127.0.0.1:1", json.Value.Problem, StringComparison.Ordinal);
        Assert.Empty(json.Value.PartitionsOwned);
    }

    [Fact]
    public async Task WithoutStorage_TheAppIsHealthy_InMemory()
    {
        var result = await new HealthApi(TimeProvider.System).CheckAsync(new DefaultHttpContext().Request, CancellationToken.None);

        var ok = Assert.IsType<Ok<HealthReport>>(result);
        Assert.Equal("healthy", ok.Value!.Status);
        Assert.Equal("memory", ok.Value.Backend);
        Assert.Empty(ok.Value.Timers);
    }
}
