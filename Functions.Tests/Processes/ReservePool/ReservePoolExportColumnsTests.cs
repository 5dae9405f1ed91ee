using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EduFlows.Hosting;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// Issue 20: the reserve pool export keeps each value under its own header since 考核结果 was added: an empty
/// 考核结果 before a filled 出库原因, a member without a file, and counts, age and hours as numbers (dev clock 2031-10-02).
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReservePoolExportColumnsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string[] Header = ["人员编号", "姓名", "类别", "学段", "学校", "年龄", "入库日期", "入库来源", "状态", "影子培训证书", "挂职次数", "培训学时", "考核结果", "出库原因"];

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
    public void ExportTable_EachHeaderHeadsItsOwnValue()
    {
        var today = new DateOnly(2031, 10, 2);
        var member = new PoolMember("stf-31", "principal", "刘洋", "sch-001", "primary", new DateOnly(1990, 5, 1), "selection", "open-selection-2031", new DateOnly(2031, 3, 1))
        {
            SourceName = "2031年校长后备人才考选",
            Exit = new PoolExit(PoolExitReason.Appointed, new DateOnly(2031, 9, 1), "已任用为副校长", "rule"),
        };
        var file = new PoolFile(
            "stf-31", "刘洋", [member],
            [new ReservePoolEntry("stf-31", PoolEntryKinds.Secondment, "sec-a", new DateOnly(2031, 3, 1), "挂职锻炼", null), new ReservePoolEntry("stf-31", PoolEntryKinds.Assessment, "2030", new DateOnly(2030, 12, 1), "年度考核：优秀", null)],
            36.5m, ["SX-2031-001", "SX-2031-002"], [new OwnResult("教研员半年考核结果", "2031年上半年", "总分 88.5，第 2 名", null)]);
        var bare = new PoolMember("stf-33", "researcher", "赵敏", null, "senior", null, "renewal", "2031", new DateOnly(2031, 4, 1));

        var (header, rows) = ReservePoolApi.ExportTable([(member, file), (bare, null)], today);

        Assert.Equal(Header, header);
        Assert.Equal(
            ["stf-31", "刘洋", "后备校长", "小学", "sch-001", 41, "2031-03-01", "选拔：2031年校长后备人才考选", "已任用出库", 2, 1, 36.5m, "年度考核：优秀；教研员半年考核结果：2031年上半年，总分 88.5，第 2 名", "已任用为副校长"],
            rows[0]);
        Assert.Equal(["stf-33", "赵敏", "后备教研员", "高中", null, null, "2031-04-01", "续聘轮次：2031", "培养中", null, null, null, null, null], rows[1]);
    }

    [Fact]
    public async Task Export_AnExitedMemberWithoutAssessments_KeepsTheExitReasonUnderItsHeader()
    {
        var entered = await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-31", pool = "principal", source = "selection", sourceReference = "open-selection-2031" });
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-31/entries", new { kind = "assessment", reference = "2030", date = "2030-12-01", text = "-年度考核：优秀" });
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-32", pool = "principal", source = "renewal", sourceReference = "renewal-2031-sch-002" });
        var members = _app.Services.GetRequiredService<ReservePoolStore>().Members;
        var chen = (await members.GetAsync(PoolMember.IdOf("principal", "stf-32"), CancellationToken.None))!.Record;
        await members.PutAsync(chen with { Exit = new PoolExit(PoolExitReason.AgedOut, new DateOnly(2031, 9, 1), "年满55周岁", "rule") }, CancellationToken.None);

        var xlsx = await SendAsync(HttpMethod.Get, "/api/reserve-pool/members/export/xlsx?includeExited=true");
        var csv = await SendAsync(HttpMethod.Get, "/api/reserve-pool/members/export/csv?includeExited=true");
        var sheet = DownloadedTable.Xlsx(await xlsx.Content.ReadAsByteArrayAsync());
        var text = DownloadedTable.Csv(await csv.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        Assert.Equal(Header, sheet.Header);
        Assert.Equal(Header, text.Header);
        Assert.All(sheet.Rows.Concat(text.Rows.Select(r => (IReadOnlyList<object?>)[.. r])), r => Assert.Equal(Header.Length, r.Count));
        var liu = DownloadedTable.ByHeader(sheet.Header, Assert.Single(sheet.Rows, r => Equals(r[0], "stf-31")));
        var chenRow = DownloadedTable.ByHeader(sheet.Header, Assert.Single(sheet.Rows, r => Equals(r[0], "stf-32")));
        Assert.Equal(("'-年度考核：优秀", null, "培养中"), (liu["考核结果"], liu["出库原因"], liu["状态"]));
        Assert.Equal((null, "年满55周岁", "超龄出库", 0.0, 0.0), (chenRow["考核结果"], chenRow["出库原因"], chenRow["状态"], chenRow["挂职次数"], chenRow["影子培训证书"]));
        Assert.IsType<double>(chenRow["年龄"]);
        Assert.Equal(chenRow["年龄"], Convert.ToDouble(DownloadedTable.ByHeader(text.Header, Assert.Single(text.Rows, r => r[0] == "stf-32"))["年龄"], CultureInfo.InvariantCulture));
        var chenCsv = DownloadedTable.ByHeader(text.Header, Assert.Single(text.Rows, r => r[0] == "stf-32"));
        Assert.Equal((string.Empty, "年满55周岁", "0"), (chenCsv["考核结果"], chenCsv["出库原因"], chenCsv["挂职次数"]));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
