using System.Net;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's downloads of the shadow-training board, the deputy renewal round report, the secondment list and the
/// head-teachers' association results, over HTTP on Azurite: each read back (the .xlsx with MiniExcel, the CSV parsed),
/// headers in Chinese, numbers as number cells, text a spreadsheet would run neutralised, linked from its page, refused
/// without the master key.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeDownloadsApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShadowBoard_Downloads_AreTheBoardInWords_WithTheMissingCountAsANumber()
    {
        var monday = await _app.SeedBatchAsync();
        var themes = _app.Services.GetRequiredService<ShadowTrainingOptions>().Themes;
        string Day(int i) => $"{monday.AddDays(i).Month}月{monday.AddDays(i).Day}日（{themes[i].Zh}）";

        var (xlsx, csv) = await BothAsync($"office/shadow-training/{ProcessPagesSeed.BatchId}/board", $"shadow-training-{ProcessPagesSeed.BatchId}");

        Assert.Equal(
            ["基地", "导师", "学员编号", "学员", "学校", .. Enumerable.Range(0, themes.Count).SelectMany(i => new[] { Day(i) + "考勤", Day(i) + "日志" }), "导师评价", "学员总结", "缺项数"],
            xlsx.Header);
        Assert.Equal(xlsx.Header, csv.Header);
        var wang = Row(xlsx, "学员编号", "stf-1");
        Assert.Equal(("实验小学跟岗基地", "陈校长", "王芳", "实验小学"), (wang["基地"], wang["导师"], wang["学员"], wang["学校"]));
        Assert.Equal(["出勤", "缺勤", "逾期未登记", "未开始"], Enumerable.Range(0, 4).Select(i => wang[Day(i) + "考勤"]));
        Assert.Equal(["已交", "未交", "未开始"], Enumerable.Range(0, 3).Select(i => wang[Day(i) + "日志"]));
        Assert.Equal(("未开始", "未开始", 3.0), (wang["导师评价"], wang["学员总结"], wang["缺项数"]));
        Assert.Equal(0.0, Row(xlsx, "学员编号", "stf-r1")["缺项数"]);
        var wangCsv = Row(csv, "学员编号", "stf-1");
        Assert.Equal(("缺勤", "3"), (wangCsv[Day(1) + "考勤"], wangCsv["缺项数"]));

        string page = await _http.GetStringAsync($"/api/office/shadow-training/{ProcessPagesSeed.BatchId}?code={Key}");
        Assert.Contains($"href=\"/api/office/shadow-training/{ProcessPagesSeed.BatchId}/board/xlsx?code={Key}\">下载 Excel</a>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/shadow-training/{ProcessPagesSeed.BatchId}/board/csv?code={Key}\">下载 CSV</a>", page, StringComparison.Ordinal);
        await AssertProblemAsync(await _http.GetAsync($"/api/office/shadow-training/no-such-batch/board/xlsx?code={Key}"), HttpStatusCode.NotFound, "batchId");
    }

    [Fact]
    public async Task RenewalReport_Downloads_HoldAPersonARow_WithObjectionsCountedAndTextNeutralised()
    {
        var store = _app.Services.GetRequiredService<DeputyRenewalStore>();
        await store.Rounds.PutAsync(
            new RenewalRecord("2031", "sch-001", "东关小学", "stf-2", "stf-3")
            {
                Stage = "notice",
                NoticeFrom = new DateOnly(2031, 9, 29),
                NoticeUntil = new DateOnly(2031, 10, 10),
                Candidates =
                [
                    new RenewalCandidate("stf-31", "刘洋", "mid-level-leader") { Proposal = RenewalChoices.Promote, Reason = "教学管理成绩突出", Review = "approve" },
                    new RenewalCandidate("stf-32", "陈晨", "vice-principal") { Proposal = RenewalChoices.Renew, Review = "approve", ReviewNote = "-同意续聘", Result = RenewalChoices.Renewed, Why = "学校建议续聘，教育局同意" },
                ],
            },
            CancellationToken.None);
        await store.Objections.PutAsync(new RenewalObjectionFinding("2031", "sch-001", 1, "stf-31") { Objector = "王老师 13800000000", Reason = "听说其曾有违规补课。" }, CancellationToken.None);
        await store.Rounds.PutAsync(new RenewalRecord("2031", "sch-002", "弥河初级中学", "stf-5", "stf-3"), CancellationToken.None);

        var (xlsx, csv) = await BothAsync("office/deputy-renewals/2031/report", "deputy-renewal-2031");

        string[] header = ["学校", "人员编号", "姓名", "原职务", "学校建议", "建议理由", "教育局审核", "审核意见", "公示期", "异议条数", "异议", "结果", "依据"];
        Assert.Equal(header, xlsx.Header);
        Assert.Equal(header, csv.Header);
        Assert.Equal(2, xlsx.Rows.Count);
        var liu = Row(xlsx, "人员编号", "stf-31");
        Assert.Equal(["东关小学", "刘洋", "中层干部", "提拔为副校长", "教学管理成绩突出", "同意", null, "2031-09-29 至 2031-10-10", 1.0, "王老师 13800000000：听说其曾有违规补课。 → 核查中", null, "进行中"],
            header.Where(h => h != "人员编号").Select(h => liu[h]));
        var chen = Row(xlsx, "人员编号", "stf-32");
        Assert.Equal(("副校长", "续聘", "'-同意续聘", null, 0.0, "续聘", "学校建议续聘，教育局同意"), (chen["原职务"], chen["学校建议"], chen["审核意见"], chen["公示期"], chen["异议条数"], chen["结果"], chen["依据"]));
        Assert.Equal(("1", "'-同意续聘"), (Row(csv, "人员编号", "stf-31")["异议条数"], Row(csv, "人员编号", "stf-32")["审核意见"]));

        string page = await _http.GetStringAsync($"/api/office/deputy-renewals/2031?code={Key}");
        Assert.Contains($"href=\"/api/office/deputy-renewals/2031/report/xlsx?code={Key}\">下载 Excel</a>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/deputy-renewals/2031/report/csv?code={Key}\">下载 CSV</a>", page, StringComparison.Ordinal);
        await AssertProblemAsync(await _http.GetAsync($"/api/office/deputy-renewals/31/report/csv?code={Key}"), HttpStatusCode.UnprocessableEntity, "roundId");
    }

    [Fact]
    public async Task SecondmentList_Downloads_HoldAnAssignmentARow_WithItsTermAndCheckInsAsNumbers()
    {
        var assignments = _app.Services.GetRequiredService<SecondmentStore>().Assignments;
        await assignments.PutAsync(
            Assignment("sec-a", SecondmentKinds.Secondment, "+副校长（挂职）", new DateOnly(2031, 3, 1)) with
            {
                State = new SecondmentState { Stage = SecondmentStages.Returned, Month = 8, TotalMonths = 8, Extensions = 1, CheckInsDone = 7, CheckInsMissed = [3], MidTermGrade = "good", FinalGrade = "excellent", Decisions = ["延期2个月（教育局 张科长）", "期满返回"] },
            },
            CancellationToken.None);
        await assignments.PutAsync(
            Assignment("sec-b", SecondmentKinds.Exchange, "交流教师", new DateOnly(2030, 9, 1)) with { State = new SecondmentState { Stage = SecondmentStages.Declined, TotalMonths = 12 } },
            CancellationToken.None);

        var (xlsx, csv) = await BothAsync("office/secondments/table", "secondments");

        string[] header =
        [
            "编号", "类别", "人员编号", "姓名", "派出单位", "原岗位", "接收单位", "挂职岗位", "指导人", "到岗日期", "期限（月）", "延期次数",
            "阶段", "当前月份", "已交月报", "缺交月报", "中期评价", "期满评价", "去留决定", "中止情况", "待办",
        ];
        Assert.Equal(header, xlsx.Header);
        Assert.Equal(header, csv.Header);
        Assert.Equal(["sec-b", "sec-a"], xlsx.Rows.Select(r => r[0]));
        var a = Row(xlsx, "编号", "sec-a");
        Assert.Equal(("挂职锻炼", "刘洋", "东关小学", "旗城学校", "'+副校长（挂职）", "2031-03-01"), (a["类别"], a["姓名"], a["派出单位"], a["接收单位"], a["挂职岗位"], a["到岗日期"]));
        Assert.Equal((8.0, 1.0, "期满返回", null, 7.0, 1.0), (a["期限（月）"], a["延期次数"], a["阶段"], a["当前月份"], a["已交月报"], a["缺交月报"]));
        Assert.Equal(("良好", "优秀", "延期2个月（教育局 张科长）；期满返回"), (a["中期评价"], a["期满评价"], a["去留决定"]));
        var b = Row(xlsx, "编号", "sec-b");
        Assert.Equal(("双向交流", "未获同意", 12.0, null), (b["类别"], b["阶段"], b["期限（月）"], b["中期评价"]));
        Assert.Equal(("8", "'+副校长（挂职）"), (Row(csv, "编号", "sec-a")["期限（月）"], Row(csv, "编号", "sec-a")["挂职岗位"]));

        string page = await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        Assert.Contains($"href=\"/api/office/secondments/table/xlsx?code={Key}\">下载 Excel</a>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/secondments/table/csv?code={Key}\">下载 CSV</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssociationResults_Download_OncePublished_VotesAndScoresAsNumbers()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        var at = new DateTimeOffset(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);
        await store.Elections.PutAsync(
            new Election
            {
                Id = "2026", Title = "第三届理事会换届选举", Seats = 1, NominationsClose = at, BallotCloses = at.AddDays(10), Status = ElectionStatus.Published, BallotsIssued = 5, BallotsCast = 4,
                Results = [new CandidateTally("stf-1", "王芳", "东关小学", 3, 1, true, false), new CandidateTally("stf-2", "=李明", "旗城学校", 1, 2, false, false)],
            },
            CancellationToken.None);
        await store.Elections.PutAsync(new Election { Id = "2029", Title = "第四届理事会换届选举", Seats = 5, NominationsClose = at, BallotCloses = at.AddDays(10) }, CancellationToken.None);
        await store.Contests.PutAsync(
            new CaseContest
            {
                Id = "2026", Title = "2026年班主任工作案例评比", SubmissionsClose = at, ReviewDue = at.AddDays(15), ReviewerIds = ["stf-4", "stf-5"], Status = ContestStatus.Awarded, Entries = 2,
                Results = [new ContestAward("C-001", "@一次家访", "stf-1", "王芳", "东关小学", 91.333m, 2, 1, "一等奖"), new ContestAward("C-002", "班级公约", "stf-2", "李明", "旗城学校", null, 0, null, null)],
            },
            CancellationToken.None);

        var (election, electionCsv) = await BothAsync("office/head-teachers/elections/2026/results", "head-teachers-election-2026");
        var (contest, contestCsv) = await BothAsync("office/head-teachers/contests/2026/ranking", "head-teachers-contest-2026");

        Assert.Equal(["名次", "会员编号", "候选人", "学校", "得票", "结果"], election.Header);
        Assert.Equal(election.Header, electionCsv.Header);
        Assert.Equal([1.0, "stf-1", "王芳", "东关小学", 3.0, "当选"], election.Rows[0]);
        Assert.Equal([2.0, "stf-2", "'=李明", "旗城学校", 1.0, "未当选"], election.Rows[1]);
        Assert.Equal(["2", "stf-2", "'=李明", "旗城学校", "1", "未当选"], electionCsv.Rows[1]);
        Assert.Equal(["名次", "编号", "题目", "作者编号", "作者", "学校", "得分", "评审人数", "奖项"], contest.Header);
        Assert.Equal([1.0, "C-001", "'@一次家访", "stf-1", "王芳", "东关小学", 91.33, 2.0, "一等奖"], contest.Rows[0]);
        Assert.Equal([null, "C-002", "班级公约", "stf-2", "李明", "旗城学校", "未评", 0.0, "无"], contest.Rows[1]);
        Assert.Equal(["1", "C-001", "'@一次家访", "stf-1", "王芳", "东关小学", "91.33", "2", "一等奖"], contestCsv.Rows[0]);

        string page = await _http.GetStringAsync($"/api/office/head-teachers?code={Key}");
        Assert.Contains($"href=\"/api/office/head-teachers/elections/2026/results/xlsx?code={Key}\">Excel</a>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/head-teachers/contests/2026/ranking/csv?code={Key}\">CSV</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("elections/2029/results", page, StringComparison.Ordinal);
        await AssertProblemAsync(await _http.GetAsync($"/api/office/head-teachers/elections/2029/results/xlsx?code={Key}"), HttpStatusCode.NotFound, "electionId");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/head-teachers/contests/2030/ranking/xlsx?code={Key}"), HttpStatusCode.NotFound, "year");
    }

    [Theory]
    [InlineData("/api/office/shadow-training/" + ProcessPagesSeed.BatchId + "/board/xlsx")]
    [InlineData("/api/office/deputy-renewals/2031/report/csv")]
    [InlineData("/api/office/secondments/table/xlsx")]
    [InlineData("/api/office/head-teachers/elections/2026/results/csv")]
    [InlineData("/api/office/head-teachers/contests/2026/ranking/xlsx")]
    [InlineData("/api/office/researcher-reviews/annual/2026/junior/xlsx")]
    [InlineData("/api/office/researcher-reviews/frontline-rotation/2026/csv")]
    [InlineData("/api/office/shadow-training/reports/2026/xlsx")]
    public async Task Downloads_WithoutTheMasterKey_AreRefused(string path)
    {
        await AssertProblemAsync(await _http.GetAsync(path), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync(path + "?code=task-function-key"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Theory]
    [InlineData("/api/office/shadow-training/" + ProcessPagesSeed.BatchId + "/board/pdf")]
    [InlineData("/api/office/deputy-renewals/2031/report/xls")]
    [InlineData("/api/office/secondments/table/json")]
    [InlineData("/api/office/head-teachers/elections/2026/results/txt")]
    [InlineData("/api/office/head-teachers/contests/2026/ranking/ods")]
    [InlineData("/api/office/researcher-reviews/annual/2026/junior/pdf")]
    [InlineData("/api/office/researcher-reviews/frontline-rotation/2026/xls")]
    [InlineData("/api/office/shadow-training/reports/2026/json")]
    public async Task Downloads_InAnotherFormat_AreNotFound_NamingTheFormat(string path) =>
        await AssertProblemAsync(await _http.GetAsync($"{path}?code={Key}"), HttpStatusCode.NotFound, "format");

    // Both formats of one download, each checked for its name and type, read back by position.
    private async Task<((IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Xlsx, (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Csv)> BothAsync(string path, string name)
    {
        var xlsx = await _http.GetAsync($"/api/{path}/xlsx?code={Key}");
        var csv = await _http.GetAsync($"/api/{path}/csv?code={Key}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal((name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (xlsx.Content.Headers.ContentDisposition!.FileName, xlsx.Content.Headers.ContentType!.MediaType));
        Assert.Equal((name + ".csv", "text/csv"), (csv.Content.Headers.ContentDisposition!.FileName, csv.Content.Headers.ContentType!.MediaType));
        return (DownloadedTable.Xlsx(await xlsx.Content.ReadAsByteArrayAsync()), DownloadedTable.Csv(await csv.Content.ReadAsStringAsync()));
    }

    private static IReadOnlyDictionary<string, T> Row<T>((IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<T>> Rows) table, string column, string value)
    {
        int at = table.Header.ToList().IndexOf(column);
        return DownloadedTable.ByHeader(table.Header, Assert.Single(table.Rows, r => Equals(r[at], value)));
    }

    private static SecondmentRecord Assignment(string id, string kind, string role, DateOnly start) => new(
        new SecondmentPlan(
            id, kind, "stf-31", "刘洋", "mid-level-leader",
            new SecondmentUnit("sch-001", "东关小学", true, "stf-2", "李校长"), new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长"),
            role, "vice-principal", start, 6, "stf-10", "刘校长", "stf-3", "Asia/Shanghai"),
        new SecondmentState(),
        new DateTimeOffset(2031, 9, 1, 0, 0, 0, TimeSpan.Zero));
}
