using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The points sheet (<c>/api/staff-reallocation/{id}/points-sheet</c>) through the whole app on Azurite: teachers
/// stf-a1 and stf-a2 of 东关小学 (sch-a); the sheet is imported before the reallocation starts.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class PointsSheetApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Id = "staff-reallocation-2027";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        // The teachers alone: the sheet names staff, not schools.
        await new ReallocationCounty([], [ReallocationCounty.Teacher("stf-a1", "sch-a", "math"), ReallocationCounty.Teacher("stf-a2", "sch-a", "math")]).SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Import_BadRows_Is422NamingEachRowAndColumn_AndNothingIsStored()
    {
        var good = await ImportAsync(Sheet(("stf-a1", "优秀、合格", "2", "1", "0"), ("stf-a2", "合格", "0", "0", "1")));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        string before = await (await GetAsync(Route())).Content.ReadAsStringAsync();

        var bad = await ImportAsync(Sheet(
            ("stf-a1", "合格、合格", "3", "1", "0"),
            ("stf-404", "优秀", "0", "0", "0"),
            ("stf-a2", "良好", "0", "0", "0"),
            ("stf-a2", "合格", "-1", "0", "0"),
            ("stf-1", "合格", "0", "300", "0")), "核对后重新导入");
        var noColumn = await ImportAsync(Sheet(["工号", "姓名", "近两年考核", "支教年限", "家庭情况"], [["stf-a1", "a1", "优秀", "1", "0"]]));
        var notExcel = await SendAsync(HttpMethod.Post, Route(), new ByteArrayContent("工号,姓名\nstf-a1,a1"u8.ToArray()));
        string after = await (await GetAsync(Route())).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Equal("file", (string)problem["field"]!);
        Assert.Equal(
            ["3 工号", "4 近两年考核", "5 工号", "5 支教年限", "6 艰苦边远年限"],
            problem["errors"]!.AsArray().Select(e => $"{(int)e!["row"]!} {(string)e["column"]!}").Order(StringComparer.Ordinal));
        Assert.Contains("第4行“近两年考核”：“良好”不是考核结果", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noColumn.StatusCode);
        Assert.Contains("缺少“艰苦边远年限”列", (string)JsonNode.Parse(await noColumn.Content.ReadAsStringAsync())!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notExcel.StatusCode);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Corrections_ByPatchOrASecondImport_KeepThePreviousValuesWithWhoWhenAndWhy_AndTheExportImportsBack()
    {
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(Sheet(["staffId", "name", "assessments", "supportTeachingYears", "hardshipYears", "familyCases"], [["stf-a1", "a1", "excellent, competent", "2", "1", "0"], ["stf-a2", "a2", "合格", "0", "0", "1"]]))).StatusCode);

        var noReason = await SendAsync(HttpMethod.Patch, Route("/stf-a1"), JsonContent.Create(new { assessments = new[] { "优秀", "优秀" }, supportTeachingYears = 2, hardshipYears = 1, familyCases = 0 }));
        var badWord = await SendAsync(HttpMethod.Patch, Route("/stf-a1"), JsonContent.Create(new { assessments = new[] { "优秀", "很好" }, reason = "x" }));
        var unknown = await SendAsync(HttpMethod.Patch, Route("/stf-404"), JsonContent.Create(new { reason = "x" }));
        var patched = await SendAsync(HttpMethod.Patch, Route("/stf-a1"), JsonContent.Create(new { assessments = new[] { "优秀", "优秀" }, supportTeachingYears = 2, hardshipYears = 1, familyCases = 0, reason = "2025年度考核结果录入有误，已核对人事档案", by = "stf-3" }));
        var reimportNoReason = await ImportAsync(Sheet(("stf-a2", "合格、基本合格", "0", "0", "1")));
        var reimport = await ImportAsync(Sheet(("stf-a2", "合格、基本合格", "0", "0", "1")), "补录2024年度考核结果");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason"), (noReason.StatusCode, await FieldAsync(noReason)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "assessments[1]"), (badWord.StatusCode, await FieldAsync(badWord)));
        Assert.Equal((HttpStatusCode.NotFound, "staffId"), (unknown.StatusCode, await FieldAsync(unknown)));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason"), (reimportNoReason.StatusCode, await FieldAsync(reimportNoReason)));
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);

        var sheet = (await (await GetAsync(Route())).Content.ReadFromJsonAsync<JsonArray>())!;
        var a1 = sheet.Single(e => (string)e!["staffId"]! == "stf-a1")!;
        Assert.Equal(["excellent", "excellent"], a1["values"]!["assessments"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(("stf-3", "2025年度考核结果录入有误，已核对人事档案"), ((string)a1["by"]!, (string)a1["why"]!));
        var earlier = Assert.Single(a1["history"]!.AsArray())!;
        Assert.Equal(["excellent", "competent"], earlier["values"]!["assessments"]!.AsArray().Select(v => (string)v!));
        Assert.Equal((PointsSheetApi.ByAdministrator, "导入"), ((string)earlier["by"]!, (string)earlier["why"]!));
        var a2 = sheet.Single(e => (string)e!["staffId"]! == "stf-a2")!;
        Assert.Equal(["competent", "basically-competent"], a2["values"]!["assessments"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("补录2024年度考核结果", (string)a2["why"]!);
        Assert.Equal(["competent"], Assert.Single(a2["history"]!.AsArray())!["values"]!["assessments"]!.AsArray().Select(v => (string)v!));

        var export = await GetAsync(Route("?format=xlsx"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using (var file = new MemoryStream(bytes))
        {
            var rows = file.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["工号", "姓名", "近两年考核", "支教年限", "艰苦边远年限", "家庭情况"], rows[0].Keys);
            Assert.Equal("优秀、优秀", rows[0]["近两年考核"]?.ToString());
        }

        var again = await ImportAsync(new ByteArrayContent(bytes));
        Assert.Equal(2, (int)(await again.Content.ReadFromJsonAsync<JsonObject>())!["unchanged"]!);
    }

    private static string Route(string rest = "") => $"/api/staff-reallocation/{Id}/points-sheet{rest}";

    private static ByteArrayContent Sheet(params (string StaffId, string Results, string Support, string Hardship, string Family)[] rows) =>
        Sheet(["工号", "姓名", "近两年考核", "支教年限", "艰苦边远年限", "家庭情况"], [.. rows.Select(r => new[] { r.StaffId, r.StaffId, r.Results, r.Support, r.Hardship, r.Family })]);

    private static ByteArrayContent Sheet(string[] header, string[][] rows)
    {
        using var file = new MemoryStream();
        file.SaveAs(rows.Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => (object?)x.Item2)).ToList());
        var content = new ByteArrayContent(file.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    private Task<HttpResponseMessage> ImportAsync(HttpContent content, string? reason = null) =>
        SendAsync(HttpMethod.Post, Route(reason is null ? string.Empty : "?reason=" + Uri.EscapeDataString(reason)), content);

    private Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"];
}
