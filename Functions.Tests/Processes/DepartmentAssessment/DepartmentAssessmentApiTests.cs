using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary><c>/api/department-assessment</c> over HTTP on the whole app: schemes, results, the judges' panel view, presentations and the session page.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class DepartmentAssessmentApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string FunctionKey = "task-function-key";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync([TaskHarness.Staff("stf-4", "孙科长", "sun.head@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-03", Post = "bureau-cadre" }], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Start_WhileTheAssessmentRuns_Is409InChineseFirst()
    {
        int year = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().Year;
        string running = DepartmentAssessmentYear.InstanceId(year);
        // Any running instance under the annual id stands for the running assessment (a notice: it waits for its answer).
        await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            EduFlows.Processes.Samples.NoticeAcknowledgement.Name, new EduFlows.Processes.Samples.NoticeAcknowledgement.Input("stf-1", "通知", 72), new StartOrchestrationOptions(running));
        await _app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceStartAsync(running);

        var again = await _http.PostAsync($"/api/department-assessment/{year}/start?code={TaskAppFactory.MasterKey}", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("year", (string)problem["field"]!);
        Assert.StartsWith($"科室考核已在运行（实例 {running}）", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnNewYearsEveAt1630Utc_ReadsTheYearInBeijing_WhereItIsAlreadyTheNextYear()
    {
        // 2036-12-31 16:30 UTC is 2037-01-01 00:30 in Beijing: 2036 is over for the bureau, 2038 is its next year.
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2036, 12, 31, 16, 30, 0, TimeSpan.Zero));

        var past = await _http.PostAsync($"/api/department-assessment/2036/start?code={TaskAppFactory.MasterKey}", null);
        var next = await _http.PostAsync($"/api/department-assessment/2038/start?code={TaskAppFactory.MasterKey}", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.StartsWith("只能启动今年（2037 年）或明年的科室考核。", (string)(await past.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
        // Accepted, or 409 when the app's monthly timer saw the clock jump and started the assessment first: not refused as out of range.
        Assert.Contains(next.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict });
    }

    [Fact]
    public async Task SchemeAndStartRefusals_AreChineseFirst_WithoutEnglishRuleTextInTheChinese()
    {
        int thisYear = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().Year;
        await _app.Services.GetRequiredService<AssessmentStore>().YearResults.PutAsync(
            new YearResult { Year = 2038, DepartmentId = "dep-03", DepartmentName = "基础教育科", Score = new DepartmentScore("dep-03", 500, 0, 0, 0, 500, 1) }, CancellationToken.None);

        var wrongYear = (await (await Put(2039, new { year = 2040 }, TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>())!;
        var invalid = (await (await Put(2039, new { innovationPoints = 300, workingWeekendDays = new[] { "2039-03-02" } }, TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>())!;
        var published = await Put(2038, new { lateReportDeduction = 7 }, TaskAppFactory.MasterKey);
        var tooLate = await _http.PostAsync($"/api/department-assessment/{thisYear + 2}/start?code={TaskAppFactory.MasterKey}", null);

        Assert.StartsWith("提交的是 2040 年的考核方案，不是 2039 年的；未保存。 The body is", (string)wrongYear["detail"]!, StringComparison.Ordinal);
        Assert.StartsWith("考核方案有误，未保存。 ", (string)invalid["title"]!, StringComparison.Ordinal);
        var reasons = invalid["errors"]!.AsArray().Select(e => (Field: (string)e!["field"]!, Reason: (string)e["reason"]!)).ToList();
        Assert.Contains(("baselinePoints", "基础分、创新分与满意度分之和须为 1000 分（现为 1100 分）。"), reasons);
        Assert.Contains(("workingWeekendDays", "调休上班日须都是星期六或星期日。"), reasons);
        Assert.All(reasons, r => Assert.DoesNotMatch("[A-Za-z]", r.Reason));
        Assert.Equal(HttpStatusCode.Conflict, published.StatusCode);
        Assert.StartsWith("2038 年的科室考核结果已发布，沿用开始时的考核方案，本次修改未保存；请将修改保存为 2039 年的方案。 The 2038 assessment is published", (string)(await published.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLate.StatusCode);
        Assert.StartsWith($"只能启动今年（{thisYear} 年）或明年的科室考核。 Only", (string)(await tooLate.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfficeRefusals_PanelRuleTooLargeSchemeMissingPresentationMonthAndHalf_AreChineseFirst_NamingTheField()
    {
        var panel = (await (await Put(2040, new { dutyPanel = new { trimFromJudges = 2, outlierShare = 0 } }, TaskAppFactory.MasterKey)).Content.ReadFromJsonAsync<JsonObject>())!;
        var tooLarge = await Put(2040, new { officeDepartmentId = new string('a', 40_000) }, TaskAppFactory.MasterKey);
        var noPresentation = await _http.GetAsync($"/api/department-assessment/2040/presentations/dep-09?code={FunctionKey}");
        var unkeyable = await _http.GetAsync($"/api/department-assessment/2040/presentations/dep%2309?code={FunctionKey}");
        var month13 = await _http.GetAsync($"/api/department-assessment/2040/months/13?code={FunctionKey}");
        var half3 = await _http.GetAsync($"/api/department-assessment/2040/halves/3?code={FunctionKey}");

        var reasons = panel["errors"]!.AsArray().Select(e => (Field: (string)e!["field"]!, Reason: (string)e["reason"]!)).ToList();
        Assert.Equal(["dutyPanel.trimFromJudges", "dutyPanel.outlierShare"], reasons.Select(r => r.Field));
        Assert.StartsWith("去掉最高分和最低分的评审人数下限至少为 3 位（现为 2 位）", reasons[0].Reason, StringComparison.Ordinal);
        Assert.All(reasons, r => Assert.DoesNotMatch("[A-Za-z]", r.Reason));
        Assert.StartsWith("考核方案有误，未保存。", (string)panel["title"]!, StringComparison.Ordinal);
        Assert.StartsWith("dutyPanel.trimFromJudges：去掉最高分和最低分", (string)panel["detail"]!, StringComparison.Ordinal);

        await ProblemAssertions.AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "officeDepartmentId");
        await ProblemAssertions.AssertProblemAsync(noPresentation, HttpStatusCode.NotFound, "departmentId");
        await ProblemAssertions.AssertProblemAsync(unkeyable, HttpStatusCode.UnprocessableEntity, "departmentId");
        await ProblemAssertions.AssertProblemAsync(month13, HttpStatusCode.BadRequest, "month");
        await ProblemAssertions.AssertProblemAsync(half3, HttpStatusCode.BadRequest, "half");
        foreach (var (response, zh) in new[]
                 {
                     (tooLarge, "考核方案内容过长，超出可保存的上限，未保存：请删减其中过长的一项后重新提交。"),
                     (noPresentation, "2040年度科室“dep-09”没有已上传的年终展示PPT。"),
                     (unkeyable, "科室编号有误。"),
                     (month13, "月份须为 1 至 12（现为 13）。"),
                     (half3, "半年只能是 1（上半年）或 2（下半年），现为 3。"),
                 })
        {
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.StartsWith(zh + " ", (string?)problem["title"] is { } title && title.StartsWith(zh, StringComparison.Ordinal) ? title : (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Empty(ChineseText.LatinWords(zh));
            if (response == unkeyable)
            {
                Assert.StartsWith("departmentId：编号中不能有 / \\ # ? 或控制字符。", (string)problem["detail"]!, StringComparison.Ordinal);
            }
        }

        Assert.Null(await _app.Services.GetRequiredService<AssessmentStore>().CurrentSchemeAsync(2040, CancellationToken.None));
    }

    [Fact]
    public async Task Scheme_BadOneIsRefusedNamingTheField_GoodOnesGetNextVersions_AndOnlyTheMasterKeyWrites()
    {
        var bad = await Put(2031, new { innovationPoints = 300 }, TaskAppFactory.MasterKey);
        var noKey = await Put(2031, new { lateReportDeduction = 4 }, FunctionKey);
        var before = await _http.GetFromJsonAsync<JsonObject>($"/api/department-assessment/schemes/2031?code={FunctionKey}");
        var first = await Put(2031, new { lateReportDeduction = 4 }, TaskAppFactory.MasterKey);
        var second = await Put(2031, new { lateReportDeduction = 6, holidays = new[] { "2031-10-01" } }, TaskAppFactory.MasterKey);
        var wrongYear = await Put(2031, new { year = 2030 }, TaskAppFactory.MasterKey);
        var current = await _http.GetFromJsonAsync<JsonObject>($"/api/department-assessment/schemes/2031?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("baselinePoints", (string)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(0, (int)before!["version"]!);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (int)(await first.Content.ReadFromJsonAsync<JsonObject>())!["version"]!);
        Assert.Equal(2, (int)(await second.Content.ReadFromJsonAsync<JsonObject>())!["version"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongYear.StatusCode);
        Assert.Equal((2, 6m, "2031-10-01"), ((int)current!["version"]!, (decimal)current["lateReportDeduction"]!, (string)current["holidays"]![0]!));
    }

    [Theory]
    [InlineData("{\"holidays\": null}", "holidays")]
    [InlineData("{\"workingWeekendDays\": null}", "workingWeekendDays")]
    [InlineData("{\"dutyReviewDays\": null}", "dutyReviewDays")]
    [InlineData("{\"dutyReviewDays\": [\"06-15\", null]}", "dutyReviewDays")]
    [InlineData("{\"dutyPanel\": null}", "dutyPanel")]
    [InlineData("{\"satisfactionPanel\": null}", "satisfactionPanel")]
    [InlineData("{\"yearEndOpensOn\": null}", "yearEndOpensOn")]
    [InlineData("{\"scoringSessionAt\": null}", "scoringSessionAt")]
    [InlineData("{\"officeDepartmentId\": null}", "officeDepartmentId")]
    public async Task Scheme_NullsAreRefused422NamingTheField_NotA500_AndNothingIsStored(string body, string field)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/department-assessment/schemes/2033") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);

        var refused = await _http.SendAsync(request);
        var current = await _http.GetFromJsonAsync<JsonObject>($"/api/department-assessment/schemes/2033?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(field, (string)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(0, (int)current!["version"]!);
    }

    [Fact]
    public async Task Scheme_ForAYearAlreadyRunningOrPublished_Is409NamingTheYear_TheNextYearIsStored()
    {
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2035, 3, 2, 2, 0, 0, TimeSpan.Zero));
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(2035, new DateTime(2035, 3, 2, 1, 0, 0, DateTimeKind.Utc)), new StartOrchestrationOptions(DepartmentAssessmentYear.InstanceId(2035)));
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The app's monthly timer saw the clock jump and started the year first.
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (await store.CurrentSchemeAsync(2035, cts.Token) is null)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        var published = new YearResult { Year = 2034, DepartmentId = "dep-03", DepartmentName = "基础教育科", Score = new DepartmentScore("dep-03", 500, 0, 0, 0, 500, 1) };
        await store.YearResults.PutAsync(published, CancellationToken.None);

        var running = await Put(2035, new { lateReportDeduction = 7 }, TaskAppFactory.MasterKey);
        var past = await Put(2034, new { lateReportDeduction = 7 }, TaskAppFactory.MasterKey);
        var next = await Put(2036, new { lateReportDeduction = 7 }, TaskAppFactory.MasterKey);
        var runningProblem = (await running.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal("year", (string)runningProblem["field"]!);
        Assert.Contains("The 2035 assessment is running as 'department-assessment-2035'", (string)runningProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, past.StatusCode);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal(5m, (await store.CurrentSchemeAsync(2035, CancellationToken.None))!.LateReportDeduction);
    }

    [Fact]
    public async Task Year_ReassignmentDecisionsAndReasons_OnlyWithTheMasterKey()
    {
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        var result = new YearResult { Year = 2037, DepartmentId = "dep-03", DepartmentName = "基础教育科", HeadId = "stf-4", Score = new DepartmentScore("dep-03", 450, 50, 0, 200, 650, 1, true) };
        var decision = new Reassignment { Year = 2037, DepartmentId = "dep-03", HeadId = "stf-4", PreviousTotal = 640, Total = 650, Decision = "kept", Reason = "个人原因，保密", DecidedBy = "stf-1" };
        await store.YearResults.PutAsync(result, CancellationToken.None);
        await store.Reassignments.PutAsync(decision, CancellationToken.None);

        var withFunctionKey = await _http.GetFromJsonAsync<JsonObject>($"/api/department-assessment/2037?code={FunctionKey}");
        var withMasterKey = await _http.GetFromJsonAsync<JsonObject>($"/api/department-assessment/2037?code={TaskAppFactory.MasterKey}");

        Assert.Equal("dep-03", (string)withFunctionKey!["results"]![0]!["departmentId"]!);
        Assert.Empty(withFunctionKey["reassignments"]!.AsArray());
        Assert.DoesNotContain("个人原因", withFunctionKey.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("个人原因，保密", (string)withMasterKey!["reassignments"]![0]!["reason"]!);
    }

    [Fact]
    public async Task Results_NeedAFunctionKey_AndRefuseAMonthOrHalfThatDoesNotExist()
    {
        var noKey = await _http.GetAsync("/api/department-assessment/2031/months/3");
        var month13 = await _http.GetAsync($"/api/department-assessment/2031/months/13?code={FunctionKey}");
        var half3 = await _http.GetAsync($"/api/department-assessment/2031/halves/3?code={FunctionKey}");
        var empty = await _http.GetFromJsonAsync<JsonArray>($"/api/department-assessment/2031/months/3?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, month13.StatusCode);
        Assert.Equal("month", (string)(await month13.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal("half", (string)(await half3.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Empty(empty!);
    }

    [Fact]
    public async Task Panel_AJudgeSeesOthersScoresOnlyAfterSubmitting_AndOnlyAdminsSeeWhoScoredWhatInResults()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var roster = new AssessmentRoster([new AssessedDepartment("dep-03", "基础教育科", "stf-4")], ["stf-1", "stf-2"], "stf-3", null);
        // A fixed year on the dev clock (the real one would make the test depend on the day it runs): 1 December, 09:00 Beijing.
        const int year = 2031;
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(year, 12, 1, 1, 0, 0, TimeSpan.Zero));
        string id = await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            HalfYearReview.Name, new HalfYearReview.Input(year, 2, AssessmentScheme.DefaultFor(year), roster));
        var report = await WaitForTaskAsync(desk, "stf-4", AssessmentKinds.DutyReport.Name);
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, report.Id, "stf-4", new Dictionary<string, string?> { ["report"] = "述职报告" }, CancellationToken.None)).Result);
        var mine = await WaitForTaskAsync(desk, "stf-1", AssessmentKinds.DutyJudging.Name);
        var theirs = await WaitForTaskAsync(desk, "stf-2", AssessmentKinds.DutyJudging.Name);
        string myPanel = PanelUrl(desk, mine);

        var beforeSubmitting = await _http.GetAsync(myPanel);
        var forged = await _http.GetAsync($"/api/department-assessment/panel/{mine.Id}?token=forged");
        var othersToken = await _http.GetAsync($"/api/department-assessment/panel/{mine.Id}?token={Token(desk, theirs)}");
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, mine.Id, "stf-1", new Dictionary<string, string?> { ["dep-03"] = "88" }, CancellationToken.None)).Result);
        var afterMine = await _http.GetFromJsonAsync<JsonObject>(myPanel);
        var theirsBefore = await _http.GetAsync(PanelUrl(desk, theirs));
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, theirs.Id, "stf-2", new Dictionary<string, string?> { ["dep-03"] = "92" }, CancellationToken.None)).Result);
        var afterBoth = await _http.GetFromJsonAsync<JsonObject>(PanelUrl(desk, theirs));
        await _app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(id);
        var publicView = await _http.GetFromJsonAsync<JsonArray>($"/api/department-assessment/{year}/halves/2?code={FunctionKey}");
        var adminView = await _http.GetFromJsonAsync<JsonArray>($"/api/department-assessment/{year}/halves/2?code={TaskAppFactory.MasterKey}");

        Assert.Equal(HttpStatusCode.Forbidden, beforeSubmitting.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersToken.StatusCode);
        Assert.Equal("88", (string)afterMine!["judges"]![0]!["scores"]!["dep-03"]!);
        Assert.Null(afterMine["judges"]![1]!["scores"]);
        Assert.Equal(HttpStatusCode.Forbidden, theirsBefore.StatusCode);
        Assert.Equal("88", (string)afterBoth!["judges"]![0]!["scores"]!["dep-03"]!);
        Assert.Equal("92", (string)afterBoth["judges"]![1]!["scores"]!["dep-03"]!);
        Assert.Equal(90m, (decimal)publicView![0]!["score"]!);
        Assert.Empty(publicView[0]!["scores"]!.AsArray());
        Assert.Equal(2, adminView![0]!["scores"]!.AsArray().Count);
    }

    [Fact]
    public async Task DutyReports_AJudgeReadsEveryWholeReport_ThroughALinkSignedForTheirOwnJudgingTask()
    {
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var roster = new AssessmentRoster([new AssessedDepartment("dep-03", "基础教育科", "stf-4")], ["stf-1", "stf-2"], "stf-3", null);
        await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            HalfYearReview.Name, new HalfYearReview.Input(2031, 2, AssessmentScheme.DefaultFor(2031), roster));
        // A long address without a space in it: the page must wrap it, not widen past a phone's screen.
        const string Address = "https://example.edu.cn/duty/2031/evidence/aVeryLongPathSegmentWithoutAnySpaceThatWouldWidenThePage0123456789abcdefghijklmnopqrstuvwxyz";
        string whole = string.Concat(Enumerable.Range(1, 120).Select(i => $"第{i:D3}项工作完成。")) + "\n佐证材料：" + Address + "\n结尾";
        var report = await WaitForTaskAsync(desk, "stf-4", AssessmentKinds.DutyReport.Name);
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, report.Id, "stf-4", new Dictionary<string, string?> { ["report"] = whole }, CancellationToken.None)).Result);
        var mine = await WaitForTaskAsync(desk, "stf-1", AssessmentKinds.DutyJudging.Name);
        var theirs = await WaitForTaskAsync(desk, "stf-2", AssessmentKinds.DutyJudging.Name);
        var link = new Uri(mine.Context.Single(c => c.Key == "述职报告全文").Value);
        string path = link.AbsolutePath;

        string expired = _app.Services.GetRequiredService<TaskTokenSigner>().Issue(new TaskLinkToken(mine.Id, "stf-1", new DateTimeOffset(2031, 11, 30, 0, 0, 0, TimeSpan.Zero)));

        var page = await _http.GetAsync(link.PathAndQuery);
        string html = await page.Content.ReadAsStringAsync();
        var forged = await _http.GetAsync($"{path}?token=forged");
        var othersToken = await _http.GetAsync($"{path}?token={Token(desk, theirs)}");
        var ownTaskToken = await _http.GetAsync($"{path}?token={Token(desk, mine)}");
        var expiredJson = await _http.GetAsync($"{path}?token={expired}");
        var forgedPage = await BrowserGetAsync($"{path}?token=forged");
        var expiredPage = await BrowserGetAsync($"{path}?token={expired}");
        var othersPage = await BrowserGetAsync($"{path}?token={Token(desk, theirs)}");
        string forgedHtml = await forgedPage.Content.ReadAsStringAsync(), expiredHtml = await expiredPage.Content.ReadAsStringAsync();

        Assert.True(whole.Length > 1000);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Whole, its line breaks kept (written as character references).
        Assert.Contains(whole.Replace("\n", "&#xA;", StringComparison.Ordinal), html, StringComparison.Ordinal);
        Assert.Contains("基础教育科", html, StringComparison.Ordinal);
        // In the staff pages' frame, the report's text kept as written and wrapped anywhere (the long address too).
        Assert.Contains("<main>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"report\" style=\"white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word\">", html, StringComparison.Ordinal);
        Assert.Contains(Address, html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html.Replace(Address, string.Empty, StringComparison.Ordinal))));
        await ProblemAssertions.AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "token");
        await ProblemAssertions.AssertProblemAsync(othersToken, HttpStatusCode.Forbidden, "token");
        await ProblemAssertions.AssertProblemAsync(expiredJson, HttpStatusCode.Gone, "token");
        Assert.Equal(HttpStatusCode.OK, ownTaskToken.StatusCode);
        // A judge opening a forged, someone else's or expired link from the mail in a browser reads why, in Chinese.
        Assert.Equal((HttpStatusCode.Unauthorized, "text/html"), (forgedPage.StatusCode, forgedPage.Content.Headers.ContentType!.MediaType));
        Assert.Contains("链接不完整或无效，请重新打开邮件中的链接。", forgedHtml, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, "text/html"), (othersPage.StatusCode, othersPage.Content.Headers.ContentType!.MediaType));
        Assert.Equal((HttpStatusCode.Gone, "text/html"), (expiredPage.StatusCode, expiredPage.Content.Headers.ContentType!.MediaType));
        Assert.Contains("链接已过期。", expiredHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(forgedHtml)));
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(expiredHtml)));
    }

    private Task<HttpResponseMessage> BrowserGetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task Presentation_IsUploadedThroughTheHeadsTaskLink_IntoBlobStorage_AndReadBackWithAKey()
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var roster = new AssessmentRoster([new AssessedDepartment("dep-03", "基础教育科", "stf-4")], ["stf-1"], "stf-3", null);
        // A fixed year on the dev clock: 10 December, 09:00 Beijing, well before the session (with the real clock the
        // test failed from 28 December on, when the claims are already past due).
        const int year = 2031;
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(year, 12, 10, 1, 0, 0, TimeSpan.Zero));
        await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            YearEndAssessment.Name, new YearEndAssessment.Input(year, AssessmentScheme.DefaultFor(year), roster));
        var task = await WaitForTaskAsync(desk, "stf-4", AssessmentKinds.YearEndEntry.Name);
        byte[] slides = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i % 251))];
        string url = $"/api/department-assessment/presentations/{task.Id}?token={Token(desk, task)}";

        var noFile = await _http.PostAsync(url, new StringContent("x"));
        var forged = await _http.PostAsync($"/api/department-assessment/presentations/{task.Id}?token=forged", Upload(slides));
        var uploaded = await _http.PostAsync(url, Upload(slides));
        var downloaded = await _http.GetAsync($"/api/department-assessment/{year}/presentations/dep-03?code={FunctionKey}");
        var none = await _http.GetAsync($"/api/department-assessment/{year}/presentations/dep-09?code={FunctionKey}");

        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal("年终展示.pptx", (string)(await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["presentationFileName"]!);
        Assert.Equal(slides, await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.presentationml.presentation", downloaded.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task SessionPage_ShowsTheTimesAndAQrCodeToTheStaffPortal_OnceTheSessionIsOpen()
    {
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        var notYet = await _http.GetAsync("/api/department-assessment/2032/session");
        var notYetPage = await BrowserGetAsync("/api/department-assessment/2032/session");
        string notYetHtml = await notYetPage.Content.ReadAsStringAsync();
        await store.Sessions.PutAsync(new ScoringSession(2032, new DateTimeOffset(2032, 12, 28, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2032, 12, 28, 8, 0, 0, TimeSpan.Zero), ["dep-03"], new Dictionary<string, string>()), CancellationToken.None);

        var page = await _http.GetAsync("/api/department-assessment/2032/session");
        string html = await page.Content.ReadAsStringAsync();

        await ProblemAssertions.AssertProblemAsync(notYet, HttpStatusCode.NotFound, "year");
        Assert.Equal((HttpStatusCode.NotFound, "text/html"), (notYetPage.StatusCode, notYetPage.Content.Headers.ContentType!.MediaType));
        Assert.Contains("2032年度现场评分尚未开始", notYetHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(notYetHtml)));
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("打分时间：2032-12-28 14:00 — 2032-12-28 16:00（北京时间，截止后不再接受打分）", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{TaskAppFactory.PublicUrl}/api/department-assessment/2032/session/link\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionLink_APrincipalTypesTheirAddress_AndGetsTheirOwnScoringLinkAgain_EveryAnswer202_NoPerClientLimit()
    {
        // The session is open now. The clock is not moved: a jump would let the app's monthly timer start the year,
        // whose year end would store its own session over this one.
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (opens, closes) = (now.AddMinutes(-10), now.AddHours(2));
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        var fields = YearEndAssessment.SessionFields(AssessmentScheme.DefaultFor(2032), [new AssessedDepartment("dep-03", "基础教育科", "stf-4")]);
        string taskId = YearEndAssessment.ScoringTaskId(2032, "stf-2");
        await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            YearEndAssessment.ScoringName, new YearEndAssessment.ScoringInput(2032, "stf-2", taskId, closes.UtcDateTime, fields));
        var task = await WaitForTaskAsync(desk, "stf-2", AssessmentKinds.SessionScoring.Name);
        await store.Sessions.PutAsync(new ScoringSession(2032, opens, closes, ["dep-03"], new Dictionary<string, string> { ["stf-2"] = taskId }), CancellationToken.None);
        const string Link = "/api/department-assessment/2032/session/link";

        var page = await _http.GetStringAsync(Link);
        var bad = await _http.PostAsJsonAsync(Link, new { email = "not-an-address" });
        // A hall of principals behind one address: 25 requests from one client, none refused.
        var others = await Task.WhenAll(Enumerable.Range(1, 25).Select(i => _http.PostAsJsonAsync(Link, new { email = $"nobody{i}@qz.example.cn" })));
        var known = await _http.PostAsync(Link, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = " Li.Principal@qz.example.cn " }));
        // Not the task's first mail: a re-mail of the same task (an outbox id of its own).
        var mail = await WaitForMailAsync("li.principal@qz.example.cn", m => m.OutboxId?.StartsWith($"{taskId}.{TaskMails.Reminder}-", StringComparison.Ordinal) == true);

        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("email", (string)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.All(others, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Contains(desk.Links.For(task).ToString(), mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Mailbox.All, m => m.To.Any(t => t.StartsWith("nobody", StringComparison.Ordinal)));
    }

    private async Task<DevMail> WaitForMailAsync(string to, Func<DevMail, bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_app.Mailbox.All.FirstOrDefault(m => m.To.Contains(to) && condition(m)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    [Fact]
    public async Task SessionScoring_AnEmptyFormIs422NamingAField_SomeDepartmentsAreEnough_ADifferentRepeatIs409_AndAfterTheSession410()
    {
        var clock = _app.Services.GetRequiredService<DevClock>();
        clock.SetTo(new DateTimeOffset(2031, 12, 28, 6, 0, 0, TimeSpan.Zero));
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var fields = YearEndAssessment.SessionFields(AssessmentScheme.DefaultFor(2031), [new AssessedDepartment("dep-01", "办公室", "stf-3"), new AssessedDepartment("dep-03", "基础教育科", "stf-4")]);
        var closes = new DateTime(2031, 12, 28, 8, 0, 0, DateTimeKind.Utc);
        string scoring = await client.ScheduleNewOrchestrationInstanceAsync(YearEndAssessment.ScoringName, new YearEndAssessment.ScoringInput(2031, "stf-2", YearEndAssessment.ScoringTaskId(2031, "stf-2"), closes, fields));
        await client.ScheduleNewOrchestrationInstanceAsync(YearEndAssessment.ScoringName, new YearEndAssessment.ScoringInput(2031, "stf-1", YearEndAssessment.ScoringTaskId(2031, "stf-1"), closes, fields));
        var mine = await WaitForTaskAsync(desk, "stf-2", AssessmentKinds.SessionScoring.Name);
        var latecomer = await WaitForTaskAsync(desk, "stf-1", AssessmentKinds.SessionScoring.Name);
        string url = desk.Links.For(mine).PathAndQuery;

        var empty = await _http.PostAsJsonAsync(url, new Dictionary<string, string>());
        var blank = await _http.PostAsJsonAsync(url, new Dictionary<string, string> { ["dep-01"] = "", ["dep-03"] = " " });
        var some = await _http.PostAsJsonAsync(url, new Dictionary<string, string> { ["dep-03"] = "80" });
        var different = await _http.PostAsJsonAsync(url, new Dictionary<string, string> { ["dep-01"] = "70", ["dep-03"] = "80" });
        await client.WaitForInstanceCompletionAsync(scoring);
        clock.AdvanceBy(TimeSpan.FromHours(2));
        var late = await _http.PostAsJsonAsync(desk.Links.For(latecomer).PathAndQuery, new Dictionary<string, string> { ["dep-03"] = "90" });
        var stored = (await _app.Services.GetRequiredService<AssessmentStore>().SessionScores.GetAsync("2031-stf-2", CancellationToken.None))!.Record;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("dep-01", (string)(await empty.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.Equal(HttpStatusCode.OK, some.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal(new Dictionary<string, decimal> { ["dep-03"] = 80m }, stored.Scores);
    }

    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.presentationml.presentation");
        return new MultipartFormDataContent { { file, "file", "年终展示.pptx" } };
    }

    private static string Token(TaskDesk desk, StaffTask task)
    {
        string link = desk.Links.For(task).Query;
        return link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    }

    private static string PanelUrl(TaskDesk desk, StaffTask task) => $"/api/department-assessment/panel/{task.Id}?token={Token(desk, task)}";

    private static async Task<StaffTask> WaitForTaskAsync(TaskDesk desk, string assignee, string kind)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if ((await desk.ForAssigneeAsync(assignee, cts.Token)).FirstOrDefault(t => t.Kind == kind && t.Status == StaffTaskStatus.Open) is { } task)
            {
                return task;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private Task<HttpResponseMessage> Put(int year, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/department-assessment/schemes/{year}") { Content = JsonContent.Create(body) };
        request.Headers.Add(FunctionKeys.HeaderName, key);
        return _http.SendAsync(request);
    }
}
