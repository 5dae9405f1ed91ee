using System.Net;
using System.Net.Http.Json;
using EduFlows.Hosting;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;
using static EduFlows.Tests.Processes.StaffReallocation.ReallocationCounty;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The office's reallocation page (<c>/api/office/staff-reallocation</c>) on Azurite, a small reallocation run through
/// the whole app under the dev clock: 东关小学 (sch-101: principal 陈校长 and four teachers) and +西苑小学 (sch-102: principal
/// 郑校长 and one teacher); 赵主任 (stf-3) runs it. Every task is answered as the script says, the windows left open run
/// out when the clock moves on.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReallocationOfficePageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Id = "staff-reallocation-2029";
    private const string Page = "/api/office/staff-reallocation/" + Id;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        await _app.SeedStaffAsync();
        // Names a spreadsheet would take for formulas ("+西苑小学", "=1+1钱"): the exports must keep them text.
        await new ReallocationCounty(
            [new School("sch-101", "东关小学", "primary", "王府街道", false, "stf-921"), new School("sch-102", "+西苑小学", "primary", "云门山街道", false, "stf-922")],
            [
                Principal("stf-921", "sch-101", "mathematics", "陈校长"), Teacher("stf-901", "sch-101", "mathematics", "孙老师"), Teacher("stf-902", "sch-101", "mathematics", "=1+1钱"),
                Teacher("stf-903", "sch-101", "chinese", "周老师"), Teacher("stf-904", "sch-101", "chinese", "吴老师"),
                Principal("stf-922", "sch-102", "mathematics", "郑校长"), Teacher("stf-911", "sch-102", "mathematics", "王老师"),
            ]).SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Page_OfASmallRunUnderTheDevClock_ShowsRoundsSchoolsAppealsAndUnplaced_InChinese()
    {
        var pending = await RunAsync();
        var answer = await _http.GetAsync($"{Page}?code={Key}");
        string html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()).Replace("\n", string.Empty, StringComparison.Ordinal);
        string list = WebUtility.HtmlDecode(await _http.GetStringAsync($"/api/office/staff-reallocation?code={Key}"));
        string english = await _http.GetStringAsync($"{Page}?code={Key}&lang=en");

        // While the in-school appeal window ran, the appeal taken in was pending on the page.
        Assert.Contains("<td data-label=\"类别\">校内竞聘申诉</td><td data-label=\"理由\">希望留在本校任教</td><td data-label=\"状态\">待处理：申诉期结束后交教育局</td>", pending, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains($"<h1>县管校聘 {Id}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"stage\">已完成</strong>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"participants-count\">7</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"placed-count\">6</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"moved-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"unplaced-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("<li>", html[html.IndexOf("id=\"post-decisions\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("赵主任：核定通过</li>", html, StringComparison.Ordinal);

        // Rounds: taking part, placed, not placed, moved, cross-section.
        Assert.Equal(
            [
                "第一轮 直接聘用|已完成|7|2|5|0|0", "第二轮 支教交流|已完成|5|0|5|0|0", "第三轮 校内竞聘|已完成|5|3|2|0|0",
                "第四轮 跨校竞聘|已完成|2|1|1|1|0", "落聘处理（教育局）|已完成|1|0|1|0|0",
            ],
            Rows(Section(html, "rounds")).Select(r => string.Join('|', r)));

        // Schools: posts filled of seats, own staff, and each ranking by whom.
        var schools = Rows(Section(html, "schools"));
        Assert.Equal(["东关小学 sch-101", "3 / 3小学语文 1/1；小学数学 2/2", "5人，交流1人，落聘1人", "陈校长排序：=1+1钱、孙老师、吴老师、周老师", "—"], schools[0]);
        Assert.Equal(["+西苑小学 sch-102", "3 / 3小学数学 3/3", "2人，交流0人，落聘0人", "郑校长排序：王老师", "郑校长排序：孙老师"], schools[1]);

        // Appeals: both decided by 赵主任 with the note, in time order.
        var appeals = Rows(Section(html, "appeals"));
        Assert.Equal(2, appeals.Count);
        Assert.Equal(["孙老师 stf-901", "直接聘用申诉", "积分漏计支教年限", "已处理"], appeals[0][..4]);
        Assert.StartsWith("驳回申诉赵主任 ", appeals[0][4], StringComparison.Ordinal);
        Assert.EndsWith("处理意见：经核实积分无误", appeals[0][4], StringComparison.Ordinal);
        Assert.Equal(["周老师 stf-903", "校内竞聘申诉", "希望留在本校任教", "已处理"], appeals[1][..4]);

        // The one unplaced: the rule's reasons in Chinese and the bureau's decision.
        Assert.Equal(
            ["周老师 stf-903", "东关小学", "校内竞聘：本人岗位（东关小学 小学语文）1个岗位已由排名靠前的同事聘任或在前几轮聘满跨校竞聘：未提交志愿", "其他安排：待岗培训一学期"],
            Assert.Single(Rows(Section(html, "unplaced"))));
        Assert.Contains("id=\"no-open-tasks\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/staff-reallocation/{Id}/people/csv?code={Key}\"", html, StringComparison.Ordinal);

        Assert.Contains($"<tr data-reallocation=\"{Id}\">", list, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"阶段\" class=\"stage\">已完成</td>", list, StringComparison.Ordinal);
        Assert.Contains("Round 4: cross-school competition", english, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([(Page, html), ("/api/office/staff-reallocation", list), ("pending", pending)]);
    }

    [Fact]
    public async Task Downloads_CsvAndXlsx_HoldTheSameRows_WithFormulaCellsNeutralised()
    {
        await RunAsync();

        foreach (string table in new[] { "schools", "people" })
        {
            var xlsx = await _http.GetAsync($"{Page}/{table}/xlsx?code={Key}");
            var csv = await _http.GetAsync($"{Page}/{table}/csv?code={Key}");
            byte[] xlsxBytes = await xlsx.Content.ReadAsByteArrayAsync();
            var (xlsxHeader, xlsxRows) = RosterFile.Read(new MemoryStream(xlsxBytes), RosterFile.Format.Xlsx);
            // As written, before the reader takes the neutralising quote off.
            var rawXlsx = new MemoryStream(xlsxBytes).Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
                .Select(r => r.ToDictionary(c => c.Key, c => Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            string csvText = await csv.Content.ReadAsStringAsync();
            var (csvHeader, csvRows) = RosterFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csvText)), RosterFile.Format.Csv);

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (xlsx.StatusCode, csv.StatusCode));
            Assert.Equal(($"{Id}-{table}.xlsx", $"{Id}-{table}.csv"), (xlsx.Content.Headers.ContentDisposition!.FileName, csv.Content.Headers.ContentDisposition!.FileName));
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.Equal(xlsxHeader, csvHeader);
            Assert.Equal(xlsxRows.Select(r => string.Join('|', xlsxHeader.Select(h => r.Cells.GetValueOrDefault(h)))), csvRows.Select(r => string.Join('|', csvHeader.Select(h => r.Cells.GetValueOrDefault(h)))));
            if (table == "schools")
            {
                Assert.Equal(3, csvRows.Count);
                Assert.Contains("\r\nsch-102,'+西苑小学,小学,数学,3,3,0,开放,否,郑校长排序：王老师,郑校长排序：孙老师", csvText, StringComparison.Ordinal);
                Assert.Equal("'+西苑小学", rawXlsx[2]["学校"]);
            }
            else
            {
                Assert.Equal(7, csvRows.Count);
                Assert.Equal("'=1+1钱", rawXlsx.Single(r => r["人员编号"] == "stf-902")["姓名"]);
                Assert.Contains(",'=1+1钱,东关小学,小学,数学,", csvText, StringComparison.Ordinal);
                var moved = csvRows.Single(r => r.Cells["人员编号"] == "stf-901").Cells;
                Assert.Equal(("已聘", "+西苑小学 小学数学", "第四轮 跨校竞聘", "跨校竞聘：延迟接受算法，按学校排序", "是"), (moved["结果"], moved["聘任岗位"], moved["轮次"], moved["依据规则"], moved["交流"]));
                var unplaced = csvRows.Single(r => r.Cells["人员编号"] == "stf-903").Cells;
                Assert.Equal(("落聘", "其他安排：待岗培训一学期"), (unplaced["结果"], unplaced["教育局处理"]));
            }
        }
    }

    [Theory]
    [InlineData("/api/office/staff-reallocation")]
    [InlineData(Page)]
    [InlineData(Page + "/schools/xlsx")]
    [InlineData(Page + "/schools/csv")]
    [InlineData(Page + "/people/xlsx")]
    [InlineData(Page + "/people/csv")]
    public async Task Pages_WithoutTheMasterKey_AreRefused(string path)
    {
        await AssertProblemAsync(await _http.GetAsync(path), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync(path + "?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task UnknownReallocationOrFormat_IsNotFound_NamingTheField()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/staff-reallocation/staff-reallocation-2099?code={Key}"), HttpStatusCode.NotFound, "reallocationId");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/staff-reallocation/staff-reallocation-2099/people/csv?code={Key}"), HttpStatusCode.NotFound, "reallocationId");
        await AssertProblemAsync(await _http.GetAsync($"{Page}/schools/pdf?code={Key}"), HttpStatusCode.NotFound, "format");
    }

    // Runs the reallocation to its end; returns the page as it stood with the in-school appeal pending.
    private async Task<string> RunAsync()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var clock = _app.Services.GetRequiredService<DevClock>();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"/api/staff-reallocation/{Id}", new { ownerId = "stf-3", asOf = "2029-09-01" })).StatusCode);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var appealed = new HashSet<string>(StringComparer.Ordinal);
        string pending = string.Empty;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (true)
        {
            string stage = (await _app.Services.GetRequiredService<StaffReallocationStore>().Reallocations.GetAsync(Id, cts.Token))?.Record.Stage ?? string.Empty;
            if (stage == "finished" && (await client.GetInstanceAsync(Id, cancellation: cts.Token))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
            {
                return pending;
            }

            var open = (await tasks.AllOpenAsync(cts.Token)).Where(t => t.InstanceId.StartsWith(Id, StringComparison.Ordinal) && !answered.Contains(t.Id)).ToList();
            bool acted = false;
            foreach (var task in open.Where(t => Script(t) is not null))
            {
                var outcome = await desk.SubmitAsync(client, task.Id, task.AssigneeId, Script(task)!, cts.Token);
                Assert.True(outcome.Result == SubmitResult.Accepted, $"{task.Id}: {outcome.Result} {string.Join(", ", outcome.Errors.Select(e => e.Field + " " + e.Reason))}");
                answered.Add(task.Id);
                acted = true;
            }

            if (acted)
            {
                continue;
            }

            var status = (await client.GetInstanceAsync(Id, cancellation: cts.Token))?.ReadCustomStatusAs<ReallocationProgress>();
            if (stage == "appeal:DirectAppointment" && appealed.Add(stage))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"/api/staff-reallocation/{Id}/appeals", new { staffId = "stf-901", reason = "积分漏计支教年限" })).StatusCode);
                continue;
            }

            if (stage == "appeal:InSchoolCompetition" && appealed.Add(stage))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"/api/staff-reallocation/{Id}/appeals", new { staffId = "stf-903", reason = "希望留在本校任教" })).StatusCode);
                while (!pending.Contains("待处理：", StringComparison.Ordinal))
                {
                    await Task.Delay(100, cts.Token);
                    pending = WebUtility.HtmlDecode(await _http.GetStringAsync($"{Page}?code={Key}", cts.Token)).Replace("\n", string.Empty, StringComparison.Ordinal);
                }

                continue;
            }

            // Waiting for time: an appeal window, or tasks the script leaves unanswered. The clock moves on past them,
            // then the test waits for the instance to take that in before it looks again.
            if (status is { Waiting: "appeals" } && stage.StartsWith("appeal:", StringComparison.Ordinal))
            {
                clock.AdvanceBy(TimeSpan.FromDays(3.5));
                while ((await client.GetInstanceAsync(Id, cancellation: cts.Token))?.ReadCustomStatusAs<ReallocationProgress>() is { Waiting: "appeals" } still && still.Stage == status.Stage)
                {
                    await Task.Delay(50, cts.Token);
                }
            }
            else if (open.Count > 0)
            {
                clock.AdvanceBy(TimeSpan.FromDays(5.5));
                var waited = open.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
                while ((await tasks.AllOpenAsync(cts.Token)).Any(t => waited.Contains(t.Id)))
                {
                    await Task.Delay(50, cts.Token);
                }
            }
            else
            {
                await Task.Delay(100, cts.Token);
            }
        }
    }

    // Posts as published; the principals confirmed; nobody volunteers; sch-101 ranks its own against points; only 孙老师
    // (stf-901) lists a post elsewhere, which sch-102 ranks; the bureau rejects each appeal and gives the unplaced case training.
    private static Dictionary<string, string?>? Script(StaffTask task) => task.Kind switch
    {
        "reallocation-posts" when task.AssigneeId == "stf-921" => new() { ["primary-mathematics"] = "2", ["primary-chinese"] = "1" },
        "reallocation-posts" => new() { ["primary-mathematics"] = "3" },
        "reallocation-posts-approval" => new() { ["decision"] = "approve" },
        "reallocation-direct-confirm" => new() { ["decision"] = "confirm" },
        "reallocation-support-volunteer" => new() { ["decision"] = "decline" },
        "reallocation-school-ranking" when task.Id.Contains("-in-school-ranking-sch-101", StringComparison.Ordinal) => new() { ["ranking"] = "stf-902\nstf-901\nstf-904\nstf-903" },
        "reallocation-school-ranking" when task.Id.Contains("-in-school-ranking-sch-102", StringComparison.Ordinal) => new() { ["ranking"] = "stf-911" },
        "reallocation-school-ranking" => new() { ["ranking"] = "stf-901" },
        "reallocation-ranked-list" when task.AssigneeId == "stf-901" => new() { ["choices"] = "sch-102:primary:mathematics" },
        "reallocation-appeal-review" => new() { ["decision"] = "reject", ["note"] = "经核实积分无误" },
        "reallocation-unplaced" => new() { ["decision"] = "other", ["note"] = "待岗培训一学期" },
        _ => null,
    };

    // The text of each cell of each body row of a section's table, tags removed.
    private static List<string[]> Rows(string section) =>
        [.. System.Text.RegularExpressions.Regex.Matches(section[section.IndexOf("<tbody>", StringComparison.Ordinal)..], "<tr[^>]*>(.*?)</tr>")
            .Select(row => System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>")
                .Select(cell => System.Text.RegularExpressions.Regex.Replace(cell.Groups[1].Value, "<[^>]*>", string.Empty).Trim()).ToArray())];

    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", Key);
        return await _http.SendAsync(request);
    }
}
