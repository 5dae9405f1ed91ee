using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.StaffReallocation;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// /api/me shows a teacher their own reallocation points, round and placement, an applicant their own open-selection
/// standing (interview and ranking only once the notice publishes them), a researcher their work records (linked to the
/// records page), answered tasks linked to their receipts, and all of it in English on ?lang=en; nobody sees another
/// person's points or scores.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OwnReallocationAndSelectionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string WangFang = "wang.fang@qz.example.cn";
    private const string Li = "li.principal@qz.example.cn";
    private const string Zhao = "zhao.office@qz.example.cn";
    private const string Reallocation = "staff-reallocation-2027";
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-002", "西苑中学", "junior", "城关镇", false)], CancellationToken.None);
        // 赵主任 is a researcher here, with records of the half year now and of last year.
        var zhao = (await directory.Staff.GetAsync("stf-3", CancellationToken.None))!;
        await directory.Staff.ApplyAsync([zhao with { Post = "researcher" }], CancellationToken.None);
        await SeedReallocationAsync();
        await SeedSelectionsAsync();
        await SeedRecordsAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Me_ShowsOnesOwnReallocationPointsAndPlacement_WithTheAppealLink_NoOneElses()
    {
        using var wang = await BrowserAsync(WangFang);
        using var li = await BrowserAsync(Li);

        string wangPage = await wang.GetStringAsync("/api/me");
        string liPage = await li.GetStringAsync("/api/me");
        var appeal = await wang.GetAsync("/api/staff-reallocation/staff-reallocation-2027/appeals");

        Assert.Contains("<dt>县管校聘积分</dt><dd>2027年县管校聘 · 总积分 81.5 分，全县第 3 名</dd>", wangPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>staff-reallocation-2027", wangPage, StringComparison.Ordinal);
        Assert.DoesNotContain("\">staff-reallocation-2027</a>", wangPage, StringComparison.Ordinal);
        Assert.Contains(
            "<dt>县管校聘聘任结果</dt><dd><a href=\"/api/staff-reallocation/staff-reallocation-2027/appeals\">2027年县管校聘</a> · 已聘任至西苑中学 初中数学岗位（校内竞聘；校内竞聘：按积分（学校未提交排序））；本轮结果已公布，有异议的可在申诉期内提出申诉</dd>",
            wangPage,
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, appeal.StatusCode);
        Assert.Contains("<dt>县管校聘积分</dt><dd>2027年县管校聘 · 总积分 77.25 分，全县第 9 名</dd>", liPage, StringComparison.Ordinal);
        Assert.Contains("落聘：各轮竞聘均未聘上岗位，待教育局处理", liPage, StringComparison.Ordinal);
        // Nobody's points, rank or placement but one's own; the rule's detail (others' places) is not shown either.
        foreach (string others in new[] { "77.25", "第 9 名", "落聘", "3 applicants" })
        {
            Assert.DoesNotContain(others, wangPage, StringComparison.Ordinal);
        }

        foreach (string others in new[] { "81.5", "第 3 名", "西苑中学", "已聘任" })
        {
            Assert.DoesNotContain(others, liPage, StringComparison.Ordinal);
        }
    }

    // Issue 16: once the window has closed and the bureau decides its appeals, the appeal page would refuse: not linked.
    [Fact]
    public async Task Me_OnceTheAppealWindowHasClosed_OffersNoAppealLink_AndTheFormSaysWhy()
    {
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        var record = (await store.Reallocations.GetAsync(Reallocation, CancellationToken.None))!.Record;
        await store.Reallocations.PutAsync(record with { Stage = "appeal-review:InSchoolCompetition" }, CancellationToken.None);
        using var wang = await BrowserAsync(WangFang);
        using var wangJson = await JsonAsync(WangFang);

        string wangPage = await wang.GetStringAsync("/api/me");
        var results = await ResultsAsync(wangJson);
        var appeal = await wang.GetAsync("/api/staff-reallocation/staff-reallocation-2027/appeals");
        string form = await appeal.Content.ReadAsStringAsync();

        Assert.Contains(
            "<dt>县管校聘聘任结果</dt><dd>2027年县管校聘 · 已聘任至西苑中学 初中数学岗位（校内竞聘；校内竞聘：按积分（学校未提交排序））</dd>",
            wangPage,
            StringComparison.Ordinal);
        Assert.DoesNotContain("/appeals", wangPage, StringComparison.Ordinal);
        Assert.DoesNotContain(results, r => r.EndsWith("/appeals", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, appeal.StatusCode);
        Assert.Contains("<p role=\"status\">第三轮 校内竞聘的申诉期已结束，教育局正在处理本轮申诉，不再受理新的申诉。</p>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_ShowsOnesOwnSelectionStanding_InterviewOnlyOncePublished_NoOneElsesScores()
    {
        using var wang = await JsonAsync(WangFang);
        using var li = await JsonAsync(Li);
        using var zhao = await JsonAsync(Zhao);

        var wangResults = await ResultsAsync(wang);
        var liResults = await ResultsAsync(li);
        var zhaoResults = await ResultsAsync(zhao);

        Assert.Equal(
            [
                "阳光选优结果|2027年教育局中层干部阳光选优 · 人事科副科长|资格审查通过；笔试 88.5 分；面试 90 分；总成绩 89.4 分，人事科副科长第 1 名；拟任人选，公示至 2027年1月8日|",
                "阳光选优报名|2027年教研室副主任阳光选优 · 教研室副主任|资格审查通过；笔试 88.5 分|",
            ],
            wangResults.Where(r => r.StartsWith("阳光选优", StringComparison.Ordinal)));
        Assert.Equal(
            [
                "阳光选优结果|2027年教育局中层干部阳光选优 · 人事科副科长|资格审查通过；笔试 79 分；面试 70 分；总成绩 73.6 分，人事科副科长第 2 名；未入选|",
                "阳光选优报名|2027年教研室副主任阳光选优 · 教研室副主任|资格审查未通过：任现职不满两年|",
            ],
            liResults.Where(r => r.StartsWith("阳光选优", StringComparison.Ordinal)));
        Assert.DoesNotContain(zhaoResults, r => r.StartsWith("阳光选优", StringComparison.Ordinal));
        // The other applicant's scores never appear, nor the unpublished interview of the second selection.
        Assert.DoesNotContain(wangResults, r => r.Contains("79", StringComparison.Ordinal) || r.Contains("70 分", StringComparison.Ordinal) || r.Contains("73.6", StringComparison.Ordinal));
        Assert.DoesNotContain(liResults, r => r.Contains("88.5", StringComparison.Ordinal) || r.Contains("90 分", StringComparison.Ordinal) || r.Contains("89.4", StringComparison.Ordinal));
        Assert.DoesNotContain(wangResults, r => r.Contains("教研室副主任|资格审查通过；笔试 88.5 分；面试", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Me_LinksAResearchersOwnRecords_ToAPageOfThem_AndNotForATeacher()
    {
        using var zhao = await BrowserAsync(Zhao);
        using var wang = await BrowserAsync(WangFang);
        using var zhaoJson = await JsonAsync(Zhao);

        string mePage = await zhao.GetStringAsync("/api/me");
        var records = await zhao.GetAsync("/api/researcher-reviews/records");
        string recordsPage = await records.Content.ReadAsStringAsync();
        var asJson = await zhaoJson.GetFromJsonAsync<JsonObject>("/api/researcher-reviews/records");
        string wangPage = await wang.GetStringAsync("/api/me");
        var wangRecords = await wang.GetAsync("/api/researcher-reviews/records");

        Assert.Contains($"<dt>教研员过程记录</dt><dd><a href=\"/api/researcher-reviews/records\">{Period.Label}</a> · 已登记 2 条：下校视导 1，讲座示范 1</dd>", mePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.StartsWith("text/html", records.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("我的过程记录", recordsPage, StringComparison.Ordinal);
        Assert.Contains("西苑中学", recordsPage, StringComparison.Ordinal);
        Assert.Contains("送教下乡讲座", recordsPage, StringComparison.Ordinal);
        Assert.Contains("已撤销，不计入", recordsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("去年的听课", recordsPage, StringComparison.Ordinal);
        Assert.Equal(3, asJson!["records"]!.AsArray().Count);
        Assert.DoesNotContain("教研员过程记录", wangPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wangRecords.StatusCode);
    }

    [Fact]
    public async Task Me_InEnglish_ShowsOwnResultsInEnglish_AndChineseByDefault()
    {
        using var wang = await BrowserAsync(WangFang);
        using var zhao = await BrowserAsync(Zhao);

        string english = await wang.GetStringAsync("/api/me?lang=en");
        string chinese = await wang.GetStringAsync("/api/me");
        string researcher = await zhao.GetStringAsync("/api/me?lang=en");

        Assert.Contains("<dt>Staff reallocation points</dt><dd>2027 staff reallocation · total 81.5 points, county rank 3</dd>", english, StringComparison.Ordinal);
        Assert.Contains("placed on post sch-002:junior:mathematics (西苑中学), in-school competition; in-school competition by points (the school gave no ranking); the round&#x27;s results are out", english, StringComparison.Ordinal);
        Assert.Contains("<dt>Open selection result</dt>", english, StringComparison.Ordinal);
        Assert.Contains("eligible; written test 88.5; interview 90; total 89.4, rank 1 for the post; proposed for appointment; on public notice until 2027-01-08", english, StringComparison.Ordinal);
        Assert.DoesNotContain("县管校聘积分", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff reallocation", chinese, StringComparison.Ordinal);
        Assert.Contains($"<dt>Researcher work records</dt><dd><a href=\"/api/researcher-reviews/records\">{Period.Code}</a> · 2 logged: school-visit 1, lecture 1</dd>", researcher, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_Records_LinkAnAnsweredTaskToItsReceipt()
    {
        var (_, _) = await _app.StartNoticeAsync("stf-1", "王芳的办理记录通知");
        using var wang = await JsonAsync(WangFang);
        string taskId = (string)(await wang.GetFromJsonAsync<JsonObject>("/api/me"))!["openTasks"]!.AsArray().Single()!["task"]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await wang.PostAsJsonAsync($"/api/me/tasks/{taskId}", new { acknowledged = true })).StatusCode);
        using var browser = await BrowserAsync(WangFang);

        var me = await wang.GetFromJsonAsync<JsonObject>("/api/me");
        string link = (string)me!["records"]!.AsArray().Single()!["link"]!;
        string page = await browser.GetStringAsync("/api/me");
        var receipt = await browser.GetAsync(link);

        Assert.StartsWith($"/api/tasks/{taskId}?token=", link, StringComparison.Ordinal);
        Assert.Contains($"<dl class=\"done-task\"><dt>王芳的办理记录通知</dt><dd><a href=\"{link.Replace("&", "&amp;", StringComparison.Ordinal)}\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Contains("回执", await receipt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private ReviewPeriod Period => ReviewPeriod.Containing(_app.Services.GetRequiredService<EduFlows.Tasks.BureauClock>().DateOf(DateTimeOffset.UtcNow));

    private static async Task<List<string>> ResultsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray().Select(r => $"{(string?)r!["kind"]}|{(string?)r!["title"]}|{(string?)r!["summary"]}|{(string?)r!["link"]}")];

    private async Task<HttpClient> JsonAsync(string email) => await StaffSessions.SignInAsync(_app, email);

    private async Task<HttpClient> BrowserAsync(string email)
    {
        var browser = await StaffSessions.SignInAsync(_app, email);
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return browser;
    }

    private async Task SeedReallocationAsync()
    {
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        await store.Reallocations.PutAsync(new ReallocationRecord { Id = Reallocation, OwnerId = "stf-3", AsOf = new DateOnly(2027, 3, 1), FormulaVersion = "v1", Stage = "appeal:InSchoolCompetition" }, CancellationToken.None);
        await store.People.PutAsync(
            County.Scored(Reallocation, new Participant("stf-1", "sch-001", "junior", "mathematics", "teacher", 40, 81.5m, 3)) with
            {
                Placement = new Placement("stf-1", "sch-002:junior:mathematics", "sch-002", "junior", "sch-001", "junior", Round.InSchoolCompetition, PlacementRule.InSchoolByPoints, "3 applicants for 2 posts by points: place 1"),
            },
            CancellationToken.None);
        await store.People.PutAsync(
            County.Scored(Reallocation, new Participant("stf-2", "sch-001", "junior", "mathematics", "teacher", 50, 77.25m, 9)) with
            {
                Unplaced = new UnplacedCase("stf-2", "sch-001", ["cross-school: no ranked list"]),
            },
            CancellationToken.None);
    }

    // Two selections both applied to: the cadres' with the notice started (interview and ranking published), and the
    // researchers' with the interview scored but no notice yet, where 李校长 was found not eligible.
    private async Task SeedSelectionsAsync()
    {
        var store = _app.Services.GetRequiredService<OpenSelectionStore>();
        var container = new BlobContainerClient(azurite.ConnectionString, new string([.. _app.HubName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]) + "-open-selections");
        await container.CreateIfNotExistsAsync();
        var at = new DateTimeOffset(2026, 10, 8, 9, 0, 0, TimeSpan.FromHours(8));
        // Every day of the timetable is past: no applicant may still change or correct an application.
        var timetable = new SelectionTimetable(new DateOnly(2026, 10, 8), new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 19), new DateOnly(2026, 10, 23), new DateOnly(2026, 10, 30), 5);
        foreach (var (id, title, post, notice, liEligible, published) in new[]
        {
            ("cadres-2027", "2027年教育局中层干部阳光选优", "人事科副科长", (DateOnly?)new DateOnly(2027, 1, 8), true, at.AddHours(1)),
            ("researchers-2027", "2027年教研室副主任阳光选优", "教研室副主任", null, false, at),
        })
        {
            var announcement = new SelectionAnnouncement { Title = title, Posts = [new SelectionPost("p01", post, 1)], Weights = new StageWeights(40, 60), Timetable = timetable, JudgesPerGroup = 1 };
            Assert.True(await store.PublishAsync(id, announcement, published, CancellationToken.None));
            var file = new SelectionFile(
                id,
                announcement,
                [new Application("stf-1", "p01", "简述", at, at), new Application("stf-2", "p01", "简述", at, at)],
                [new EligibilityDecision("stf-1", true, "符合报名条件", "组织科", at), new EligibilityDecision("stf-2", liEligible, liEligible ? "符合报名条件" : "任现职不满两年", "组织科", at)],
                liEligible ? [new WrittenScore("stf-1", 88.5m), new WrittenScore("stf-2", 79m)] : [new WrittenScore("stf-1", 88.5m)],
                null,
                [new JudgeScore("j1", "stf-1", 90), new JudgeScore("j2", "stf-1", 90), new JudgeScore("j3", "stf-1", 90), .. liEligible ? new[] { new JudgeScore("j1", "stf-2", 70), new JudgeScore("j2", "stf-2", 70), new JudgeScore("j3", "stf-2", 70) } : []],
                [],
                [],
                [],
                notice,
                null,
                [],
                notice is { } ends ? [new CandidateNotice("stf-1", ends)] : []);
            await container.GetBlobClient(id + ".json").UploadAsync(BinaryData.FromObjectAsJson(file, RecordSize.Json), overwrite: true);
        }
    }

    private async Task SeedRecordsAsync()
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var today = Period.Start;
        var at = DateTimeOffset.UtcNow;
        await store.Records.TryAddAsync(new ProcessRecord { Id = "rec-1", ResearcherId = "stf-3", Kind = RecordKinds.SchoolVisit, Date = today, SchoolId = "sch-002", Description = "西苑中学视导", CreatedAt = at, CreatedBy = "stf-3" }, CancellationToken.None);
        await store.Records.TryAddAsync(new ProcessRecord { Id = "rec-2", ResearcherId = "stf-3", Kind = RecordKinds.Lecture, Date = today, Description = "送教下乡讲座", CreatedAt = at, CreatedBy = "stf-3" }, CancellationToken.None);
        await store.Records.TryAddAsync(new ProcessRecord { Id = "rec-3", ResearcherId = "stf-3", Kind = RecordKinds.LessonObserved, Date = today, Description = "撤销的听课", CreatedAt = at, CreatedBy = "stf-3", Withdrawn = true }, CancellationToken.None);
        await store.Records.TryAddAsync(new ProcessRecord { Id = "rec-4", ResearcherId = "stf-3", Kind = RecordKinds.LessonObserved, Date = today.AddYears(-1), Description = "去年的听课", CreatedAt = at, CreatedBy = "stf-3" }, CancellationToken.None);
    }
}
