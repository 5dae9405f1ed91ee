using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>The office's reserve-pool page (<c>/api/office/reserve-pool</c>) on Azurite with the dev clock (2031-10-02): the filter, the counts, and export links that the process's own export route answers.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeReservePoolPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 2, 2, 0, 0, TimeSpan.Zero));
        foreach (var (staffId, pool) in new[] { ("stf-31", "principal"), ("stf-32", "principal"), ("stf-33", "researcher") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reserve-pool/members") { Content = JsonContent.Create(new { staffId, pool, source = "selection", sourceReference = "open-selection-2031" }) };
            request.Headers.Add("x-functions-key", Key);
            Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(request)).StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task PoolPage_FiltersBySectionAndAge_InChinese_AndItsExportLinksAreAnsweredByTheProcessRoute()
    {
        var page = await _http.GetAsync($"/api/office/reserve-pool?section=primary&maxAge=50&code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>后备人才库</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"principal-count\">2</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"researcher-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"shown-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("data-member=\"principal.stf-31\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-member=\"researcher.stf-33\"", html, StringComparison.Ordinal); // 51 on the clock's day
        Assert.DoesNotContain("data-member=\"principal.stf-32\"", html, StringComparison.Ordinal); // junior
        Assert.Contains("<td data-label=\"状态\">培养中</td>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/reserve-pool/files/stf-31?code={Key}\">刘洋</a>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"primary\" selected", html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-review\"", html, StringComparison.Ordinal);

        // The filter form submits to this page with the key kept; the export links go to the process's export at its office route.
        Assert.Contains("<form class=\"search\" method=\"get\" action=\"/api/office/reserve-pool\" id=\"filters\">", html, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"code\" value=\"{Key}\" />", html, StringComparison.Ordinal);
        string xlsx = WebUtility.HtmlDecode(ExportLink().Match(html).Groups[1].Value);
        Assert.Equal($"/api/office/reserve-pool/members/export/xlsx?section=primary&maxAge=50&code={Key}", xlsx);
        var export = await _http.GetAsync(xlsx);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var (_, rows) = RosterFile.Read(await export.Content.ReadAsStreamAsync(), RosterFile.Format.Xlsx);
        Assert.Equal(["stf-31"], rows.Select(r => r.Cells["人员编号"]));
    }

    [Fact]
    public async Task PoolPage_WithABadFilter_IsA422NamingTheField_AndWithoutTheMasterKeyIsRefused()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/reserve-pool?minAge=abc&code={Key}"), HttpStatusCode.UnprocessableEntity, "minAge");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/reserve-pool?readiness=soon&code={Key}"), HttpStatusCode.UnprocessableEntity, "readiness");
        await AssertProblemAsync(await _http.GetAsync("/api/office/reserve-pool"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task OfficeHome_LinksThePoolPage()
    {
        string html = await _http.GetStringAsync($"/api/office?code={Key}");

        Assert.Contains($"href=\"/api/office/reserve-pool?code={Key}\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"export-xlsx\" href=\"([^\"]+)\"")]
    private static partial Regex ExportLink();
}
