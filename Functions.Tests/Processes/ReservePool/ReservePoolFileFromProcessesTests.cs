using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// A member's file through the whole app (Azurite, dev clock 2031-10-02) shows what the other processes keep: the
/// secondments the secondment process records and the assessment results published, read from their own tables.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReservePoolFileFromProcessesTests(AzuriteFixture azurite) : IAsyncLifetime
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
    public async Task File_ShowsRecordedSecondmentsAndPublishedResults_AndTheExportCountsThem()
    {
        var entered = await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-31", pool = "principal", source = "selection", sourceReference = "open-selection-2031", sourceName = "2031年校长后备人才考选" });
        // Typed in by hand: an older secondment, and the same one the process records (the process's record stands).
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-31/entries", new { kind = "secondment", reference = "bureau-2030", date = "2030-03-01", text = "挂职锻炼：教育局基础教育科，半年。" });
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/files/stf-31/entries", new { kind = "secondment", reference = "sec-a", date = "2031-03-01", text = "手工登记" });
        var secondments = _app.Services.GetRequiredService<SecondmentStore>().Assignments;
        await secondments.PutAsync(Assignment("sec-a", SecondmentKinds.Secondment, SecondmentStages.Returned), CancellationToken.None);
        await secondments.PutAsync(Assignment("sec-b", SecondmentKinds.Secondment, SecondmentStages.Declined), CancellationToken.None);
        await secondments.PutAsync(Assignment("sec-c", SecondmentKinds.Exchange, SecondmentStages.Returned), CancellationToken.None);
        var period = new ReviewPeriod(2031, 1);
        await _app.Services.GetRequiredService<ResearcherReviewStore>().Results.PutAsync(
            new ResearcherResultRecord(period.InstanceId("primary"), "primary", period, new ResearcherResult("stf-31", "刘洋", 2, 88.5m, 86m, 2.5m, [], [], [], [])), CancellationToken.None);

        var file = (await (await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        var export = await SendAsync(HttpMethod.Get, "/api/reserve-pool/members/export/xlsx");

        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        var seconded = file["entries"]!.AsArray().Where(e => (string)e!["kind"]! == "secondment").Select(e => ((string)e!["reference"]!, (string)e["text"]!));
        Assert.Equal(
            [("bureau-2030", "挂职锻炼：教育局基础教育科，半年。"), ("sec-a", "挂职锻炼：东关小学→旗城学校，挂职副校长，2031-03-01起6个月（期满返回）。")],
            seconded);
        var assessments = file["assessments"]!.AsArray().Select(a => $"{(string)a!["kind"]!}：{(string)a["title"]!}，{(string)a["summary"]!}").ToList();
        Assert.Contains("教研员半年考核结果：2031年上半年小学教研员考核，总分 88.5，第 2 名", assessments);
        var (_, rows) = RosterFile.Read(await export.Content.ReadAsStreamAsync(), RosterFile.Format.Xlsx);
        var row = Assert.Single(rows, r => r.Cells["人员编号"] == "stf-31").Cells;
        Assert.Equal(("选拔：2031年校长后备人才考选", "2"), (row["入库来源"], row["挂职次数"]));
        Assert.Contains("教研员半年考核结果：2031年上半年小学教研员考核，总分 88.5，第 2 名", row["考核结果"], StringComparison.Ordinal);
    }

    private static SecondmentRecord Assignment(string id, string kind, string stage) => new(
        new SecondmentPlan(
            id, kind, "stf-31", "刘洋", "mid-level-leader",
            new SecondmentUnit("sch-001", "东关小学", true, "stf-2", "李校长"), new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长"),
            "挂职副校长", "vice-principal", new DateOnly(2031, 3, 1), 6, "stf-10", "刘校长", "stf-3", "Asia/Shanghai"),
        new SecondmentState { Stage = stage, TotalMonths = 6 },
        new DateTimeOffset(2031, 9, 1, 0, 0, 0, TimeSpan.Zero));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
