using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Calendar;
using EduFlows.Hosting;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench.Operations;
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

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
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
