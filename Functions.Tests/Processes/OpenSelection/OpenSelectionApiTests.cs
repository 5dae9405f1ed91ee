using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Calendar;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// <c>/api/open-selections</c> through the whole app on Azurite: the office publishes (422 naming the field, 409 for a
/// taken id), staff signed in by e-mail apply and edit with a confirmation mail, objections during the notice; every
/// step taken is in the selection's audit stream, and refusals carry the rules' statuses in Chinese.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OpenSelectionApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        var clock = _app.Services.GetRequiredService<BureauClock>();
        _today = clock.DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Publish_WithTheMasterKey_422NamingTheField_409ForATakenId()
    {
        string id = NewId();
        var noKey = await _http.PostAsJsonAsync("/api/open-selections", Announcement(id));
        var badWeights = await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id, weights: new { written = 30, interview = 60 }));
        var badId = await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement("Cadres 2017"));
        var published = await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id));
        var again = await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id));
        var status = await SendAsync(HttpMethod.Get, $"/api/open-selections/{id}");
        var unknown = await SendAsync(HttpMethod.Get, "/api/open-selections/nope");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "weights"), (badWeights.StatusCode, await FieldAsync(badWeights)));
        Assert.Contains("各环节权重之和须为 100，现为 90", (string)(await BodyAsync(badWeights))["detail"]!, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "id"), (badId.StatusCode, await FieldAsync(badId)));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "id"), (again.StatusCode, await FieldAsync(again)));
        Assert.Equal("2017年教育局中层干部阳光选优", (string)(await BodyAsync(status))["title"]!);
        Assert.Equal((HttpStatusCode.NotFound, "id"), (unknown.StatusCode, await FieldAsync(unknown)));
    }

    [Fact]
    public async Task Apply_SignedIn_EditsUntilTheDeadline_ConfirmsByMail_AndEveryStepIsInTheAuditStream()
    {
        string id = NewId();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id))).StatusCode);
        var browser = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var anonymous = StaffSessions.Browser(_app);

        var notSignedIn = await anonymous.PutAsJsonAsync($"/api/open-selections/{id}/application", new { postId = "p01", statement = "简述" });
        var applied = await browser.PutAsJsonAsync($"/api/open-selections/{id}/application", new { postId = "p01", statement = "任现职以来的主要工作" });
        var edited = await browser.PutAsJsonAsync($"/api/open-selections/{id}/application", new { postId = "p02", statement = "改报教研室" });
        var badPost = await browser.PutAsJsonAsync($"/api/open-selections/{id}/application", new { postId = "p99", statement = "简述" });
        var noSelection = await browser.PutAsJsonAsync("/api/open-selections/nope/application", new { postId = "p01", statement = "简述" });

        Assert.Equal(HttpStatusCode.Unauthorized, notSignedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("p02", (string)(await BodyAsync(edited))["postId"]!);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "postId"), (badPost.StatusCode, await FieldAsync(badPost)));
        Assert.StartsWith("请选择公告中的岗位", (string)(await BodyAsync(badPost))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noSelection.StatusCode);
        var stored = (await _app.Services.GetRequiredService<OpenSelectionStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(("p02", "改报教研室"), (stored.Applications["stf-1"].PostId, stored.Applications["stf-1"].Statement));

        // One confirmation per change, in Chinese.
        var mails = await WaitForMailsAsync("wang.fang@qz.example.cn", "【阳光选优】报名已收到：2017年教育局中层干部阳光选优", 2);
        Assert.Contains(mails, m => m.Text!.Contains("教研室副主任", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Empty(ChineseText.LatinWords(m.Text!)));

        var verified = await (await SendAsync(HttpMethod.Get, $"/api/audit/{SelectionAudit.StreamOf(id)}/verify")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((2, true), ((int)verified!["entries"]!, (bool)verified["intact"]!));
    }

    [Fact]
    public async Task Objections_OnlyDuringTheNotice_AnonymousOrNamed_InTheAuditStream()
    {
        string id = NewId();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id))).StatusCode);
        using var anyone = StaffSessions.Browser(_app);
        var tooEarly = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/objections", new { againstStaffId = "stf-1", text = "反映问题" });

        // The selection up to its notice, taken through the store on the timetable's days.
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        var zone = _app.Services.GetRequiredService<BureauClock>().Zone;
        DateTimeOffset On(int days, int hour = 10) => new DateTimeOffset(_today.AddDays(days).ToDateTime(new TimeOnly(hour, 0)), zone.GetUtcOffset(_today.AddDays(days).ToDateTime(TimeOnly.MinValue)));
        var applicant = TaskHarness.Staff("stf-1", "王芳", "wang.fang@qz.example.cn");
        var judges = Enumerable.Range(0, 3).Select(i => new StaffMember { Id = $"ext-{i}", Name = $"评委{i}", Gender = "male", Post = PanelDraw.Groups[i] }).ToList();
        Assert.Null((await store.ChangeAsync(id, s => s.Apply(applicant, "p01", "简述", On(0)), CancellationToken.None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.Decide("stf-1", true, "符合条件", "组织科", On(4)), CancellationToken.None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.TakeWrittenScores(new Dictionary<string, decimal?> { ["stf-1"] = 80 }, On(9)), CancellationToken.None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => s.DrawPanel(judges, judges.Append(applicant).ToDictionary(p => p.Id), [], 1, On(9)), CancellationToken.None)).Refusal);
        foreach (var judge in judges)
        {
            Assert.Null((await store.ChangeAsync(id, s => s.Score(judge.Id, "stf-1", 85, On(12)), CancellationToken.None)).Refusal);
        }

        Assert.Null((await store.ChangeAsync(id, s => s.Inspect("stf-1", true, "德才表现良好", On(12)), CancellationToken.None)).Refusal);
        Assert.Null((await store.ChangeAsync(id, s => { s.StartNotice(On(0), new WorkingDays(CalendarSeed.Schedules)); return null; }, CancellationToken.None)).Refusal);

        var notOnTheNotice = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/objections", new { againstStaffId = "stf-2", text = "反映问题" });
        var empty = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/objections", new { againstStaffId = "stf-1", text = " " });
        var anonymousOne = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/objections", new { againstStaffId = "stf-1", text = "反映工作作风问题" });
        var namedOne = await anyone.PostAsJsonAsync($"/api/open-selections/{id}/objections", new { againstStaffId = "stf-1", text = "反映考勤问题", senderName = "李某" });

        Assert.Equal((HttpStatusCode.Conflict, "againstStaffId"), (tooEarly.StatusCode, await FieldAsync(tooEarly)));
        Assert.StartsWith("公示尚未开始", (string)(await BodyAsync(tooEarly))["detail"]!, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "againstStaffId"), (notOnTheNotice.StatusCode, await FieldAsync(notOnTheNotice)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "text"), (empty.StatusCode, await FieldAsync(empty)));
        Assert.Equal(HttpStatusCode.Created, anonymousOne.StatusCode);
        Assert.True((bool)(await BodyAsync(anonymousOne))["anonymous"]!);
        Assert.Equal(HttpStatusCode.Created, namedOne.StatusCode);
        var stored = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal([null, "李某"], stored.Objections.Select(o => o.SenderName));

        // The two objections went to the audit stream as they came; the steps taken through the store directly did not.
        var listed = await (await SendAsync(HttpMethod.Get, $"/api/audit/{SelectionAudit.StreamOf(id)}")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["objection", "objection"], listed!["entries"]!.AsArray().Select(e => (string)e!["kind"]!));

        // The report, as JSON and as the Excel workbook the office files.
        var report = await BodyAsync(await SendAsync(HttpMethod.Get, $"/api/open-selections/{id}/report"));
        var xlsx = await SendAsync(HttpMethod.Get, $"/api/open-selections/{id}/report?format=xlsx");
        var noReport = await SendAsync(HttpMethod.Get, "/api/open-selections/nope/report");
        Assert.Equal((1, 1), ((int)report["applicants"]!, (int)report["eligible"]!));
        var row = report["rows"]!.AsArray().Single()!;
        Assert.Equal(("人事科副科长", "王芳", 1), ((string)row["post"]!, (string)row["name"]!, (int)row["rank"]!));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var (header, rows) = EduFlows.StaffDirectory.RosterFile.Read(await xlsx.Content.ReadAsStreamAsync(), EduFlows.StaffDirectory.RosterFile.Format.Xlsx);
        Assert.Equal(SelectionReport.Columns, header);
        Assert.Contains(rows, r => r.Cells.Values.Contains("王芳"));
        Assert.Equal(HttpStatusCode.NotFound, noReport.StatusCode);
    }

    [Fact]
    public async Task UnreadableBodies_AreRefusedInChinese_NamingTheField_AndNothingIsStored()
    {
        string id = NewId();
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/open-selections") { Content = ProblemAssertions.Raw($"id={id}", "text/plain") };
        publish.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        var notJson = await _http.SendAsync(publish);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/open-selections", Announcement(id))).StatusCode);
        var browser = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var anyone = StaffSessions.Browser(_app);

        var broken = await browser.PutAsync($"/api/open-selections/{id}/application", ProblemAssertions.Raw("{\"postId\": ", "application/json"));
        var wrongShape = await anyone.PostAsync($"/api/open-selections/{id}/objections", ProblemAssertions.Raw("{\"againstStaffId\": \"stf-1\", \"text\": 5}", "application/json"));

        // Where a broken document breaks off is the reader's to say; what matters is that the applicant reads Chinese.
        foreach (var (response, status, field, start) in new[]
        {
            (notJson, HttpStatusCode.UnsupportedMediaType, "body", "内容须为 JSON 格式"),
            (broken, HttpStatusCode.BadRequest, (string?)null, (string?)null),
            (wrongShape, HttpStatusCode.BadRequest, "text", "“text”无法读取"),
        })
        {
            var body = await BodyAsync(response);
            Assert.Equal((status, (int)status), (response.StatusCode, (int)body["status"]!));
            Assert.Equal(EduFlows.Hosting.FieldProblem.TitleZh((int)status), (string)body["title"]!);
            Assert.Matches(@"^\p{IsCJKSymbolsandPunctuation}|^\p{IsCJKUnifiedIdeographs}|^“", (string)body["detail"]!);
            if (field is not null)
            {
                Assert.Equal(field, (string)body["field"]!);
                Assert.StartsWith(start!, (string)body["detail"]!, StringComparison.Ordinal);
            }
        }

        var stored = (await _app.Services.GetRequiredService<OpenSelectionStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Empty(stored.Applications);
        Assert.Empty(stored.Objections);
    }

    private object Announcement(string id, object? weights = null) => new
    {
        id,
        title = "2017年教育局中层干部阳光选优",
        posts = new[] { new { id = "p01", name = "人事科副科长", count = 1 }, new { id = "p02", name = "教研室副主任", count = 1 } },
        weights = weights ?? new { written = 40, interview = 60 },
        timetable = new
        {
            applicationsOpen = Day(0), applicationsClose = Day(3), reviewCloses = Day(6), writtenTestOn = Day(9), interviewOn = Day(12), noticeWorkingDays = 5,
        },
        judgesPerGroup = 1,
    };

    private string Day(int days) => _today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string NewId() => "sel-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }

    private static async Task<string> FieldAsync(HttpResponseMessage response) => (string)(await BodyAsync(response))["field"]!;

    // Bodies read once and kept: a test asks for the field and then the detail of the same answer.
    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<IReadOnlyList<EduFlows.Notifications.DevMail>> WaitForMailsAsync(string to, string subject, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = _app.Mailbox.All.Where(m => m.To.Contains(to) && m.Subject == subject).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
