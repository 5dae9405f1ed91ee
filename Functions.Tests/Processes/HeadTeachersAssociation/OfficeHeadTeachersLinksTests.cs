using System.Net;
using System.Net.Http.Headers;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>What the association's office page links opens in a browser: a Chinese page, not the route's JSON.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeHeadTeachersLinksTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await OfficeHeadTeachersPageTests.SeedAsync(_app.Services.GetRequiredService<AssociationStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Application_OpensInABrowserAsAChinesePage_JsonWhenAsked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/head-teachers/applications/stf-3-1?code={Key}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var page = await _http.SendAsync(request);
        string html = await page.Content.ReadAsStringAsync();
        var json = await _http.GetAsync($"/api/head-teachers/applications/stf-3-1?code={Key}&format=json");
        using var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/head-teachers/applications/stf-3-9?code={Key}&format=json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("入会申请 · 赵主任", html, StringComparison.Ordinal);
        Assert.Contains("担任班主任十二年，愿意参与学会活动。", html, StringComparison.Ordinal);
        Assert.Contains("待审核", html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html)));
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var problem = await _http.SendAsync(missing);
        string detail = (string)System.Text.Json.Nodes.JsonNode.Parse(await problem.Content.ReadAsStringAsync())!["detail"]!;
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("没有入会申请 stf-3-9。 No such application: stf-3-9.", detail);
    }
}
