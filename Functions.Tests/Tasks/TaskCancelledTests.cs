using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary>A cancelled task's link: GET answers 410 as POST does (issue 16), as a Chinese page or as problem+json.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TaskCancelledTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CancelledTask_GetIs410_PageInChinese_AndProblemJson_LikePost()
    {
        var (link, instanceId) = await _app.StartNoticeAsync("stf-1", "关于秋季运动会的通知");
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await client.TerminateInstanceAsync(instanceId, "notice withdrawn");
        await client.WaitForInstanceCompletionAsync(instanceId);

        var page = await _http.GetAsync(link);
        string html = await page.Content.ReadAsStringAsync();
        using var asJson = new HttpRequestMessage(HttpMethod.Get, link);
        asJson.Headers.Accept.ParseAdd("application/json");
        var json = await _http.SendAsync(asJson);
        var post = await _http.PostAsJsonAsync(link, new { acknowledged = true });

        string taskId = link.Split('/', '?')[^2];
        Assert.Equal(StaffTaskStatus.Cancelled, (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(taskId, CancellationToken.None))!.Record.Status);
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Contains("该任务已撤销", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
        var problem = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("taskId", (string)problem["field"]!);
        Assert.Equal("cancelled", ((string)problem["taskStatus"]!).ToLowerInvariant());
        Assert.Contains("withdrawn", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTask_GetIsStill200()
    {
        var (link, _) = await _app.StartNoticeAsync("stf-1", "通知");

        var page = await _http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
