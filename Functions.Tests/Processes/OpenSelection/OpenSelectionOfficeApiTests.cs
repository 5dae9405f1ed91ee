using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Calendar;
using EduFlows.Hosting;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The office's open-selection pages through the whole app (master key): the list with each process's stage and
/// version, one selection's candidates, panel, notice and objections in zh-CN HTML or JSON by Accept, and an objection
/// answered on its confirmation page (bad input 422 and nothing changed; twice 409).
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OpenSelectionOfficeApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private HttpClient _forms = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        _forms = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _forms.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SelectionPage_ShowsCandidatesPanelNoticeAndObjections_InHtmlOrJson_AndAnObjectionIsAnsweredOnItsForm()
    {
        var (id, first, second) = await AtTheNoticeWithAnObjectionAsync(Store);
        string page = $"/api/office/open-selections/{id}";

        var noKey = await _http.GetAsync(page);
        var html = await GetAsync(page, "text/html");
        var json = JsonNode.Parse(await (await GetAsync(page, "application/json")).Content.ReadAsStringAsync())!;
        var unknown = await GetAsync("/api/office/open-selections/nope", "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        string body = await html.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\"", body, StringComparison.Ordinal);
        Assert.Contains("未启动流程", body, StringComparison.Ordinal);
        Assert.Contains("公示至 2026-10-08", body, StringComparison.Ordinal);
        Assert.Contains($"objections/obj-1/upheld?code={TaskAppFactory.MasterKey}", body, StringComparison.Ordinal);
        Assert.Equal((2, 3), (json["candidates"]!.AsArray().Count, json["panel"]!.AsArray().Count));
        Assert.Equal(["拟任", "未入选"], json["candidates"]!.AsArray().Select(c => (string)c!["standing"]!));
        Assert.All(json["panel"]!.AsArray(), j => Assert.Equal((2, 2), ((int)j!["scored"]!, (int)j["of"]!)));
        Assert.Equal(("2026-10-08", (string?)null), ((string)json["noticeEnds"]!, (string?)json["objections"]![0]!["finding"]));
        Assert.Null((string?)json["version"]);
        Assert.Equal((HttpStatusCode.NotFound, "id"), (unknown.StatusCode, (string)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["field"]!));

        // The objection's form: shown, refused without a finding (nothing changes), done, and refused the second time.
        string form = $"/api/office/open-selections/{id}/objections/obj-1/upheld";
        var shown = await GetAsync(form, "text/html");
        var empty = await PostAsync(form, "application/json", string.Empty);
        using var jsonPost = new HttpRequestMessage(HttpMethod.Post, form + "?code=" + TaskAppFactory.MasterKey) { Content = JsonContent.Create(new { note = "以 JSON 提交" }) };
        jsonPost.Headers.Add("Accept", "application/json");
        var notAForm = await _http.SendAsync(jsonPost);
        var unchanged = (await Store.GetAsync(id, None))!;
        var done = await PostAsync(form, "text/html", "经核查学历证书不实");
        var twice = await PostAsync(form, "application/json", "再答一次");
        var badOutcome = await GetAsync($"/api/office/open-selections/{id}/objections/obj-1/maybe", "application/json");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("答复公示异议", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "note"), (empty.StatusCode, (string)JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["field"]!));
        Assert.Null(unchanged.Objections.Single().Upheld);
        var notAFormProblem = JsonNode.Parse(await notAForm.Content.ReadAsStringAsync())!;
        Assert.Equal((HttpStatusCode.BadRequest, "body"), (notAForm.StatusCode, (string)notAFormProblem["field"]!));
        Assert.StartsWith("表单无法读取", (string)notAFormProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("已记录：异议成立", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badOutcome.StatusCode);
        var after = (await Store.GetAsync(id, None))!;
        Assert.Equal((true, "经核查学历证书不实", "组织科（主密钥）"), (after.Objections.Single().Upheld, after.Objections.Single().Answer, after.Objections.Single().AnsweredBy));
        Assert.Equal([second], after.AwaitingInspection());
        Assert.DoesNotContain(after.Ranking(), r => r.StaffId == first && r.Standing == Standing.Proposed);
        Assert.Contains(after.Trail, e => e.Kind == "objection-answer" && e.Actor == "组织科（主密钥）");

        // The office's act log names who answered (here the key); the refused posts left nothing there.
        var act = Assert.Single(await _app.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, None));
        Assert.Equal((OfficeVisitor.MasterKeyActor, "OfficeOpenSelectionObjection", $"open-selections/{id}/objections/obj-1/upheld"), (act.Entry.Actor, act.Entry.Kind, act.Entry.Subject));
        Assert.Equal([new OfficeActField("outcome", "结论", "异议成立"), new OfficeActField("note", "核查结果", "经核查学历证书不实")], act.Payload!.Fields);
    }

    [Fact]
    public async Task DecisionsOnThePage_ByASignedInOfficePerson_NameThemInTheTrail_AndTheAuditLog_AndOlderEntriesReadAsBefore()
    {
        var (id, first, second) = await AtTheNoticeWithAnObjectionAsync(Store);
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", "stf-3", BureauOffice: true)], None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-3", "赵主任", "zhao.office@qz.example.cn") with { DepartmentId = "dep-01", Post = "bureau-cadre" }], None);
        using var office = await StaffSessions.SignInAsync(_app, "zhao.office@qz.example.cn");
        int trailBefore = (await Store.GetAsync(id, None))!.Trail.Count;

        var upheld = await SessionPostAsync(office, $"/api/office/open-selections/{id}/objections/obj-1/upheld", "经核查学历证书不实");
        var passed = await SessionPostAsync(office, $"/api/office/open-selections/{id}/inspections/{second}/passed", "递补人选德才表现良好");
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/api/office/open-selections/{id}");
        page.Headers.Accept.Clear();
        page.Headers.Accept.ParseAdd("text/html");
        string html = await (await office.SendAsync(page)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, upheld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        const string Zhao = "组织科 赵主任（stf-3）";
        var after = (await Store.GetAsync(id, None))!;
        Assert.Equal((true, Zhao), (after.Objections.Single().Upheld, after.Objections.Single().AnsweredBy));
        Assert.Equal(
            [("objection-answer", Zhao, first), ("inspection", Zhao, second)],
            after.Trail.Skip(trailBefore).Select(e => (e.Kind, e.Actor, e.Subject)));

        // The entries before stand as written: the first candidate's inspection under the section's name.
        Assert.Equal(SelectionCase.Organisation, after.Trail.Single(e => e.Kind == "inspection" && e.Subject == first).Actor);
        Assert.Contains($"经核查学历证书不实（{Zhao}）", html, StringComparison.Ordinal);
        var logged = await _app.Services.GetRequiredService<EduFlows.AuditLog.AuditLogStore>().LatestAsync(SelectionAudit.StreamOf(id), 2, None);
        Assert.Equal([($"{id}-{trailBefore + 1:D6}", Zhao), ($"{id}-{trailBefore + 2:D6}", Zhao)], logged.Select(e => (e.EntryId, e.Actor)));
        Assert.All(await _app.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, None), a => Assert.Equal("stf-3", a.Entry.Actor));
    }

    [Fact]
    public async Task AnObjectionAnsweredOnThePageBeforeTheTrailNamedThePerson_StillReadsAsItWasRecorded()
    {
        var (id, _, _) = await AtTheNoticeWithAnObjectionAsync(Store);
        Assert.Null((await Store.ChangeAsync(id, s => s.Answer("obj-1", false, "经核查不属实", OpenSelectionDesk.OfficePage, OpenSelectionHarness.Local(9, 26)), None)).Refusal);

        string html = await (await GetAsync($"/api/office/open-selections/{id}", "text/html")).Content.ReadAsStringAsync();
        var json = JsonNode.Parse(await (await GetAsync($"/api/office/open-selections/{id}", "application/json")).Content.ReadAsStringAsync())!;

        Assert.Contains("经核查不属实（组织科（办公室页面））", html, StringComparison.Ordinal);
        Assert.Equal("组织科（办公室页面）", (string)json["objections"]![0]!["answeredBy"]!);
    }

    [Fact]
    public async Task ListPage_ShowsEachSelectionsStageAndVersion_AndIsLinkedFromTheOfficeHome()
    {
        var (notStarted, _, _) = await AtTheNoticeWithAnObjectionAsync(Store);
        string started = "sel-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await Store.PublishAsync(started, Announcement(), _app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), None));
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Null(await _app.Services.GetRequiredService<OpenSelectionDesk>().StartAsync(client, started, new ProcessStart("stf-3", []), None));

        // The version is in the instance's history once its first step has run.
        JsonArray list;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        do
        {
            await Task.Delay(100, cts.Token);
            list = JsonNode.Parse(await (await GetAsync("/api/office/open-selections", "application/json")).Content.ReadAsStringAsync())!.AsArray();
        }
        while ((string?)list.Single(s => (string)s!["id"]! == started)!["version"] != OpenSelectionOrchestration.CurrentVersion);

        var row = list.Single(s => (string)s!["id"]! == notStarted)!;
        Assert.Equal(("未启动流程", (string?)null), ((string)row["state"]!, (string?)row["version"]));
        Assert.NotEqual(string.Empty, (string)list.Single(s => (string)s!["id"]! == started)!["stage"]!);
        string html = await (await GetAsync("/api/office/open-selections", "text/html")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/api/office/open-selections/{started}?code={TaskAppFactory.MasterKey}\"", html, StringComparison.Ordinal);
        string home = await (await GetAsync("/api/office", "text/html")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/api/office/open-selections?code={TaskAppFactory.MasterKey}\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishForm_RefusesBadInputInChineseAndStoresNothing_ThenPublishes_AndIsLinkedFromTheList()
    {
        var today = _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow);
        string D(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        (string Name, string Value)[] form =
        [
            ("id", id), ("title", "2027年教育局中层干部阳光选优"), ("posts", "p01 人事科副科长 1 1\np02，教研室副主任，2"),
            ("eligibility.maxAge", "45"), ("eligibility.minTitle", "first-grade"), ("eligibility.sections", "小学、初中"),
            ("weights.written", "40"), ("weights.interview", "60"),
            ("timetable.applicationsOpen", D(1)), ("timetable.applicationsClose", D(5)), ("timetable.reviewCloses", D(8)),
            ("timetable.writtenTestOn", D(12)), ("timetable.interviewOn", D(15)), ("judgesPerGroup", "2"),
        ];
        const string Path = "/api/office/open-selections/publish";

        var anonymous = await OfficeFormPosts.PostAsync(_forms, Path, form, key: null);
        var badWeights = await OfficeFormPosts.PostAsync(_forms, Path, form.With("weights.written", "30"));
        var badPost = await OfficeFormPosts.PostAsync(_forms, Path, form.With("posts", "p01 人事科副科长 1\np02 教研室副主任 两人"));
        var zeroCount = await OfficeFormPosts.PostAsync(_forms, Path, form.With("posts", "p01 人事科副科长 1\np02 p03 0"));
        var noDate = await OfficeFormPosts.PostAsync(_forms, Path, [.. form.Where(f => f.Name != "timetable.interviewOn")]);
        var unchanged = await Store.GetAsync(id, None);
        var done = await OfficeFormPosts.PostAsync(_forms, Path, form);
        var taken = await OfficeFormPosts.PostAsync(_forms, Path, form);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badWeights.StatusCode);
        Assert.Contains("各环节权重之和须为 100，现为 90", await badWeights.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPost.StatusCode);
        Assert.Contains("无法读取“p02 教研室副主任 两人”", await badPost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zeroCount.StatusCode);
        Assert.Contains("“岗位（必填）第2项”：岗位职数须为 1 至 100", await zeroCount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDate.StatusCode);
        Assert.Contains("请填写面试日期", await noDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(unchanged);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/open-selections/{id}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains($"选拔编号“{id}”已被使用", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var published = (await Store.GetAsync(id, None))!.Announcement;
        Assert.Equal([new SelectionPost("p01", "人事科副科长", 1, 1), new SelectionPost("p02", "教研室副主任", 2, 0)], published.Posts);
        Assert.Equal((45, "first-grade"), (published.Eligibility.MaxAge, published.Eligibility.MinTitle));
        Assert.Equal(["primary", "junior"], published.Eligibility.Sections);
        Assert.Equal((new StageWeights(40, 60), today.AddDays(15), 2), (published.Weights, published.Timetable.InterviewOn, published.JudgesPerGroup));
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/open-selections");
        Assert.Contains($"href=\"{Path}?code={TaskAppFactory.MasterKey}\"", list, StringComparison.Ordinal);
        string page = await OfficeFormPosts.GetPageAsync(_http, $"/api/office/open-selections/{id}");
        Assert.Contains($"href=\"/api/office/open-selections/{id}/start?code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartForm_RefusesAnUnknownOfficeMemberInChineseAndStartsNothing_ThenStartsOnce()
    {
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await Store.PublishAsync(id, Announcement(), DateTimeOffset.UtcNow, None));
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string path = $"/api/office/open-selections/{id}/start";

        var anonymous = await OfficeFormPosts.PostAsync(_forms, path, [("officeId", "stf-3")], key: null);
        var unknown = await OfficeFormPosts.PostAsync(_forms, path, [("officeId", "stf-nobody")]);
        var badConflict = await OfficeFormPosts.PostAsync(_forms, path, [("officeId", "stf-3"), ("declaredConflicts", "ext-1 stf-1")]);
        var notStarted = await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None);
        var done = await OfficeFormPosts.PostAsync(_forms, path, [("officeId", "stf-3"), ("declaredConflicts", "ext-1 stf-1 夫妻")]);
        var twice = await OfficeFormPosts.PostAsync(_forms, path, [("officeId", "stf-3")]);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("请填写组织科经办人的人员编号（须在人员库中）", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badConflict.StatusCode);
        Assert.Contains("回避申报须写明评委、报名人和关系", await badConflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(notStarted);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/open-selections/{id}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.NotNull(await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), None));
        var act = Assert.Single(await _app.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, None));
        Assert.Equal(("OfficeOpenSelectionStart", $"open-selections/{id}/start"), (act.Entry.Kind, act.Entry.Subject));
    }

    [Fact]
    public async Task WrittenScoresForm_TakesAFileField_ListsEveryBadRowInChineseAndTakesNothing_ThenTakesTheSheet()
    {
        // The written test was yesterday; the review (closed) found both eligible.
        var today = _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow);
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        var announcement = Announcement() with { Timetable = new SelectionTimetable(today.AddDays(-6), today.AddDays(-5), today.AddDays(-3), today.AddDays(-1), today.AddDays(2), 5) };
        Assert.True(await Store.PublishAsync(id, announcement, DateTimeOffset.UtcNow.AddDays(-7), None));
        foreach (var (staffId, name, email) in new[] { ("stf-1", "王芳", "wang.fang@qz.example.cn"), ("stf-2", "李校长", "li.principal@qz.example.cn") })
        {
            Assert.Null((await Store.ChangeAsync(id, s => s.Apply(TaskHarness.Staff(staffId, name, email), "p01", "简述", DateTimeOffset.UtcNow.AddDays(-6)), None)).Refusal);
            Assert.Null((await Store.ChangeAsync(id, s => s.Decide(staffId, true, "符合条件", "stf-3", DateTimeOffset.UtcNow.AddDays(-4)), None)).Refusal);
        }

        string path = $"/api/office/open-selections/{id}/written-scores";
        string header = $"{WrittenScoreSheet.IdColumn},{WrittenScoreSheet.NameColumn},{WrittenScoreSheet.ScoreColumn}\n";
        string selectionPage = await OfficeFormPosts.GetPageAsync(_http, $"/api/office/open-selections/{id}");
        string form = await OfficeFormPosts.GetPageAsync(_http, path);
        var template = await GetAsync($"/api/office/open-selections/{id}/written-scores/template/csv", "text/csv");

        var anonymous = await UploadAsync(path, "scores.csv", header + "stf-1,王芳,80\nstf-2,李校长,70\n", key: null);
        var noFile = await UploadAsync(path, null, string.Empty);
        var notASheet = await UploadAsync(path, "scores.txt", header + "stf-1,王芳,80\nstf-2,李校长,70\n");
        var bad = await UploadAsync(path, "scores.csv", header + "stf-1,张冠李戴,80\nstf-2,李校长,101\n");
        var nothingTaken = (await Store.GetAsync(id, None))!.WrittenScores.Count;
        using var xlsx = OpenSelectionHarness.Sheet([("stf-1", "王芳", "80"), ("stf-2", "李校长", WrittenScoreSheet.Absent)]);
        var done = await UploadAsync(path, "成绩.xlsx", xlsx.ToArray());
        var twice = await UploadAsync(path, "scores.csv", header + "stf-1,王芳,80\nstf-2,李校长,70\n");

        Assert.Contains($"href=\"{path}?code={TaskAppFactory.MasterKey}\"", selectionPage, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", form, StringComparison.Ordinal);
        Assert.Contains("<input type=\"file\" id=\"file\" name=\"file\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Contains("stf-2,李校长,", await template.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("请选择笔试成绩表文件", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notASheet.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        string badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("笔试成绩表有 2 处错误，未导入任何成绩", badPage, StringComparison.Ordinal);
        Assert.Contains("姓名“张冠李戴”与人员编号 stf-1 登记的“王芳”不符", badPage, StringComparison.Ordinal);
        Assert.Contains("<tr data-row=\"3\">", badPage, StringComparison.Ordinal);
        Assert.Equal(0, nothingTaken);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/open-selections/{id}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("笔试成绩已导入", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var taken = (await Store.GetAsync(id, None))!.WrittenScores;
        Assert.Equal([("stf-1", (decimal?)80m), ("stf-2", null)], taken.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value)));
        var act = Assert.Single(await _app.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, None));
        Assert.Equal(("OfficeOpenSelectionWrittenScores", $"open-selections/{id}/written-scores"), (act.Entry.Kind, act.Entry.Subject));
    }

    private Task<HttpResponseMessage> UploadAsync(string path, string? fileName, string text, string? key = TaskAppFactory.MasterKey) =>
        UploadAsync(path, fileName, System.Text.Encoding.UTF8.GetBytes(text), key);

    private async Task<HttpResponseMessage> UploadAsync(string path, string? fileName, byte[] file, string? key = TaskAppFactory.MasterKey)
    {
        var content = new MultipartFormDataContent();
        if (fileName is null)
        {
            content.Add(new StringContent("x"), "note");
        }
        else
        {
            content.Add(new ByteArrayContent(file), "file", fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, key is null ? path : $"{path}?code={key}") { Content = content };
        request.Headers.Accept.ParseAdd("text/html");
        return await _forms.SendAsync(request);
    }

    private OpenSelectionStore Store => _app.Services.GetRequiredService<OpenSelectionStore>();

    private static SelectionAnnouncement Announcement() => OpenSelectionHarness.Announcement(posts: 1, judgesPerGroup: 1);

    // A selection taken by its rules to the notice (2026-09-24 to 10-08): two candidates on one post, the first proposed
    // and inspected, an anonymous objection against them unanswered.
    internal static async Task<(string Id, string First, string Second)> AtTheNoticeWithAnObjectionAsync(OpenSelectionStore store)
    {
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await store.PublishAsync(id, Announcement(), OpenSelectionHarness.Local(9, 1, 8), None));
        var people = new[] { OpenSelectionHarness.Applicant(1), OpenSelectionHarness.Applicant(2) };
        var judges = PanelDraw.Groups.Select(g => new StaffMember { Id = "ext-" + g, Name = PanelDraw.GroupName(g) + "甲", Gender = "male", Post = g }).ToList();
        var change = await store.ChangeAsync(
            id,
            s =>
            {
                foreach (var p in people)
                {
                    Assert.Null(s.Apply(p, "p01", "任现职以来的主要工作", OpenSelectionHarness.Local(9, 2)));
                    Assert.Null(s.Decide(p.Id, true, "符合条件", "stf-3", OpenSelectionHarness.Local(9, 5)));
                }

                Assert.Null(s.TakeWrittenScores(new Dictionary<string, decimal?> { [people[0].Id] = 90, [people[1].Id] = 80 }, OpenSelectionHarness.Local(9, 16)));
                Assert.Null(s.DrawPanel(judges, people.Concat(judges).ToDictionary(p => p.Id), [], 7, OpenSelectionHarness.Local(9, 24, 7)));
                Assert.All(judges, j => Assert.All(people, p => Assert.Null(s.Score(j.Id, p.Id, 80, OpenSelectionHarness.Local(9, 24)))));
                Assert.Null(s.Inspect(people[0].Id, true, "德才表现良好", OpenSelectionHarness.Local(9, 24, 15)));
                s.StartNotice(OpenSelectionHarness.Local(9, 24, 16), new WorkingDays(CalendarSeed.Schedules));
                Assert.Null(s.RaiseObjection("obj-1", people[0].Id, "反映其学历造假", null, OpenSelectionHarness.Local(9, 25)).Refusal);
                return null;
            },
            None);
        Assert.Null(change.Refusal);
        return (id, people[0].Id, people[1].Id);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?code=" + TaskAppFactory.MasterKey);
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }

    // As the office person's browser posts the page's form: same origin, HTML back.
    private static async Task<HttpResponseMessage> SessionPostAsync(HttpClient office, string path, string note)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("note", note)]) };
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Origin", "https://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await office.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string accept, string note)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "?code=" + TaskAppFactory.MasterKey) { Content = new FormUrlEncodedContent([new("note", note)]) };
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }
}
