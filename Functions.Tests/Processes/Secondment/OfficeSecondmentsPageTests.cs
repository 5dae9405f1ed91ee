using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>The office's exchange and secondment page (<c>/api/office/secondments</c>) on Azurite: an assignment started through the process's route shows with its stage and its next step, the consent tasks and who owes them.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeSecondmentsPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SecondmentsPage_ShowsAStartedAssignmentWithItsStageAndTheConsentsItWaitsFor_InChinese()
    {
        string empty = await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        var start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/secondments/2026-office") { Content = JsonContent.Create(SecondmentHarness.Assignment(start, 12)) };
        post.Headers.Add("x-functions-key", Key);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.SendAsync(post)).StatusCode);
        await WaitForConsentsAsync("2026-office");

        var page = await _http.GetAsync($"/api/office/secondments?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Contains("id=\"no-assignments\"", empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>双向交流与挂职锻炼</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"consent-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("data-assignment=\"2026-office\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/secondments/2026-office/report?code={Key}\">钱科员</a>", html, StringComparison.Ordinal);
        Assert.Contains("组织人事科 → 旗城学校", html, StringComparison.Ordinal);
        Assert.Contains("挂职锻炼", html, StringComparison.Ordinal);
        Assert.Contains("<strong>征求意见</strong>", html, StringComparison.Ordinal);
        string next = html[html.IndexOf("class=\"next\"", StringComparison.Ordinal)..];
        next = next[..next.IndexOf("</td>", StringComparison.Ordinal)];
        Assert.Contains("刘校长", next, StringComparison.Ordinal);
        Assert.Contains("周科长", next, StringComparison.Ordinal);
        Assert.Contains("钱科员", next, StringComparison.Ordinal);
        Assert.Contains("截止", next, StringComparison.Ordinal);

        // The report the row links to answers.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/secondments/2026-office/report?code={Key}")).StatusCode);
    }

    [Fact]
    public async Task SecondmentsPage_WithoutTheMasterKey_IsRefused()
    {
        await AssertProblemAsync(await _http.GetAsync("/api/office/secondments"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync("/api/office/secondments?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    private async Task WaitForConsentsAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(cts.Token)).Count(t => t.Id.StartsWith("secondment-consent-" + id, StringComparison.Ordinal)) < 3
            || await _app.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync(id, cts.Token) is null)
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
