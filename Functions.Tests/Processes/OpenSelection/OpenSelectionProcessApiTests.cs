using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The process's three routes through the whole app on Azurite (the real clock; each selection is published through the
/// store with a timetable placed around today): the statuses, problem+json naming the field in Chinese, and nothing
/// changed by a refused request.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OpenSelectionProcessApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TaskAppFactory _app = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        _today = _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task StartProcess_MasterKeyOnly_422NamingTheField_404_409_AndARefusedStartStartsNothing()
    {
        // Applications open in a week: a started run only waits for its deadline.
        string id = await PublishAsync(new SelectionTimetable(_today.AddDays(7), _today.AddDays(8), _today.AddDays(9), _today.AddDays(10), _today.AddDays(11), 5));
        using var office = Office();
        using var anyone = StaffSessions.Browser(_app);
        var client = _app.Services.GetRequiredService<DurableTaskClient>();

        var noKey = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "stf-3" });
        var notJson = await office.PostAsync($"/api/open-selections/{id}/process", new StringContent("officeId=stf-3", System.Text.Encoding.UTF8, "text/plain"));
        var brokenJson = await office.PostAsync($"/api/open-selections/{id}/process", new StringContent("{\"officeId\":", System.Text.Encoding.UTF8, "application/json"));
        var unknownOffice = await office.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "nobody" });
        var badConflict = await office.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "stf-3", declaredConflicts = new[] { new { judgeId = "ext-1", staffId = "stf-1", relation = " " } } });
        var unknownSelection = await office.PostAsJsonAsync("/api/open-selections/nope/process", new { officeId = "stf-3" });
        var startedNothing = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None);
        var started = await office.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "stf-3" });
        var again = await office.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "stf-3" });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await AssertProblemAsync(notJson, HttpStatusCode.UnsupportedMediaType, "body", "内容须为 JSON 格式");
        Assert.Equal(HttpStatusCode.BadRequest, brokenJson.StatusCode);
        await AssertProblemAsync(unknownOffice, HttpStatusCode.UnprocessableEntity, "officeId", "请填写组织科经办人的人员编号");
        await AssertProblemAsync(badConflict, HttpStatusCode.UnprocessableEntity, "declaredConflicts[0]", "回避申报须写明评委、报名人和关系");
        await AssertProblemAsync(unknownSelection, HttpStatusCode.NotFound, "id", "没有这次选拔");
        Assert.Null(startedNothing);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(OpenSelectionOrchestration.InstanceIdOf(id), (string)(await BodyAsync(started))["instanceId"]!);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "id", "这次选拔的流程已经启动");
        Assert.NotNull(await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None));
    }

    [Fact]
    public async Task Correction_SignedInOnly_OnceAfterARefusal_422NamingTheField_AndARefusedOneChangesNothing()
    {
        // Applications closed yesterday; the review is open three more days.
        string id = await PublishAsync(new SelectionTimetable(_today.AddDays(-3), _today.AddDays(-1), _today.AddDays(3), _today.AddDays(5), _today.AddDays(7), 5));
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.Null((await store.ChangeAsync(id, s => s.Apply(TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn"), "p01", "任现职以来的主要工作", now.AddDays(-2)), None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.Apply(TaskHarness.Staff("stf-2", "李校长", "li.principal@qz.example.cn"), "p01", "简述", now.AddDays(-2)), None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.Decide("stf-1", false, "任现职年限不满 3 年", "stf-3", now), None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.Decide("stf-2", true, "符合条件", "stf-3", now), None)).Refusal);
        using var applicant = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var eligible = await StaffSessions.SignInAsync(_app, "li.principal@qz.example.cn");
        using var office = await StaffSessions.SignInAsync(_app, "zhao.office@qz.example.cn");
        using var anonymous = StaffSessions.Browser(_app);
        string path = $"/api/open-selections/{id}/correction";

        var notSignedIn = await anonymous.PutAsJsonAsync(path, new { postId = "p01", statement = "补正" });
        var notJson = await applicant.PutAsync(path, new StringContent("postId=p01", System.Text.Encoding.UTF8, "text/plain"));
        var badPost = await applicant.PutAsJsonAsync(path, new { postId = "p99", statement = "补充任职年限证明" });
        var emptyStatement = await applicant.PutAsJsonAsync(path, new { postId = "p01", statement = " " });
        var notRefused = await eligible.PutAsJsonAsync(path, new { postId = "p01", statement = "补正" });
        var notApplied = await office.PutAsJsonAsync(path, new { postId = "p01", statement = "补正" });
        var noSelection = await applicant.PutAsJsonAsync("/api/open-selections/nope/correction", new { postId = "p01", statement = "补正" });
        var unchanged = (await store.GetAsync(id, None))!;
        var corrected = await applicant.PutAsJsonAsync(path, new { postId = "p02", statement = "补充任职年限证明：2021年8月起任现职" });
        var twice = await applicant.PutAsJsonAsync(path, new { postId = "p02", statement = "再补正一次" });

        await AssertProblemAsync(notSignedIn, HttpStatusCode.Unauthorized, "session", "请先登录");
        await AssertProblemAsync(notJson, HttpStatusCode.UnsupportedMediaType, "body", "内容须为 JSON 格式");
        await AssertProblemAsync(badPost, HttpStatusCode.UnprocessableEntity, "postId", "请选择公告中的岗位");
        await AssertProblemAsync(emptyStatement, HttpStatusCode.UnprocessableEntity, "statement", "个人简述须为 1 至 2000 字");
        await AssertProblemAsync(notRefused, HttpStatusCode.Conflict, "statement", "只有资格审查未通过的报名可以补正");
        await AssertProblemAsync(notApplied, HttpStatusCode.NotFound, "staffId", "您没有报名本次选拔");
        Assert.Equal(HttpStatusCode.NotFound, noSelection.StatusCode);
        Assert.Equal(("p01", "任现职以来的主要工作", false), (unchanged.Applications["stf-1"].PostId, unchanged.Applications["stf-1"].Statement, unchanged.Applications["stf-1"].CorrectionUsed));
        Assert.False(unchanged.Decisions["stf-1"].Eligible);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.True((bool)(await BodyAsync(corrected))["corrected"]!);
        await AssertProblemAsync(twice, HttpStatusCode.Conflict, "statement", "每人只能补正一次");
        var after = (await store.GetAsync(id, None))!;
        Assert.Equal(("p02", true), (after.Applications["stf-1"].PostId, after.Applications["stf-1"].CorrectionUsed));
        Assert.False(after.Decisions.ContainsKey("stf-1"));
    }

    [Fact]
    public async Task WrittenScores_MasterKeyOnly_EveryBadRowNamed_NothingTaken_ThenTakenOnce()
    {
        // The written test was yesterday; the review (closed) found both eligible.
        string id = await PublishAsync(new SelectionTimetable(_today.AddDays(-6), _today.AddDays(-5), _today.AddDays(-3), _today.AddDays(-1), _today.AddDays(2), 5));
        string early = await PublishAsync(new SelectionTimetable(_today.AddDays(1), _today.AddDays(2), _today.AddDays(3), _today.AddDays(5), _today.AddDays(7), 5));
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        var inReview = DateTimeOffset.UtcNow.AddDays(-4);
        foreach (var (staffId, name, email) in new[] { ("stf-1", "王芳", "wang.fang@qz.example.cn"), ("stf-2", "李校长", "li.principal@qz.example.cn") })
        {
            Assert.Null((await store.ChangeAsync(id, s => s.Apply(TaskHarness.Staff(staffId, name, email), "p01", "简述", DateTimeOffset.UtcNow.AddDays(-6)), None)).Refusal);
            Assert.Null((await store.ChangeAsync(id, s => s.Decide(staffId, true, "符合条件", "stf-3", inReview), None)).Refusal);
        }

        using var office = Office();
        using var anyone = StaffSessions.Browser(_app);
        string path = $"/api/open-selections/{id}/written-scores";

        var noKey = await anyone.PostAsync(path, Xlsx([("stf-1", "王芳", "80")]));
        var tooEarly = await office.PostAsync($"/api/open-selections/{early}/written-scores", Xlsx([]));
        var unknownSelection = await office.PostAsync("/api/open-selections/nope/written-scores", Xlsx([]));
        var unreadable = await office.PostAsync(path, new ByteArrayContent("不是表格"u8.ToArray()));
        var bad = await office.PostAsync(path, Xlsx([("stf-1", "张冠李戴", "80"), ("stf-2", "李校长", "101")]));
        var nothingTaken = (await store.GetAsync(id, None))!.WrittenScores.Count;
        var csv = await office.PostAsync(path + "?format=csv", new StringContent($"{WrittenScoreSheet.IdColumn},{WrittenScoreSheet.NameColumn},{WrittenScoreSheet.ScoreColumn}\nstf-1,王芳,80\nstf-2,李校长,{WrittenScoreSheet.Absent}\n", System.Text.Encoding.UTF8, "text/csv"));
        var twice = await office.PostAsync(path, Xlsx([("stf-1", "王芳", "80"), ("stf-2", "李校长", "70")]));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await AssertProblemAsync(tooEarly, HttpStatusCode.Conflict, "file", "笔试之后才能导入成绩");
        await AssertProblemAsync(unknownSelection, HttpStatusCode.NotFound, "id", "没有这次选拔");
        await AssertProblemAsync(unreadable, HttpStatusCode.UnprocessableEntity, "file", "文件无法读取");
        await AssertProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "file", "笔试成绩表有 2 处错误，未导入任何成绩。");
        var errors = (await BodyAsync(bad))["errors"]!.AsArray();
        Assert.Equal([(2, WrittenScoreSheet.NameColumn), (3, WrittenScoreSheet.ScoreColumn)], errors.Select(e => ((int)e!["row"]!, (string)e["column"]!)));
        Assert.Equal(0, nothingTaken);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(2, (int)(await BodyAsync(csv))["taken"]!);
        await AssertProblemAsync(twice, HttpStatusCode.Conflict, "file", "笔试成绩已导入");
        var taken = (await store.GetAsync(id, None))!.WrittenScores;
        Assert.Equal([("stf-1", (decimal?)80m), ("stf-2", null)], taken.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value)));
    }

    [Fact]
    public async Task WrittenScores_ARowTooLongOrAFileTooLarge_Is413InChinese_NamingTheRowAndColumn_AndNothingIsTaken()
    {
        string id = await PublishAsync(new SelectionTimetable(_today.AddDays(-6), _today.AddDays(-5), _today.AddDays(-3), _today.AddDays(-1), _today.AddDays(2), 5));
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        Assert.Null((await store.ChangeAsync(id, s => s.Apply(TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn"), "p01", "简述", DateTimeOffset.UtcNow.AddDays(-6)), None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.Decide("stf-1", true, "符合条件", "stf-3", DateTimeOffset.UtcNow.AddDays(-4)), None)).Refusal);
        using var office = Office();
        string path = $"/api/open-selections/{id}/written-scores";

        var longRow = await office.PostAsync(path, Xlsx([("stf-1", new string('王', RosterFile.MaxRowChars + 1), "80")]));
        var tooLarge = await office.PostAsync(path, new ByteArrayContent(new byte[OpenSelectionProcessApi.MaxSheetBytes + 1]));

        await AssertProblemAsync(longRow, HttpStatusCode.RequestEntityTooLarge, "file", $"笔试成绩表第 2 行“{WrittenScoreSheet.NameColumn}”过长");
        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "file", "笔试成绩表文件过大");
        Assert.Empty((await store.GetAsync(id, None))!.WrittenScores);
    }

    [Fact]
    public async Task AJudgesReceipt_LinksToTheOtherJudgesScores_403InChineseUntilTheyHaveSubmitted_ThenAChinesePage()
    {
        // The interview is today; two of the three judges have scored both interviewees.
        var (id, store, timetable, now) = await InterviewDayWithPanelAsync();
        foreach (var (judge, points) in new[] { ("ext-2", 88.5m), ("ext-3", 76m) })
        {
            Assert.Null((await store.ChangeAsync(id, s => s.Score(judge, "stf-1", points, now) ?? s.Score(judge, "stf-2", points - 10, now), None)).Refusal);
        }

        // ext-1's score sheet as the process gives it, with its follow-up, and its link.
        var activities = ActivatorUtilities.CreateInstance<OpenSelectionProcessActivities>(_app.Services);
        var zone = _app.Services.GetRequiredService<BureauClock>().Zone;
        var batch = await activities.RequestsAsync(new OpenSelectionProcessActivities.RequestsInput(SelectionStep.Interview, new OpenSelectionRun(id, "stf-3", zone.Id, timetable, []), DateTime.UtcNow.AddHours(6), 1, ["ext-1"]), None);
        var request = Assert.Single(batch.Requests);
        Assert.Equal(InterviewScoresApi.ScoreSheetTaskId(id, "ext-1"), request.TaskId);
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        await desk.OpenAsync(new OpenTaskInput(request.TaskId!, OpenSelectionOrchestration.InstanceIdOf(id), request), None);
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var sheet = (await tasks.GetAsync(request.TaskId!, None))!;
        string myLink = desk.Links.For(sheet.Record).PathAndQuery;
        string token = Uri.UnescapeDataString(myLink[(myLink.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        string scoresPath = $"/api/{InterviewScoresApi.FollowUpPath(id)}?token={Uri.EscapeDataString(token)}";
        var otherToken = (await tasks.GetAsync(request.TaskId!, None))!.Record with { Id = InterviewScoresApi.ScoreSheetTaskId("sel-other", "ext-1") };
        string otherLink = desk.Links.For(otherToken).PathAndQuery;
        using var phone = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        phone.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var notAJudge = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var anonymous = StaffSessions.Browser(_app);

        var before = await phone.GetAsync(scoresPath);
        var beforeJson = await anonymous.GetAsync(scoresPath);
        var notSignedIn = await anonymous.GetAsync($"/api/{InterviewScoresApi.FollowUpPath(id)}");
        var forged = await anonymous.GetAsync($"/api/{InterviewScoresApi.FollowUpPath(id)}?token={otherLink[(otherLink.IndexOf("token=", StringComparison.Ordinal) + 6)..]}");
        var applicantAsks = await notAJudge.GetAsync($"/api/{InterviewScoresApi.FollowUpPath(id)}");
        var unknown = await anonymous.GetAsync($"/api/{InterviewScoresApi.FollowUpPath("nope")}?token={Uri.EscapeDataString(token)}");

        // ext-1 submits: the scores are taken as the process takes them, and the task is marked answered.
        Assert.Null((await store.ChangeAsync(id, s => s.Score("ext-1", "stf-1", 90, now) ?? s.Score("ext-1", "stf-2", 60, now), None)).Refusal);
        Assert.NotNull(await tasks.TryReplaceAsync(sheet.Record with { Status = StaffTaskStatus.Submitted, Values = new Dictionary<string, string> { ["score1"] = "90", ["score2"] = "60" }, SubmittedBy = "ext-1", SubmittedAt = now, ReceiptId = "rcp-1" }, sheet.ETag, None));
        string receipt = await phone.GetStringAsync(myLink);
        string followUp = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(receipt, "id=\"follow-up\" href=\"([^\"]+)\"").Groups[1].Value);
        var after = await phone.GetAsync(followUp);
        string page = await after.Content.ReadAsStringAsync();
        var json = await BodyAsync(await anonymous.GetAsync(scoresPath + "&candidate=stf-2"));
        var noSuchCandidate = await anonymous.GetAsync(scoresPath + "&candidate=stf-9");

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Contains("请先提交您本人的评分，之后才能查看其他评委的评分。", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertProblemAsync(beforeJson, HttpStatusCode.Forbidden, "scores", "请先提交您本人的评分");
        await AssertProblemAsync(notSignedIn, HttpStatusCode.Unauthorized, "session", "请先登录");
        await AssertProblemAsync(forged, HttpStatusCode.Forbidden, "token", "该链接不是本次面试的评分任务链接");
        await AssertProblemAsync(applicantAsks, HttpStatusCode.Forbidden, "judgeId", "您不是本次面试的评委");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "id", "没有这次选拔");
        Assert.Equal(scoresPath, followUp);
        Assert.Contains("查看其他评委的评分", receipt, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("lang=\"zh-CN\"", page, StringComparison.Ordinal);
        Assert.Contains("<h2>王芳（人事科副科长）</h2>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{PanelDraw.GroupName(PanelDraw.Groups[0])}1（本人）</td><td>90</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{PanelDraw.GroupName(PanelDraw.Groups[1])}2</td><td>88.5</td>", page, StringComparison.Ordinal);
        Assert.Equal("no-store", after.Headers.CacheControl!.ToString());
        var only = Assert.Single(json["candidates"]!.AsArray())!;
        Assert.Equal([("ext-1", 60m), ("ext-2", 78.5m), ("ext-3", 66m)], only["judges"]!.AsArray().Select(j => ((string)j!["judgeId"]!, (decimal)j["score"]!)).Order());
        await AssertProblemAsync(noSuchCandidate, HttpStatusCode.NotFound, "candidate", "没有这位面试人");
    }

    [Fact]
    public async Task AJudgeWhoSubmitted_SeesTheOtherJudgesSubmittedSheets_BeforeTheProcessTakesThePanelsSheetsTogether_AJudgeWhoHasNotIs403()
    {
        // The interview is today and the process has taken no sheet yet: it takes the panel's sheets once the last is in.
        var (id, store, timetable, now) = await InterviewDayWithPanelAsync();

        // Every judge's score sheet as the process gives it; ext-2 submits theirs (the task answered, the selection untouched).
        var activities = ActivatorUtilities.CreateInstance<OpenSelectionProcessActivities>(_app.Services);
        var zone = _app.Services.GetRequiredService<BureauClock>().Zone;
        var batch = await activities.RequestsAsync(new OpenSelectionProcessActivities.RequestsInput(SelectionStep.Interview, new OpenSelectionRun(id, "stf-3", zone.Id, timetable, []), DateTime.UtcNow.AddHours(6), 1, null), None);
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var paths = new Dictionary<string, string>();
        foreach (var request in batch.Requests)
        {
            await desk.OpenAsync(new OpenTaskInput(request.TaskId!, OpenSelectionOrchestration.InstanceIdOf(id), request), None);
            string link = desk.Links.For((await tasks.GetAsync(request.TaskId!, None))!.Record).PathAndQuery;
            paths[request.AssigneeId] = $"/api/{InterviewScoresApi.FollowUpPath(id)}?token={link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]}";
        }

        async Task SubmitAsync(string judge, string first, string second)
        {
            var sheet = (await tasks.GetAsync(InterviewScoresApi.ScoreSheetTaskId(id, judge), None))!;
            Assert.NotNull(await tasks.TryReplaceAsync(sheet.Record with { Status = StaffTaskStatus.Submitted, Values = new Dictionary<string, string> { ["score1"] = first, ["score2"] = second }, SubmittedBy = judge, SubmittedAt = now, ReceiptId = "rcp-" + judge }, sheet.ETag, None));
        }

        using var anonymous = StaffSessions.Browser(_app);
        await SubmitAsync("ext-2", "88.5", "61.5");
        var before = await anonymous.GetAsync(paths["ext-1"]);
        await SubmitAsync("ext-1", "90", "60");
        var after = await BodyAsync(await anonymous.GetAsync(paths["ext-1"]));
        var notYet = await anonymous.GetAsync(paths["ext-3"]);

        await AssertProblemAsync(before, HttpStatusCode.Forbidden, "scores", "请先提交您本人的评分");
        Assert.Equal(
            [("stf-1", "ext-1", 90m), ("stf-1", "ext-2", 88.5m), ("stf-1", "ext-3", (decimal?)null), ("stf-2", "ext-1", 60m), ("stf-2", "ext-2", 61.5m), ("stf-2", "ext-3", null)],
            after["candidates"]!.AsArray().SelectMany(c => c!["judges"]!.AsArray().Select(j => ((string)c["candidateId"]!, (string)j!["judgeId"]!, (decimal?)j["score"]))).Order());
        await AssertProblemAsync(notYet, HttpStatusCode.Forbidden, "scores", "请先提交您本人的评分");
        Assert.Empty((await store.GetAsync(id, None))!.InterviewScores);
    }

    private async Task<string> PublishAsync(SelectionTimetable timetable)
    {
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        var announcement = new SelectionAnnouncement
        {
            Title = "2017年教育局中层干部阳光选优",
            Posts = [new SelectionPost("p01", "人事科副科长", 1, 0), new SelectionPost("p02", "教研室副主任", 1, 0)],
            Weights = new StageWeights(40, 60),
            Timetable = timetable,
            JudgesPerGroup = 1,
        };
        Assert.True(await _app.Services.GetRequiredService<OpenSelectionStore>().PublishAsync(id, announcement, DateTimeOffset.UtcNow, None));
        return id;
    }

    private HttpClient Office()
    {
        var office = StaffSessions.Browser(_app);
        office.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);
        return office;
    }

    private static ByteArrayContent Xlsx(IEnumerable<(string Id, string Name, string Score)> rows)
    {
        using var sheet = OpenSelectionHarness.Sheet(rows);
        var content = new ByteArrayContent(sheet.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string detailStart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await BodyAsync(response);
        Assert.Equal((field, (int)status), ((string)body["field"]!, (int)body["status"]!));
        Assert.Equal(EduFlows.Hosting.FieldProblem.TitleZh((int)status), (string)body["title"]!);
        Assert.StartsWith(detailStart, (string)body["detail"]!, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    // A selection whose interview is today: stf-1 and stf-2 admitted with written scores, the panel ext-1..ext-3 drawn.
    private async Task<(string Id, OpenSelectionStore Store, SelectionTimetable Timetable, DateTimeOffset Now)> InterviewDayWithPanelAsync()
    {
        var timetable = new SelectionTimetable(_today.AddDays(-10), _today.AddDays(-9), _today.AddDays(-7), _today.AddDays(-3), _today, 5);
        string id = await PublishAsync(timetable);
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        var judges = PanelDraw.Groups.Select((g, i) => new StaffMember { Id = $"ext-{i + 1}", Name = $"{PanelDraw.GroupName(g)}{i + 1}", Gender = "male", Email = $"ext-{i + 1}@judges.example.cn", Post = g }).ToList();
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(judges, None);
        var applicants = new[] { TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn"), TaskHarness.Staff("stf-2", "李校长", "li.principal@qz.example.cn") };
        var now = DateTimeOffset.UtcNow;
        foreach (var applicant in applicants)
        {
            Assert.Null((await store.ChangeAsync(id, s => s.Apply(applicant, applicant.Id == "stf-1" ? "p01" : "p02", "简述", now.AddDays(-10)), None)).Refusal);
            Assert.Null((await store.ChangeAsync(id, s => s.Decide(applicant.Id, true, "符合条件", "stf-3", now.AddDays(-8)), None)).Refusal);
        }

        Assert.Null((await store.ChangeAsync(id, s => s.TakeWrittenScores(new Dictionary<string, decimal?> { ["stf-1"] = 80, ["stf-2"] = 70 }, now), None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.DrawPanel(judges, judges.Concat(applicants).ToDictionary(p => p.Id), [], 7, now), None)).Refusal);
        return (id, store, timetable, now);
    }
}
