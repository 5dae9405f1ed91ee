using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary><c>/api/reserve-pool</c> through the whole app on Azurite with the dev clock (2031-10-02): entry, the query, the Excel export and appended entries.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReservePoolApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 2, 2, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pool_QueriedBySectionAgeAndReadiness_ExportsToExcel_AndFilesTakeOtherProcessesEntries()
    {
        var liu = await Enter("stf-31", "principal", "selection", "open-selection-2031");
        var chen = await Enter("stf-32", "principal", "renewal", "renewal-2031-sch-002");
        var zhao = await Enter("stf-33", "researcher", "selection", "researcher-selection-2031");
        var liuAgain = await Enter("stf-31", "principal", "selection", "open-selection-2031");
        var unknown = await Enter("stf-99", "principal", "selection", "open-selection-2031");
        var secondment = new { kind = "secondment", reference = "secondment-2031-stf-32", date = "2031-10-02", text = "挂职锻炼：弥河初级中学 → 教育局基础教育科，一年。" };
        var appended = await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-32/entries", secondment);
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-32/entries", secondment);
        var badKind = await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-32/entries", new { kind = "gossip", reference = "x", date = "2031-09-01", text = "x" });

        var primary = await Ids("/api/reserve-pool/members?section=primary");
        var youngPrincipals = await Ids("/api/reserve-pool/members?pool=principal&maxAge=45");
        var over45 = await Ids("/api/reserve-pool/members?minAge=46");
        var ready = await Ids("/api/reserve-pool/members?readiness=ready");
        var badAge = await SendAsync(HttpMethod.Get, "/api/reserve-pool/members?minAge=abc");
        var export = await SendAsync(HttpMethod.Get, "/api/reserve-pool/members/export/xlsx?section=primary");
        var file = (await (await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-32")).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK], new[] { liu, chen, zhao, liuAgain }.Select(r => r.StatusCode));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("staffId", await FieldAsync(unknown));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badKind.StatusCode);
        Assert.Equal("kind", await FieldAsync(badKind));

        Assert.Equal(["stf-31", "stf-33"], primary);
        Assert.Equal(["stf-31"], youngPrincipals);
        Assert.Equal(["stf-32", "stf-33"], over45);
        Assert.Empty(ready);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badAge.StatusCode);
        Assert.Equal("minAge", await FieldAsync(badAge));

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        var (header, rows) = RosterFile.Read(await export.Content.ReadAsStreamAsync(), RosterFile.Format.Xlsx);
        Assert.Equal(["人员编号", "姓名", "类别", "学段", "学校", "年龄", "入库日期", "入库来源", "状态", "影子培训证书", "挂职次数", "培训学时", "考核结果", "出库原因"], header);
        Assert.Equal(
            [("stf-31", "刘洋", "后备校长", "41", "培养中"), ("stf-33", "赵敏", "后备教研员", "51", "培养中")],
            rows.Select(r => (r.Cells["人员编号"], r.Cells["姓名"], r.Cells["类别"], r.Cells["年龄"], r.Cells["状态"])));

        var entries = file["entries"]!.AsArray();
        Assert.Equal(["entry", "secondment"], entries.Select(e => (string)e!["kind"]!));
        Assert.Equal("经续聘轮次（renewal-2031-sch-002）进入后备校长人才库。", (string)entries[0]!["text"]!);
    }

    private Task<HttpResponseMessage> Enter(string staffId, string pool, string source, string reference) =>
        SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId, pool, source, sourceReference = reference });

    private async Task<List<string>> Ids(string path)
    {
        var answer = (await (await SendAsync(HttpMethod.Get, path)).Content.ReadFromJsonAsync<JsonObject>())!;
        return [.. answer["members"]!.AsArray().Select(m => (string)m!["member"]!["staffId"]!)];
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["field"];

    [Fact]
    public async Task PoolPage_OpenedWithTheKeyInTheAddress_KeepsItOnTheFileAndExportLinks()
    {
        await Enter("stf-31", "principal", "selection", "open-selection-2031");
        var pageUri = new Uri(_http.BaseAddress!, $"/api/reserve-pool/members?section=primary&code={TaskAppFactory.MasterKey}");
        using var open = new HttpRequestMessage(HttpMethod.Get, pageUri);
        open.Headers.Add("Accept", "text/html");
        string html = await (await _http.SendAsync(open)).Content.ReadAsStringAsync();
        var hrefs = System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]+)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        // Followed as a browser does (relative to the page, no key header), each link opens.
        Assert.Equal(2, hrefs.Count);
        Assert.Contains(hrefs, h => h.StartsWith("files/stf-31?", StringComparison.Ordinal));
        foreach (string href in hrefs)
        {
            using var follow = new HttpRequestMessage(HttpMethod.Get, new Uri(pageUri, href));
            follow.Headers.Add("Accept", "text/html");
            var answer = await _http.SendAsync(follow);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{href}: {answer.StatusCode}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
