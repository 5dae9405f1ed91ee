using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.HeadTeachersAssociation.Office;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// <c>/api/head-teachers/mine</c> through the whole app on Azurite, under the dev clock: a head teacher signed in on
/// their phone applies, nominates, submits their case, sees their events, attendance and ballot, and /api/me lists
/// their association records; bad input comes back at its field and changes nothing; nobody acts as another.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class MemberApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2031, 10, 2, 2, 0, 0, TimeSpan.Zero);
    private TaskAppFactory _app = null!;
    private HttpClient _office = null!;

    private AssociationStore Store => _app.Services.GetRequiredService<AssociationStore>();

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _office = _app.CreateClient();
        _office.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        foreach (var (id, name, _) in AssociationHarness.HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn"), CancellationToken.None);
        }

        _app.Services.GetRequiredService<DevClock>().SetTo(Start);
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Mine_WithoutASession_IsTheSignInPageForABrowser_And401ForACaller_AndNothingIsTaken()
    {
        using var browser = Browser(StaffSessions.Browser(_app));
        using var caller = StaffSessions.Browser(_app);

        var page = await browser.GetAsync("/api/head-teachers/mine");
        var json = await caller.GetAsync("/api/head-teachers/mine");
        var apply = await caller.PostAsJsonAsync("/api/head-teachers/mine/application", new { statement = "担任班主任八年。" });
        using var form = new FormUrlEncodedContent([new("statement", "担任班主任八年。")]);
        var applyPage = await browser.PostAsync("/api/head-teachers/mine/application", form);
        var nominate = await caller.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-701" });

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("请先登录", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/me/sign-in\"", html, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(json, HttpStatusCode.Unauthorized, "session");
        await ProblemAssertions.AssertProblemAsync(apply, HttpStatusCode.Unauthorized, "session");
        Assert.Equal(HttpStatusCode.Unauthorized, applyPage.StatusCode);
        await ProblemAssertions.AssertProblemAsync(nominate, HttpStatusCode.Unauthorized, "session");
        Assert.Empty(await Store.Applications.QueryAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Apply_FromThePhone_WaitsForTheOffice_ShowsItsStatus_AndIsListedOnMe()
    {
        using var json = await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn");
        using var browser = Browser(await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn"));

        var before = await browser.GetStringAsync("/api/head-teachers/mine");
        using var empty = new FormUrlEncodedContent([new("statement", "  ")]);
        var refused = await browser.PostAsync("/api/head-teachers/mine/application", empty);
        var nothing = await Store.ApplicationsOfAsync("stf-701", CancellationToken.None);
        var forOther = await json.PostAsJsonAsync("/api/head-teachers/mine/application", new { staffId = "stf-702", statement = "替同事申请。" });
        // Another site's form, posted with the member's cookie: refused, nothing taken.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/head-teachers/mine/application") { Content = new FormUrlEncodedContent([new("statement", "别的网站代交。")]) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var fromElsewhere = await browser.SendAsync(crossSite);
        var stillNothing = await Store.ApplicationsOfAsync("stf-701", CancellationToken.None);
        using var statement = new FormUrlEncodedContent([new("statement", "担任班主任八年，现带初二（3）班。")]);
        var applied = await browser.PostAsync("/api/head-teachers/mine/application", statement);
        var after = await browser.GetStringAsync(applied.Headers.Location!.OriginalString);
        var again = await json.PostAsJsonAsync("/api/head-teachers/mine/application", new { statement = "再申请一次。" });
        var mine = (await json.GetFromJsonAsync<JsonObject>("/api/head-teachers/mine"))!;
        var me = (await json.GetFromJsonAsync<JsonObject>("/api/me"))!;

        Assert.Contains("提交入会申请", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        string refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"error\" id=\"error-application-statement\">不能为空。</div>", refusedPage, StringComparison.Ordinal);
        Assert.Empty(nothing);
        await ProblemAssertions.AssertProblemAsync(forOther, HttpStatusCode.Forbidden, "staffId");
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Contains("其他网站的表单不能代您提交", await fromElsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(stillNothing);
        Assert.Empty(await Store.ApplicationsOfAsync("stf-702", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal("/api/head-teachers/mine?done=applied", applied.Headers.Location!.OriginalString);
        Assert.Contains("入会申请已提交", after, StringComparison.Ordinal);
        Assert.Contains("待审核", after, StringComparison.Ordinal);
        Assert.DoesNotContain("提交入会申请", after, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict, "staffId");
        var application = Assert.Single(await Store.ApplicationsOfAsync("stf-701", CancellationToken.None));
        Assert.Equal(ApplicationStatus.Pending, application.Status);
        Assert.Equal("担任班主任八年，现带初二（3）班。", application.Statement);
        Assert.InRange(application.SubmittedAt, Start, Start.AddMinutes(5));
        Assert.NotNull(await _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(application.InstanceId));
        Assert.Equal("待审核", (string?)mine["applications"]![0]!["statusText"]);
        Assert.Empty(mine["elections"]!.AsArray());
        var result = Assert.Single(me["results"]!.AsArray(), r => (string?)r!["kind"] == "班主任学会入会申请");
        Assert.Equal("待审核", (string?)result!["summary"]);
        Assert.Equal("/api/head-teachers/mine", (string?)result["link"]);
        foreach (string shown in new[] { before, refusedPage, after })
        {
            Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(shown)));
        }
    }

    [Fact]
    public async Task Member_NominatesAndSubmitsTheirOwnCase_SeesEventsAttendanceAndBallot_NobodyActsAsAnother()
    {
        await EnrolAsync("stf-701", "stf-702", "stf-703");
        Assert.Equal(HttpStatusCode.Created, (await _office.PutAsJsonAsync("/api/head-teachers/elections/e1", new { title = "第三届理事会选举", seats = 2, nominationsClose = Start.AddHours(1), ballotCloses = Start.AddDays(2) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _office.PutAsJsonAsync("/api/head-teachers/contests/2031", new { title = "2031年度班主任案例评比", submissionsClose = Start.AddDays(5), reviewDue = Start.AddDays(10), reviewerIds = new[] { "stf-704", "stf-705" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _office.PutAsJsonAsync("/api/head-teachers/events/salon-1", new { title = "《给教师的建议》读书沙龙", kind = "reading-salon", startsAt = Start.AddHours(-3), place = "图书馆", capacity = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _office.PutAsJsonAsync("/api/head-teachers/events/lecture-1", new { title = "班级管理讲座", kind = "lecture", startsAt = Start.AddDays(3), place = "报告厅", capacity = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _office.PostAsJsonAsync("/api/head-teachers/events/salon-1/attendance", new { memberIds = new[] { "stf-701" } })).StatusCode);
        using var json = await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn");
        using var browser = Browser(await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn"));
        using var colleague = await StaffSessions.SignInAsync(_app, "stf-702@qz.example.cn");
        using var outsider = await StaffSessions.SignInAsync(_app, "stf-704@qz.example.cn");

        // Nominations: by the form and by JSON, oneself included; someone else's name, a non-member and a non-member nominator refused.
        using var nominee = new FormUrlEncodedContent([new("nomineeId", "stf-702")]);
        var nominated = await browser.PostAsync("/api/head-teachers/mine/elections/e1/nominations", nominee);
        var self = await json.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-701" });
        var asOther = await json.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-703", nominatedBy = "stf-702" });
        var notMember = await json.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-706" });
        using var twice = new FormUrlEncodedContent([new("nomineeId", "stf-702")]);
        var twicePage = await browser.PostAsync("/api/head-teachers/mine/elections/e1/nominations", twice);
        var byOutsider = await outsider.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-703" });

        // The case: one's own, once, with its fields checked.
        using var untitled = new FormUrlEncodedContent([new("title", ""), new("summary", "以班级读书会带动后进生。")]);
        var untitledPage = await browser.PostAsync("/api/head-teachers/mine/contests/2031/case", untitled);
        var forOther = await json.PostAsJsonAsync("/api/head-teachers/mine/contests/2031/case", new { authorId = "stf-702", title = "代交的案例", summary = "不应被收下。" });
        var submitted = await json.PostAsJsonAsync("/api/head-teachers/mine/contests/2031/case", new { title = "让每个孩子都被看见", summary = "以班级读书会带动后进生。" });
        var second = await json.PostAsJsonAsync("/api/head-teachers/mine/contests/2031/case", new { title = "第二篇", summary = "每人每年限报一篇。" });
        var tooLong = await colleague.PostAsJsonAsync("/api/head-teachers/mine/contests/2031/case", new { title = new string('长', 61), summary = "简介" });

        var page = await browser.GetStringAsync("/api/head-teachers/mine");
        var theirs = (await colleague.GetFromJsonAsync<JsonObject>("/api/head-teachers/mine"))!;

        Assert.Equal(HttpStatusCode.Redirect, nominated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, self.StatusCode);
        var own = (await self.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("stf-701", (string?)own["memberId"]);
        Assert.Equal("stf-701", (string?)own["nominatedBy"]);
        await ProblemAssertions.AssertProblemAsync(asOther, HttpStatusCode.Forbidden, "nominatedBy");
        await ProblemAssertions.AssertProblemAsync(notMember, HttpStatusCode.UnprocessableEntity, "nomineeId");
        Assert.Equal(HttpStatusCode.Conflict, twicePage.StatusCode);
        Assert.Contains("<div class=\"error\" id=\"error-nomination-e1-nomineeId\">刘建国已被提名。</div>", await twicePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(byOutsider, HttpStatusCode.Forbidden, "session");
        var election = (await Store.Elections.GetAsync("e1", CancellationToken.None))!.Record;
        Assert.Equal([("stf-702", "stf-701"), ("stf-701", "stf-701")], election.Nominations.Select(n => (n.MemberId, n.NominatedBy)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, untitledPage.StatusCode);
        string untitledHtml = await untitledPage.Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"error\" id=\"error-case-2031-title\">不能为空。</div>", untitledHtml, StringComparison.Ordinal);
        Assert.Contains("以班级读书会带动后进生。</textarea>", untitledHtml, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(forOther, HttpStatusCode.Forbidden, "authorId");
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("A01", (string?)(await submitted.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        await ProblemAssertions.AssertProblemAsync(second, HttpStatusCode.Conflict, "authorId");
        await ProblemAssertions.AssertProblemAsync(tooLong, HttpStatusCode.UnprocessableEntity, "title");
        var entry = Assert.Single(await Store.EntriesOfAsync("2031", CancellationToken.None));
        Assert.Equal(("stf-701", "让每个孩子都被看见"), (entry.AuthorId, entry.Title));
        Assert.Equal(1, (await Store.Contests.GetAsync("2031", CancellationToken.None))!.Record.Entries);

        Assert.Contains("刘建国（弥河初级中学）·由您提名", page, StringComparison.Ordinal);
        Assert.Contains("我的案例 A01", page, StringComparison.Ordinal);
        Assert.Contains("<dd>《给教师的建议》读书沙龙 · 已签到</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dd>班级管理讲座 · 未开始</dd>", page, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", page, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(page)));
        Assert.Null(theirs["contests"]![0]!["mine"]);
        Assert.True((bool)theirs["contests"]![0]!["canSubmit"]!);
        Assert.False((bool)theirs["events"]!.AsArray().Single(e => (string?)e!["id"] == "salon-1")!["attended"]!);
        Assert.Equal([false, false], theirs["elections"]![0]!["candidates"]!.AsArray().Select(c => (bool)c!["nominatedByMe"]!));
        Assert.DoesNotContain("nominatedBy\"", theirs.ToJsonString(), StringComparison.Ordinal);

        // The ballot opens at the close of nominations: each member's page links their own signed ballot.
        _app.Services.GetRequiredService<DevClock>().AdvanceBy(TimeSpan.FromHours(1));
        await AssociationHarness.WaitForAsync(async () => (await Store.Elections.GetAsync("e1", CancellationToken.None))?.Record, e => e.Status == ElectionStatus.Voting);
        var voting = (await json.GetFromJsonAsync<JsonObject>("/api/head-teachers/mine"))!;
        string link = (string)voting["elections"]![0]!["ballotLink"]!;
        string theirLink = (string)(await colleague.GetFromJsonAsync<JsonObject>("/api/head-teachers/mine"))!["elections"]![0]!["ballotLink"]!;
        var ballot = await browser.GetAsync(link);
        var votingPage = await browser.GetStringAsync("/api/head-teachers/mine");
        var lateNomination = await json.PostAsJsonAsync("/api/head-teachers/mine/elections/e1/nominations", new { nomineeId = "stf-703" });

        Assert.StartsWith("/api/head-teachers/elections/e1/ballot?token=", link, StringComparison.Ordinal);
        Assert.NotEqual(link, theirLink);
        Assert.Equal(HttpStatusCode.OK, ballot.StatusCode);
        Assert.Contains("无记名投票", await ballot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"id=\"ballot-e1\" href=\"{System.Net.WebUtility.HtmlEncode(link)}\"", votingPage, StringComparison.Ordinal);
        Assert.False((bool)voting["elections"]![0]!["canNominate"]!);
        await ProblemAssertions.AssertProblemAsync(lateNomination, HttpStatusCode.Gone, "electionId");
    }

    [Fact]
    public async Task OwnResults_ListMembershipNominationsCasesAndAwards_OfTheStaffMemberOnly()
    {
        await EnrolAsync("stf-701", "stf-702");
        await SeedElectionAndContestAsync();
        var source = _app.Services.GetServices<IOwnResults>().OfType<AssociationOwnResults>().Single();
        using var browser = Browser(await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn"));

        var mine = await source.OfAsync("stf-701", CancellationToken.None);
        var theirs = await source.OfAsync("stf-702", CancellationToken.None);
        var nobody = await source.OfAsync("stf-706", CancellationToken.None);
        var page = await browser.GetStringAsync("/api/head-teachers/mine");

        Assert.Equal(
            [
                new OwnResult("班主任学会会员", "东关小学", "2031-10-02 10:00 入会", "head-teachers/mine"),
                new OwnResult("班主任案例评比获奖", "2030年度班主任案例评比 · A02 晨读十分钟", "一等奖，第 1 名", "head-teachers/mine#contest-2030"),
                new OwnResult("理事会选举提名", "第二届理事会选举", "得票 5，当选", "head-teachers/mine#election-e0"),
            ],
            mine.Select(r => r with { English = null }));
        Assert.Equal(
            [
                new OwnResult("班主任学会会员", "弥河初级中学", "2031-10-02 10:00 入会", "head-teachers/mine"),
                new OwnResult("班主任案例评比投稿", "2030年度班主任案例评比 · A01 班会课新样", "未获奖", "head-teachers/mine#contest-2030"),
                new OwnResult("理事会选举提名", "第二届理事会选举", "得票 3，未当选", "head-teachers/mine#election-e0"),
                new OwnResult("理事会选举提名", "第二届理事会选举", "您提名了陈晓梅", "head-teachers/mine#election-e0"),
            ],
            theirs.Select(r => r with { English = null }));
        Assert.Empty(nobody);
        Assert.Contains("一等奖（第 1 名，得分 92.50）", page, StringComparison.Ordinal);
        Assert.Contains("<dd>陈晓梅</dd>", page, StringComparison.Ordinal);
        Assert.Contains("您的得票</dt><dd>5 票 · 当选</dd>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("班会课新样", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ElectionOutcome_ReadsTheSame_OnTheMemberPage_InTheirOwnResults_OnTheOfficePage_AndInTheDownload()
    {
        // Two seats: one clear, then equal votes straddling the second, then one below.
        string[] ids = ["stf-701", "stf-702", "stf-703", "stf-704"];
        await EnrolAsync(ids);
        var election = new Election
        {
            Id = "e9", Title = "第三届理事会选举", Seats = 2, NominationsClose = Start.AddDays(-20), BallotCloses = Start.AddDays(-10), Status = ElectionStatus.Published,
            Nominations = [.. ids.Select((id, i) => new Nomination(id, AssociationHarness.HeadTeachers[i].Name, AssociationHarness.HeadTeachers[i].School, id, Start.AddDays(-25)))],
            Results =
            [
                new CandidateTally("stf-701", "陈晓梅", "东关小学", 6, 1, true, false),
                new CandidateTally("stf-702", "刘建国", "弥河初级中学", 4, 2, false, true),
                new CandidateTally("stf-703", "马丽娟", "旗城学校", 4, 2, false, true),
                new CandidateTally("stf-704", "杜文斌", "西苑小学", 1, 4, false, false),
            ],
        };
        await Store.Elections.TryAddAsync(election, CancellationToken.None);
        string[] expected = ["当选", "票数相同，由学会另行决定", "票数相同，由学会另行决定", "未当选"];
        var source = _app.Services.GetServices<IOwnResults>().OfType<AssociationOwnResults>().Single();
        using var officeBrowser = Browser(_app.CreateClient());
        officeBrowser.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);

        string officePage = await officeBrowser.GetStringAsync("/api/head-teachers/elections/e9");
        var download = AssociationResultTables.Election(election);

        for (int i = 0; i < ids.Length; i++)
        {
            var tally = election.Results[i];
            using var member = Browser(await StaffSessions.SignInAsync(_app, ids[i] + "@qz.example.cn"));
            string page = await member.GetStringAsync("/api/head-teachers/mine");
            var own = (await source.OfAsync(ids[i], CancellationToken.None)).Single(r => r.Kind == "理事会选举提名");

            Assert.Contains($"您的得票</dt><dd>{tally.Votes} 票 · {expected[i]}</dd>", page, StringComparison.Ordinal);
            Assert.Equal($"得票 {tally.Votes}，{expected[i]}", own.Summary);
            Assert.Contains($"<td>{tally.Votes}</td><td>{expected[i]}</td></tr>", officePage, StringComparison.Ordinal);
            Assert.Equal(expected[i], download.Rows[i][5]);
        }
    }

    // Issue 18: a member who reads in English reads their association records in English; names and titles stay as written.
    [Fact]
    public async Task Me_InEnglish_ListsMembershipNominationsCasesAndAwardsInEnglish_ChineseByDefault()
    {
        await EnrolAsync("stf-701", "stf-702");
        await SeedElectionAndContestAsync();
        using var chen = await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn");
        using var liu = await StaffSessions.SignInAsync(_app, "stf-702@qz.example.cn");

        var chenEnglish = await OwnResultsAsync(chen, "/api/me?lang=en");
        var liuEnglish = await OwnResultsAsync(liu, "/api/me?lang=en");
        var chenChinese = await OwnResultsAsync(chen, "/api/me");

        Assert.Equal(
            [
                "Head-teachers' association member|东关小学|joined 2031-10-02 10:00",
                "Head-teacher case contest award|2030年度班主任案例评比 · A02 晨读十分钟|first prize, rank 1",
                "Council election nomination|第二届理事会选举|5 votes, elected",
            ],
            chenEnglish);
        Assert.Equal(
            [
                "Head-teachers' association member|弥河初级中学|joined 2031-10-02 10:00",
                "Head-teacher case contest entry|2030年度班主任案例评比 · A01 班会课新样|no award",
                "Council election nomination|第二届理事会选举|3 votes, not elected",
                "Council election nomination|第二届理事会选举|you nominated 陈晓梅",
            ],
            liuEnglish);
        Assert.Equal(
            [
                "班主任学会会员|东关小学|2031-10-02 10:00 入会",
                "班主任案例评比获奖|2030年度班主任案例评比 · A02 晨读十分钟|一等奖，第 1 名",
                "理事会选举提名|第二届理事会选举|得票 5，当选",
            ],
            chenChinese);
    }

    // Issue 18: an application not yet decided, and one's own candidacy before the count, read in English too.
    [Fact]
    public async Task Me_InEnglish_ShowsAPendingApplicationAndASelfNomination()
    {
        await EnrolAsync("stf-701");
        using var applicant = await StaffSessions.SignInAsync(_app, "stf-703@qz.example.cn");
        using var chen = await StaffSessions.SignInAsync(_app, "stf-701@qz.example.cn");
        Assert.True((await applicant.PostAsJsonAsync("/api/head-teachers/mine/application", new { statement = "担任班主任八年。" })).IsSuccessStatusCode);
        await Store.Elections.TryAddAsync(
            new Election
            {
                Id = "e1", Title = "第三届理事会选举", Seats = 1, NominationsClose = Start.AddDays(5), BallotCloses = Start.AddDays(10), Status = ElectionStatus.Nominating,
                Nominations = [new("stf-701", "陈晓梅", "东关小学", "stf-701", Start)],
            },
            CancellationToken.None);

        var application = await OwnResultsAsync(applicant, "/api/me?lang=en");
        var nomination = await OwnResultsAsync(chen, "/api/me?lang=en");

        Assert.Equal(["Head-teachers' association application|sent 2031-10-02 10:00|pending review"], application);
        Assert.Contains("Council election nomination|第三届理事会选举|you put yourself forward as a candidate", nomination);
        Assert.Equal(["班主任学会入会申请|2031-10-02 10:00 提交|待审核"], await OwnResultsAsync(applicant, "/api/me"));
    }

    private static async Task<List<string>> OwnResultsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonObject>(path))!["results"]!.AsArray().Select(r => $"{(string?)r!["kind"]}|{(string?)r!["title"]}|{(string?)r!["summary"]}")];

    private async Task SeedElectionAndContestAsync()
    {
        var awardedAt = Start.AddDays(-1);
        await Store.Elections.TryAddAsync(
            new Election
            {
                Id = "e0", Title = "第二届理事会选举", Seats = 1, NominationsClose = Start.AddDays(-20), BallotCloses = Start.AddDays(-10), Status = ElectionStatus.Published,
                Nominations = [new("stf-701", "陈晓梅", "东关小学", "stf-702", Start.AddDays(-25)), new("stf-702", "刘建国", "弥河初级中学", "stf-702", Start.AddDays(-24))],
                Results = [new CandidateTally("stf-701", "陈晓梅", "东关小学", 5, 1, true, false), new CandidateTally("stf-702", "刘建国", "弥河初级中学", 3, 2, false, false)],
            },
            CancellationToken.None);
        await Store.Contests.TryAddAsync(
            new CaseContest
            {
                Id = "2030", Title = "2030年度班主任案例评比", SubmissionsClose = Start.AddDays(-30), ReviewDue = Start.AddDays(-5), ReviewerIds = ["stf-705"], Status = ContestStatus.Awarded, Entries = 2, AwardedAt = awardedAt,
                Results = [new ContestAward("A02", "晨读十分钟", "stf-701", "陈晓梅", "东关小学", 92.5m, 1, 1, "一等奖"), new ContestAward("A01", "班会课新样", "stf-702", "刘建国", "弥河初级中学", 80m, 1, 2, null)],
            },
            CancellationToken.None);
        await Store.Entries.PutAsync(new ContestEntry { ContestId = "2030", Code = "A02", AuthorId = "stf-701", AuthorName = "陈晓梅", SchoolName = "东关小学", Title = "晨读十分钟", Summary = "每天十分钟。", SubmittedAt = Start.AddDays(-40) }, CancellationToken.None);
        await Store.Entries.PutAsync(new ContestEntry { ContestId = "2030", Code = "A01", AuthorId = "stf-702", AuthorName = "刘建国", SchoolName = "弥河初级中学", Title = "班会课新样", Summary = "班会。", SubmittedAt = Start.AddDays(-41) }, CancellationToken.None);
    }

    private static HttpClient Browser(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return client;
    }

    private async Task EnrolAsync(params string[] ids)
    {
        foreach (string id in ids)
        {
            var (_, name, school) = AssociationHarness.HeadTeachers.Single(h => h.Id == id);
            await Store.Members.PutAsync(new AssociationMember(id, name, school, Start, "seed-" + id), CancellationToken.None);
        }
    }
}
