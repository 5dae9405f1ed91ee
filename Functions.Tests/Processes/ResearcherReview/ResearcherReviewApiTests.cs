using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>The review's HTTP API on the whole app (Azurite, sessions by e-mail link): who may read and write what.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ResearcherReviewApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Review = "researcher-review-2026H1-junior";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-tr", "教研室", "o1", TeachingResearchOffice: true)], CancellationToken.None);
        await directory.Schools.ApplyAsync([new School("s1", "弥河中心初级中学", "junior", "弥河镇", true, "p1")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                HalfYearReviewTests.Researcher("r1", "周敏", "zhou.min@qz.example.cn"),
                HalfYearReviewTests.Researcher("r2", "吴强", "wu.qiang@qz.example.cn"),
                new StaffMember { Id = "o1", Name = "赵主任", Gender = "male", Email = "zhao.office@qz.example.cn", DepartmentId = "dep-tr", Post = "bureau-cadre" },
                new StaffMember { Id = "t1", Name = "孙老师", Gender = "female", Email = "sun.teacher@qz.example.cn", SchoolId = "s1", Post = "teacher" },
            ],
            CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Schemes_AnInvalidReplacementIsRefusedByField_AValidOneBecomesTheNextVersion()
    {
        using var admin = Client(TaskAppFactory.MasterKey, "o1");
        using var nobodyNamed = Client(TaskAppFactory.MasterKey);
        var defaults = await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior", Json);
        var bad = defaults! with { LevelA = [.. defaults.LevelA.Select(a => a.Id == "quality" ? a with { Weight = 30 } : a)], Indicators = [defaults.Indicators[0] with { LevelA = "nowhere", MaxPoints = 0 }, .. defaults.Indicators.Skip(1)] };
        using var anonymous = Client(null);

        var refused = await admin.PutAsJsonAsync("/api/researcher-reviews/schemes/junior", bad, Json);
        var unchanged = await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior", Json);
        var noKey = await anonymous.PutAsJsonAsync("/api/researcher-reviews/schemes/junior", defaults, Json);
        var unnamed = await nobodyNamed.PutAsJsonAsync("/api/researcher-reviews/schemes/junior", defaults, Json);
        var holes = await admin.PutAsync("/api/researcher-reviews/schemes/junior", new StringContent(
            """{"section":"junior","version":0,"levelA":[null],"indicators":[null],"bonuses":[],"bonusCap":5,"panel":{}}""", System.Text.Encoding.UTF8, "application/json"));
        var stored = await admin.PutAsJsonAsync("/api/researcher-reviews/schemes/junior", defaults with { BonusCap = 6 }, Json);
        var current = await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior", Json);
        var first = await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior?version=1", Json);

        Assert.Equal((1, 4, 22), (defaults.Version, defaults.LevelA.Count, defaults.Indicators.Count));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Equal(["levelA", "indicators[0].levelA", "indicators[0].maxPoints"], errors);
        Assert.Equal(1, unchanged!.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unnamed.StatusCode);
        Assert.Equal(ResearcherReviewApi.ActingStaffHeader, (string)(await unnamed.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, holes.StatusCode);
        Assert.Equal(["levelA[0]", "levelA", "indicators[0]"], (await holes.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal((2, 6m, "o1"), (current!.Version, current.BonusCap, current.SavedBy));
        Assert.Equal((1, 8m), (first!.Version, first.BonusCap));
    }

    [Fact]
    public async Task Records_AResearcherLogsAndReadsOnlyTheirOwn_TheOfficeCorrectsWithAReason()
    {
        using var r1 = await StaffSessions.SignInAsync(_app, "zhou.min@qz.example.cn");
        using var r2 = await StaffSessions.SignInAsync(_app, "wu.qiang@qz.example.cn");
        using var teacher = await StaffSessions.SignInAsync(_app, "sun.teacher@qz.example.cn");
        using var office = Client(TaskAppFactory.MasterKey, "o1");
        using var viaLink = Client(null);
        var r1Task = ScoringTask("r1", "周敏", "r2");
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(r1Task, CancellationToken.None);
        string r1Link = _app.Services.GetRequiredService<TaskLinks>().For(r1Task).Query;

        var noSchool = await r1.PostAsJsonAsync("/api/researcher-reviews/records", new { kind = "school-visit", date = "2026-03-02", description = "视导" });
        var logged = await r1.PostAsJsonAsync("/api/researcher-reviews/records", new { kind = "school-visit", date = "2026-03-02", schoolId = "s1", description = "常规视导" });
        var forOther = await r1.PostAsJsonAsync("/api/researcher-reviews/records", new { researcherId = "r2", kind = "lecture", date = "2026-03-02", description = "讲座" });
        var byTeacher = await teacher.PostAsJsonAsync("/api/researcher-reviews/records", new { kind = "lecture", date = "2026-03-02", description = "讲座" });
        var othersRecords = await r2.GetAsync("/api/researcher-reviews/records?researcherId=r1&year=2026&half=1");
        var fromTaskLink = await viaLink.PostAsJsonAsync("/api/researcher-reviews/records" + r1Link, new { kind = "lecture", date = "2026-05-20", description = "初中数学专题讲座" });
        var tooOld = await r1.PostAsJsonAsync("/api/researcher-reviews/records", new { kind = "lecture", date = "2025-12-31", description = "去年的讲座" });
        var badYear = await r1.GetAsync("/api/researcher-reviews/records?year=0");
        var own = await r1.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/records?year=2026&half=1");
        string recordId = (string)(await logged.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var noReason = await office.PutAsJsonAsync($"/api/researcher-reviews/records/{recordId}", new { withdrawn = true });
        var corrected = await office.PutAsJsonAsync($"/api/researcher-reviews/records/{recordId}", new { withdrawn = true, reason = "当天未到校，记录有误" });
        var afterCorrection = await r1.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/records?year=2026&half=1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSchool.StatusCode);
        Assert.Equal("schoolId", (string)(await noSchool.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTeacher.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersRecords.StatusCode);
        Assert.Equal(1, (int)own!["counted"]!["school-visit"]!);
        Assert.Equal(HttpStatusCode.Created, fromTaskLink.StatusCode);
        Assert.Equal(("r1", "r1"), ((string)(await fromTaskLink.Content.ReadFromJsonAsync<JsonObject>())!["researcherId"]!, (string)own["records"]!.AsArray().First(r => (string)r!["kind"]! == "lecture")!["createdBy"]!));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooOld.StatusCode);
        Assert.Equal("date", (string)(await tooOld.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal("reason", (string)(await noReason.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var record = afterCorrection!["records"]!.AsArray().Single(r => (string)r!["kind"]! == "school-visit")!;
        Assert.True((bool)record["withdrawn"]!);
        var correction = record["corrections"]!.AsArray().Single()!;
        Assert.Equal(("当天未到校，记录有误", "o1", false, "s1"), ((string)correction["reason"]!, (string)correction["by"]!, (bool)correction["withdrawn"]!, (string)correction["schoolId"]!));
        Assert.Equal(1, (int)afterCorrection["counted"]!["lecture"]!);
        Assert.False(afterCorrection["counted"]!.AsObject().ContainsKey("school-visit"));
    }

    [Fact]
    public async Task Records_ABallotLinkOrATokenForNoTaskOfTheirs_DoesNotLogOrReadRecords_ATaskLinkDoes()
    {
        using var viaLink = Client(null);
        var signer = _app.Services.GetRequiredService<TaskTokenSigner>();
        var r1Task = ScoringTask("r1", "周敏", "r2");
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(r1Task, CancellationToken.None);
        var until = DateTimeOffset.UtcNow.AddDays(7);

        // All signed with the task-link key, each naming r1: an association ballot, a task that does not exist, and
        // another person's task (whose token cannot be had, so it names the task and r1).
        string ballot = _app.Services.GetRequiredService<EduFlows.Processes.HeadTeachersAssociation.BallotLinks>().For("term-2026", "r1", until).Query;
        string noTask = "?token=" + Uri.EscapeDataString(signer.Issue(new TaskLinkToken("rr-2026H1-junior-score-r1-nobody", "r1", until)));
        var r2Task = ScoringTask("r2", "吴强", "r1");
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(r2Task, CancellationToken.None);
        string othersTask = "?token=" + Uri.EscapeDataString(signer.Issue(new TaskLinkToken(r2Task.Id, "r1", until)));

        foreach (string query in new[] { ballot, noTask, othersTask })
        {
            var logged = await viaLink.PostAsJsonAsync("/api/researcher-reviews/records" + query, new { kind = "lecture", date = "2026-05-20", description = "不该记下的讲座" });
            var read = await viaLink.GetAsync("/api/researcher-reviews/records" + query + "&year=2026");
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (logged.StatusCode, read.StatusCode));
        }

        string taskLink = _app.Services.GetRequiredService<TaskLinks>().For(r1Task).Query;
        var byTask = await viaLink.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/records" + taskLink + "&year=2026");
        Assert.DoesNotContain(byTask!["records"]!.AsArray(), r => (string)r!["description"]! == "不该记下的讲座");
    }

    [Fact]
    public async Task RecordsPage_OpenedWithATaskLink_ItsHalfYearLinksKeepTheToken_AndOpen()
    {
        using var viaLink = Client(null);
        viaLink.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var r1Task = ScoringTask("r1", "周敏", "r2");
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(r1Task, CancellationToken.None);
        string token = Uri.UnescapeDataString(_app.Services.GetRequiredService<TaskLinks>().For(r1Task).Query[("?token=".Length)..]);

        var page = await viaLink.GetAsync($"/api/researcher-reviews/records?token={Uri.EscapeDataString(token)}&year=2026&half=1");
        string html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(records\\?[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        var followed = await Task.WhenAll(links.Select(l => viaLink.GetAsync("/api/researcher-reviews/" + l)));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(
            [$"records?year=2025&half=2&token={Uri.EscapeDataString(token)}", $"records?year=2026&half=2&token={Uri.EscapeDataString(token)}"],
            links);
        Assert.All(followed, f => Assert.Equal(HttpStatusCode.OK, f.StatusCode));
        Assert.Contains("2025年下半年", await followed[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_WithNoSessionKeyOrLink_AreRefusedAsSignInFirst_BeforeTheBodyIsRead()
    {
        using var stranger = Client(null);

        // A caller holding nothing learns only that it must sign in, not whether its body would have been accepted.
        var broken = await stranger.PostAsync("/api/researcher-reviews/records", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var plausible = await stranger.PostAsJsonAsync("/api/researcher-reviews/records", new { researcherId = "r1", kind = "lecture", date = "2026-03-02", description = "讲座" });

        foreach (var refused in new[] { broken, plausible })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Results_AResearcherSeesOnlyTheirOwn_AReviewerSeesOthersScoresOnlyAfterSubmitting()
    {
        await SeedPublishedReviewAsync();
        using var r1 = await StaffSessions.SignInAsync(_app, "zhou.min@qz.example.cn");
        using var r2 = await StaffSessions.SignInAsync(_app, "wu.qiang@qz.example.cn");
        using var office = Client(TaskAppFactory.MasterKey);
        using var functionKey = Client("task-function-key");

        var mine = await r1.GetAsync($"/api/researcher-reviews/{Review}/results/mine");
        var allWithoutKey = await r1.GetAsync($"/api/researcher-reviews/{Review}/results");
        var allWithFunctionKey = await functionKey.GetAsync($"/api/researcher-reviews/{Review}/results");
        var all = await office.GetFromJsonAsync<JsonObject>($"/api/researcher-reviews/{Review}/results");
        var peekBefore = await r1.GetAsync($"/api/researcher-reviews/{Review}/scores/r2");
        var ownScores = await r2.GetAsync($"/api/researcher-reviews/{Review}/scores/r2");
        await SubmitScoringTaskAsync("r1", "r2", "6");
        var peekAfter = await r1.GetFromJsonAsync<JsonObject>($"/api/researcher-reviews/{Review}/scores/r2");
        var annual = await office.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/annual/2026/junior");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        string body = await mine.Content.ReadAsStringAsync();
        Assert.Contains("\"researcherId\":\"r1\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("r2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("吴强", body, StringComparison.Ordinal);
        Assert.DoesNotContain("reviewerFlags", body, StringComparison.Ordinal);
        Assert.Contains("\"points\":16", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, allWithoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, allWithFunctionKey.StatusCode);
        Assert.Equal(["r1", "r2"], all!["results"]!.AsArray().Select(r => (string)r!["researcherId"]!));
        Assert.Equal([("r2", "r1"), ("r1", "r2")], all["reviewerFlags"]!.AsArray().Select(f => ((string)f!["reviewerId"]!, (string)f["researcherId"]!)));
        Assert.Equal(HttpStatusCode.Forbidden, peekBefore.StatusCode);
        Assert.Contains("Submit your own scores first", await peekBefore.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, ownScores.StatusCode);
        var scores = peekAfter!["scores"]!.AsArray().ToDictionary(s => (string)s!["reviewerId"]!, s => s!["scores"]?["q-monitoring"]?.GetValue<string>());
        Assert.Equal(new Dictionary<string, string?> { ["r1"] = "6", ["o1"] = "8" }, scores);
        var r1Annual = annual!["results"]!.AsArray().First(r => (string)r!["researcherId"]! == "r1")!;
        Assert.Equal((86m, "下半年未参加考核，按上半年成绩计。"), ((decimal)r1Annual["annual"]!, (string)r1Annual["flag"]!));
    }

    [Fact]
    public async Task OwnResults_StateTheirRulesInChineseFirst_WithEnglishBeside()
    {
        await SeedPublishedReviewAsync();
        using var r1 = await StaffSessions.SignInAsync(_app, "zhou.min@qz.example.cn");

        var half = await r1.GetFromJsonAsync<JsonObject>($"/api/researcher-reviews/{Review}/results/mine");
        var year = await r1.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/annual/2026/junior/mine");

        Assert.StartsWith("某项指标缺少评审打分", (string)half!["missingInputRule"]!, StringComparison.Ordinal);
        Assert.StartsWith("An indicator with no reviewer score", (string)half["missingInputRuleEn"]!, StringComparison.Ordinal);
        Assert.StartsWith("年度总分为", (string)year!["rule"]!, StringComparison.Ordinal);
        Assert.StartsWith("Annual total", (string)year["ruleEn"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReviewersReceipt_LinksToTheOtherScores_WhichTheTaskLinkOpensOnlyAfterSubmitting()
    {
        await SeedPublishedReviewAsync();
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var links = _app.Services.GetRequiredService<TaskLinks>();
        var mine = (await tasks.GetAsync("rr-2026H1-junior-score-r1-r2", CancellationToken.None))!.Record;
        string myLink = links.For(mine).PathAndQuery;
        string token = Uri.UnescapeDataString(myLink[(myLink.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var phone = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        phone.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        string scoresPath = $"/api/researcher-reviews/{Review}/scores/r2?token={Uri.EscapeDataString(token)}";

        var before = await phone.GetAsync(scoresPath);
        var otherResearcher = await phone.GetAsync($"/api/researcher-reviews/{Review}/scores/r1?token={Uri.EscapeDataString(token)}");
        await SubmitScoringTaskAsync("r1", "r2", "6");
        string receipt = await phone.GetStringAsync(myLink);
        string followUp = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(receipt, "id=\"follow-up\" href=\"([^\"]+)\"").Groups[1].Value);
        var after = await phone.GetAsync(followUp);
        string table = await after.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherResearcher.StatusCode);
        Assert.Equal(scoresPath, followUp);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("<td>赵主任</td><td>8</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td>周敏（本人）</td><td>6</td>", table, StringComparison.Ordinal);
        Assert.Equal("no-store", after.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task OfficeAnnualPage_ShowsTheRankedYearInChinese_ItsDownloadsNeutraliseFormulas_AndOnlyTheOfficeOpensIt()
    {
        await SeedPublishedReviewAsync();
        await SeedSecondHalfAsync(("r2", "吴强", 82m), ("r3", "=1+1李", 90m));
        using var office = Client(TaskAppFactory.MasterKey);
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var researcher = await StaffSessions.SignInAsync(_app, "zhou.min@qz.example.cn");
        researcher.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var anonymous = Client(null);
        const string Page = "/api/office/researcher-reviews/annual/2026/junior";

        string list = await office.GetStringAsync("/api/office/researcher-reviews");
        string html = await office.GetStringAsync(Page);
        var xlsx = await office.GetAsync(Page + "/xlsx");
        var csv = await office.GetAsync(Page + "/csv");
        var refused = await researcher.GetAsync(Page);
        var refusedFile = await researcher.GetAsync(Page + "/csv");
        var noKey = await anonymous.GetAsync(Page + "/xlsx");
        var badSection = await office.GetAsync("/api/office/researcher-reviews/annual/2026/college");
        var empty = await office.GetAsync("/api/office/researcher-reviews/annual/2027/junior/xlsx");

        Assert.Contains($"href=\"{Page}\"", list, StringComparison.Ordinal);
        Assert.Contains("2026年初中教研员年度考核结果", html, StringComparison.Ordinal);
        Assert.Contains("规则：" + AnnualScoring.Rule, html, StringComparison.Ordinal);
        Assert.Equal(["r3", "r1", "r2"], System.Text.RegularExpressions.Regex.Matches(html, "data-researcher=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("上半年未参加考核，按下半年成绩计。", html, StringComparison.Ordinal);
        Workbench.OfficeClients.AssertNoLatinWords([(Page, System.Text.RegularExpressions.Regex.Replace(html, "<code>.*?</code>", " "))]);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var (header, rows) = Workbench.DownloadedTable.Xlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["名次", "编号", "姓名", "上半年总分", "下半年总分", "年度得分", "说明"], header);
        Assert.Equal([1.0, "r3", "'=1+1李", null, 90.0, 90.0, "上半年未参加考核，按下半年成绩计。"], rows[0]);
        Assert.Equal([3.0, "r2", "吴强", 78.0, 82.0, 80.0, null], rows[2]);
        var (csvHeader, csvRows) = Workbench.DownloadedTable.Csv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(header, csvHeader);
        Assert.Equal(["2", "r1", "周敏", "86", string.Empty, "86", "下半年未参加考核，按上半年成绩计。"], csvRows[1]);
        Assert.Equal("'=1+1李", csvRows[0][2]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedFile.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await ProblemAssertions.AssertProblemAsync(badSection, HttpStatusCode.NotFound, "section");
        await ProblemAssertions.AssertProblemAsync(empty, HttpStatusCode.NotFound, "year");
    }

    [Fact]
    public async Task OfficeRotationPage_ShowsEachDecisionAndTheRuleInChinese_ItsDownloadsNeutraliseFormulas_AndOnlyTheOfficeOpensIt()
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var decided = new DateTimeOffset(2026, 7, 10, 16, 30, 0, TimeSpan.Zero);
        await store.RotationDecisions.PutAsync(new RotationDecision(2026, "old1", "冯建国", 56, 15, "vice-principal-teaching", "=教学经验丰富", "hr1", decided), CancellationToken.None);
        await store.RotationDecisions.PutAsync(new RotationDecision(2026, "old2", "蒋丽", 51, 10, "undecided", "决定任务逾期未办理。", null, null), CancellationToken.None);
        using var office = Client(TaskAppFactory.MasterKey);
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var researcher = await StaffSessions.SignInAsync(_app, "zhou.min@qz.example.cn");
        researcher.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        const string Page = "/api/office/researcher-reviews/frontline-rotation/2026";

        string list = await office.GetStringAsync("/api/office/researcher-reviews");
        string html = await office.GetStringAsync(Page);
        var xlsx = await office.GetAsync(Page + "/xlsx");
        var csv = await office.GetAsync(Page + "/csv");
        var refused = await researcher.GetAsync(Page);
        var refusedFile = await researcher.GetAsync(Page + "/xlsx");
        var noRound = await office.GetAsync("/api/office/researcher-reviews/frontline-rotation/2030");
        var otherFormat = await office.GetAsync(Page + "/pdf");

        Assert.Contains($"href=\"{Page}\"", list, StringComparison.Ordinal);
        Assert.Contains("规则：" + FrontlineRotationRule.Rule, html, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(FrontlineRotationRule.Rule));
        Assert.Contains("到学校任教学副校长", html, StringComparison.Ordinal);
        Assert.Contains("逾期未决定", html, StringComparison.Ordinal);
        Assert.Contains("2026-07-11 00:30", html, StringComparison.Ordinal);
        Assert.DoesNotContain("vice-principal", html, StringComparison.Ordinal);
        Workbench.OfficeClients.AssertNoLatinWords([(Page, System.Text.RegularExpressions.Regex.Replace(html, "<code>.*?</code>", " "))]);
        var (header, rows) = Workbench.DownloadedTable.Xlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["编号", "姓名", "年龄", "任职年数", "决定", "理由", "决定人", "决定时间"], header);
        Assert.Equal(["old1", "冯建国", 56.0, 15.0, "到学校任教学副校长", "'=教学经验丰富", "hr1"], rows[0].Take(7));
        Assert.StartsWith("2026-07-11 00:30", (string)rows[0][7]!, StringComparison.Ordinal);
        Assert.Equal(["old2", "蒋丽", 51.0, 10.0, "逾期未决定", "决定任务逾期未办理。", null, null], rows[1]);
        var (_, csvRows) = Workbench.DownloadedTable.Csv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(["old1", "冯建国", "56", "15", "到学校任教学副校长", "'=教学经验丰富"], csvRows[0].Take(6));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedFile.StatusCode);
        await ProblemAssertions.AssertProblemAsync(noRound, HttpStatusCode.NotFound, "year");
        await ProblemAssertions.AssertProblemAsync(otherFormat, HttpStatusCode.NotFound, "format");
    }

    [Fact]
    public async Task StartingAReview_IsCheckedByField_AndHappensOnce()
    {
        using var office = Client(TaskAppFactory.MasterKey);

        var invalid = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "college", year = 2026, half = 3 });
        var unknownReviewer = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2026, half = 1, reviewerIds = new[] { "r1", "nobody" } });
        var blankReviewers = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2025, half = 2, reviewerIds = new string?[] { null, "r1" } });
        var notEnded = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2026, half = 2 });
        var started = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2026, half = 1 });
        var again = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2026, half = 1 });
        var byTimer = await ResearcherReviewTimer.StartForHalfJustEndedAsync(_app.Services, CancellationToken.None);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(["section", "half"], (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownReviewer.StatusCode);
        Assert.Equal("reviewerIds", (string)(await unknownReviewer.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blankReviewers.StatusCode);
        Assert.Equal("reviewerIds", (string)(await blankReviewers.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notEnded.StatusCode);
        Assert.Equal("half", (string)(await notEnded.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(Review, (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // The dev clock is today (after 1 July 2026), so the half just ended is 2026 H1; junior was already started.
        Assert.Equal(["researcher-review-2026H1-primary", "researcher-review-2026H1-senior"], byTimer);
    }

    [Fact]
    public async Task StartRefusals_AreInChineseFirst_EachFieldNamed_EnglishBeside()
    {
        using var office = Client(TaskAppFactory.MasterKey);

        var invalid = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "college", year = 1999, half = 3, officeId = "o#1", reviewerIds = new[] { "r1" } });
        var noScheme = await office.PostAsJsonAsync("/api/researcher-reviews", new { section = "junior", year = 2025, half = 2, schemeVersion = 99 });
        var noYear = await office.PostAsJsonAsync("/api/researcher-reviews/frontline-rotation", new { year = 1999 });
        var badDecider = await office.PostAsJsonAsync("/api/researcher-reviews/frontline-rotation", new { year = 2026, deciderId = "a/b" });
        var unknownDecider = await office.PostAsJsonAsync("/api/researcher-reviews/frontline-rotation", new { year = 2026, deciderId = "nobody" });
        var noResearcher = await office.GetAsync("/api/researcher-reviews/records");

        var problem = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("考核未能启动。", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.StartsWith("section：学段只能是小学、初中或高中。", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(
            [
                ("section", "学段只能是小学、初中或高中。"),
                ("year", "请填写年份：2000 到 2100 之间。"),
                ("half", "半年须为 1（上半年）或 2（下半年）。"),
                ("officeId", "编号中不能有 / \\ # ? 或控制字符。"),
                ("reviewerIds", "至少须有两位评审，才能保证每位教研员都有人评分。"),
            ],
            problem["errors"]!.AsArray().Select(e => ((string)e!["field"]!, (string)e["reason"]!)));
        Assert.Equal("must be primary, junior or senior.", (string)problem["errors"]![0]!["reasonEn"]!);
        Assert.All(problem["errors"]!.AsArray(), e => Assert.Empty(Notifications.ChineseText.LatinWords((string)e!["reason"]!)));
        var missing = (await noScheme.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        Assert.Equal(("schemeVersion", "初中学段没有第 99 版考核方案。"), ((string)missing["field"]!, (string)missing["reason"]!));
        await AssertChineseAsync(noYear, HttpStatusCode.UnprocessableEntity, "year", "请求内容有误", "请填写年份：2000 到 2100 之间。");
        Assert.Equal("编号中不能有 / \\ # ? 或控制字符。", (string)(await badDecider.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["reason"]!);
        await AssertChineseAsync(unknownDecider, HttpStatusCode.UnprocessableEntity, "deciderId", "请求内容有误", "名录中没有工号为“nobody”的人员。");
        await AssertChineseAsync(noResearcher, HttpStatusCode.UnprocessableEntity, "researcherId", "请求内容有误", "代教研员登记或查看时，须填写教研员的工号。");
    }

    [Fact]
    public async Task ASchemeTooLargeToStore_Is413InChinese_NamingTheField()
    {
        using var admin = Client(TaskAppFactory.MasterKey, "o1");
        var scheme = (await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior", Json))!;
        var huge = scheme with { LevelA = [scheme.LevelA[0] with { Name = new string('长', 40_000) }, .. scheme.LevelA.Skip(1)] };

        var refused = await admin.PutAsJsonAsync("/api/researcher-reviews/schemes/junior", huge, Json);

        await AssertChineseAsync(refused, HttpStatusCode.RequestEntityTooLarge, "levelA[0].name", "内容过大", "考核方案过大，未保存：“levelA[0].name”内容过多，请删减后再提交。");
        Assert.Equal(1, (await admin.GetFromJsonAsync<ResearcherScheme>("/api/researcher-reviews/schemes/junior", Json))!.Version);
    }

    // The answer's title and the Chinese that opens its detail (the English follows after a space).
    private static async Task AssertChineseAsync(HttpResponseMessage response, HttpStatusCode status, string field, string title, string detailZh)
    {
        await ProblemAssertions.AssertProblemAsync(response, status, field);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(title, (string)problem["title"]!);
        Assert.StartsWith(detailZh + " ", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private HttpClient Client(string? key, string? actingStaff = null)
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        if (actingStaff is not null)
        {
            client.DefaultRequestHeaders.Add(ResearcherReviewApi.ActingStaffHeader, actingStaff);
        }

        return client;
    }

    private async Task SeedPublishedReviewAsync()
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var period = new ReviewPeriod(2026, 1);
        var now = DateTimeOffset.UtcNow;
        await store.Reviews.TryAddAsync(
            new ReviewRecord
            {
                Id = Review,
                Section = "junior",
                Period = period,
                SchemeVersion = 1,
                Researchers = [new("r1", "周敏"), new("r2", "吴强")],
                Reviewers = [new("r1", "周敏"), new("r2", "吴强"), new("o1", "赵主任")],
                OfficeId = "o1",
                StartedAt = now,
                PublishedAt = now,
            },
            CancellationToken.None);
        foreach (var (id, name, rank, total) in new[] { ("r1", "周敏", 1, 86m), ("r2", "吴强", 2, 78m) })
        {
            var result = new ResearcherResult(
                id, name, rank, total, total, 0, [new LevelAScore("quality", "学科教学质量", 35, 30)],
                [new IndicatorScore("q-monitoring", "quality", "学业质量监测成绩", IndicatorSource.Reviewed, 20, 16, "2 位评审", false)], [], []);
            await store.Results.TryAddAsync(
                new ResearcherResultRecord(Review, "junior", period, result) { ReviewerFlags = [new ReviewerFlag(id == "r1" ? "r2" : "r1", id, "q-monitoring", 2, 17)] },
                CancellationToken.None);
        }

        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        await tasks.CreateAsync(ScoringTask("r1", "周敏", "r2"), CancellationToken.None);
        await tasks.CreateAsync(ScoringTask("o1", "赵主任", "r2") with { Status = StaffTaskStatus.Submitted, Values = new Dictionary<string, string> { ["q-monitoring"] = "8" }, SubmittedBy = "o1", SubmittedAt = now, ReceiptId = "rcp-1" }, CancellationToken.None);
    }

    // Published second-half results of the junior section in 2026, each with one made-up indicator.
    private async Task SeedSecondHalfAsync(params (string Id, string Name, decimal Total)[] results)
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var period = new ReviewPeriod(2026, 2);
        string review = period.InstanceId("junior");
        int rank = 1;
        foreach (var (id, name, total) in results.OrderByDescending(r => r.Total))
        {
            var result = new ResearcherResult(id, name, rank++, total, total, 0, [new LevelAScore("quality", "学科教学质量", 35, 30)], [], [], []);
            await store.Results.TryAddAsync(new ResearcherResultRecord(review, "junior", period, result), CancellationToken.None);
        }
    }

    private async Task SubmitScoringTaskAsync(string reviewer, string researcher, string points)
    {
        var tasks = _app.Services.GetRequiredService<StaffTaskStore>();
        var read = (await tasks.GetAsync($"rr-2026H1-junior-score-{reviewer}-{researcher}", CancellationToken.None))!;
        var submitted = read.Record with { Status = StaffTaskStatus.Submitted, Values = new Dictionary<string, string> { ["q-monitoring"] = points }, SubmittedBy = reviewer, SubmittedAt = DateTimeOffset.UtcNow, ReceiptId = "rcp-2" };
        Assert.NotNull(await tasks.TryReplaceAsync(submitted, read.ETag, CancellationToken.None));
    }

    private static StaffTask ScoringTask(string reviewer, string reviewerName, string researcher) => new()
    {
        FollowUp = new TaskFollowUp(new LocalizedText("查看其他评审的打分", "See the other reviewers' scores"), $"researcher-reviews/{Review}/scores/{researcher}"),
        Id = $"rr-2026H1-junior-score-{reviewer}-{researcher}",
        Kind = ReviewTaskKinds.Scoring.Name,
        AssigneeId = reviewer,
        AssigneeName = reviewerName,
        InstanceId = Review,
        EventName = TaskDesk.EventName($"rr-2026H1-junior-score-{reviewer}-{researcher}"),
        Subject = "评分",
        Culture = "zh-CN",
        CreatedAt = DateTimeOffset.UtcNow,
        DueAt = DateTimeOffset.UtcNow.AddDays(7),
    };
}
