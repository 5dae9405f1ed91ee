using System.Globalization;
using System.Net;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// The association's office page runs the process from forms, each through the JSON route's rules: opens a term election
/// and records nominations, enters an application to join, sets up the case contest and enters cases, announces events
/// and records attendance. Bad input shows the Chinese reason once, beside the field, and changes nothing.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeHeadTeachersActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Open = "/api/office/head-teachers/new-election";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private (string, string)[] _good = [];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        var store = _app.Services.GetRequiredService<AssociationStore>();
        foreach (var (id, name, school) in AssociationHarness.HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn"), CancellationToken.None);
            await store.Members.PutAsync(new AssociationMember(id, name, school, DateTimeOffset.UtcNow, "seed-" + id), CancellationToken.None);
        }

        await directory.Staff.UpsertAsync(TaskHarness.Staff("stf-80", "王立新", "wang.lixin@qz.example.cn"), CancellationToken.None);
        _good = [("electionId", "term-form"), ("title", "第三届理事会选举"), ("seats", "3"), ("nominationsClose", Local(TimeSpan.FromDays(7))), ("ballotCloses", Local(TimeSpan.FromDays(14)))];
    }

    private string Local(TimeSpan later) =>
        TimeZoneInfo.ConvertTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow() + later, _app.Services.GetRequiredService<BureauClock>().Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NewElectionForm_BadInputShowsTheChineseReasonAtTheField_NonAdminRefused_ThenOpensAndGoesBack()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/head-teachers");

        var seats = await OfficeFormPosts.PostAsync(_http, Open, _good.With("seats", "0"));
        string seatsHtml = await seats.Content.ReadAsStringAsync();
        var when = await OfficeFormPosts.PostAsync(_http, Open, _good.With("ballotCloses", "下周五"));
        string whenHtml = await when.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Open, _good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Open, _good, OfficeFormPosts.FunctionKey);
        Assert.Null(await store.Elections.GetAsync("term-form", CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Open, _good);

        Assert.Contains("id=\"act-new-election\"", linked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, seats.StatusCode);
        Assert.Contains("id=\"error-seats\" role=\"alert\">“理事名额”：须为 1 至 30 之间的整数", seatsHtml, StringComparison.Ordinal);
        // The reason once, beside the field; above the form only that nothing changed, with a link to the field.
        Assert.Equal(1, Occurrences(seatsHtml, "须为 1 至 30 之间的整数"));
        Assert.Contains("未作任何更改。 <a href=\"#seats\">请按提示修改“理事名额”。</a>", seatsHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, when.StatusCode);
        Assert.Contains("id=\"error-ballotCloses\" role=\"alert\">“投票截止（北京时间）”须填写日期和时刻（北京时间），如 2027-03-01T17:00。</span>", whenHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/head-teachers?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var election = await store.Elections.GetAsync("term-form", CancellationToken.None);
        Assert.NotNull(election);
        Assert.Equal(3, election.Record.Seats);

        // The page gone back to carries the notice the #done anchor shows (hidden without it); the form itself does not.
        Assert.Contains("<p class=\"done arrived\" id=\"done\" role=\"status\">已完成", linked, StringComparison.Ordinal);
        Assert.Contains(".done.arrived:not(:target){display:none}", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"done\"", await OfficeFormPosts.GetPageAsync(_http, Open), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationAndNominationForms_RefuseBadInputAtTheField_ThenEnterTheApplicationAndTheNomination()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        const string Apply = "/api/office/head-teachers/new-application";
        const string Nominate = "/api/office/head-teachers/elections/term-form/nominate";
        (string, string)[] application = [("staffId", "stf-80"), ("statement", "从事班主任工作十二年，\n希望与同行交流。")];
        (string, string)[] nomination = [("nomineeId", "stf-701"), ("nominatedBy", "stf-702")];
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Open, _good)).StatusCode);

        var notInDirectory = await OfficeFormPosts.PostAsync(_http, Apply, application.With("staffId", "stf-999"));
        string notInDirectoryHtml = await notInDirectory.Content.ReadAsStringAsync();
        var member = await OfficeFormPosts.PostAsync(_http, Apply, application.With("staffId", "stf-703"));
        string memberHtml = await member.Content.ReadAsStringAsync();
        var notMember = await OfficeFormPosts.PostAsync(_http, Nominate, nomination.With("nominatedBy", "stf-80"));
        string notMemberHtml = await notMember.Content.ReadAsStringAsync();
        var noElection = await OfficeFormPosts.PostAsync(_http, "/api/office/head-teachers/elections/no-such/nominate", nomination);
        string noElectionHtml = await noElection.Content.ReadAsStringAsync();
        Assert.Empty(await store.ApplicationsOfAsync("stf-80", CancellationToken.None));
        Assert.Empty(await store.ApplicationsOfAsync("stf-703", CancellationToken.None));
        Assert.Empty((await store.Elections.GetAsync("term-form", CancellationToken.None))!.Record.Nominations);

        string page = await OfficeFormPosts.GetPageAsync(_http, "/api/office/head-teachers");
        var applied = await OfficeFormPosts.PostAsync(_http, Apply, application);
        var nominated = await OfficeFormPosts.PostAsync(_http, Nominate, nomination);

        Assert.Contains("id=\"act-new-application\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"act-nominate-term-form\"", page, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"statement\" name=\"statement\"", await OfficeFormPosts.GetPageAsync(_http, Apply), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notInDirectory.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“申请人编号”：不在教职工名录中。<", notInDirectoryHtml, StringComparison.Ordinal);
        AssertChineseOnly(notInDirectoryHtml, memberHtml, notMemberHtml, noElectionHtml);
        Assert.Equal(HttpStatusCode.Conflict, member.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">马丽娟已是学会会员。", memberHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notMember.StatusCode);
        Assert.Contains("id=\"error-nominatedBy\" role=\"alert\">“提名人会员编号”：不是学会会员", notMemberHtml, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(notMemberHtml, "不是学会会员"));
        Assert.Equal(HttpStatusCode.NotFound, noElection.StatusCode);
        Assert.Contains("<p class=\"error\" id=\"error\" role=\"alert\" data-field=\"electionId\">没有选举 no-such。 未作任何更改。</p>", noElectionHtml, StringComparison.Ordinal);
        Assert.Contains("<input id=\"nomineeId\" name=\"nomineeId\" value=\"stf-701\"", noElectionHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal($"/api/office/head-teachers?code={TaskAppFactory.MasterKey}#done", applied.Headers.Location!.OriginalString);
        var entered = Assert.Single(await store.ApplicationsOfAsync("stf-80", CancellationToken.None));
        Assert.Equal((ApplicationStatus.Pending, "从事班主任工作十二年，\n希望与同行交流。"), (entered.Status, entered.Statement.ReplaceLineEndings("\n")));
        Assert.Equal(HttpStatusCode.Redirect, nominated.StatusCode);
        var nominee = Assert.Single((await store.Elections.GetAsync("term-form", CancellationToken.None))!.Record.Nominations);
        Assert.Equal(("stf-701", "stf-702"), (nominee.MemberId, nominee.NominatedBy));
    }

    [Fact]
    public async Task ContestAndCaseForms_RefuseBadInputAtTheField_ThenSetUpTheContestWithItsPanelAndEnterACase()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        const string Define = "/api/office/head-teachers/new-contest";
        const string Submit = "/api/office/head-teachers/contests/2031/submit-case";
        (string, string)[] contest =
        [
            ("year", "2031"), ("title", "2031年度班主任工作案例评比"), ("submissionsClose", Local(TimeSpan.FromDays(20))), ("reviewDue", Local(TimeSpan.FromDays(30))),
            ("reviewerIds", "stf-704\nstf-705，stf-706"), ("maxPoints", ""), ("ownerId", ""),
        ];
        (string, string)[] entry = [("authorId", "stf-701"), ("title", "用班会课化解同伴冲突"), ("summary", "一次课间冲突之后，班主任组织三次主题班会……")];

        var unknownReviewer = await OfficeFormPosts.PostAsync(_http, Define, contest.With("reviewerIds", "stf-704 stf-999"));
        string unknownReviewerHtml = await unknownReviewer.Content.ReadAsStringAsync();
        var early = await OfficeFormPosts.PostAsync(_http, Define, contest.With("reviewDue", Local(TimeSpan.FromDays(10))));
        string earlyHtml = await early.Content.ReadAsStringAsync();
        var noContest = await OfficeFormPosts.PostAsync(_http, Submit, entry);
        string noContestHtml = await noContest.Content.ReadAsStringAsync();
        Assert.Null(await store.Contests.GetAsync("2031", CancellationToken.None));
        string prefilled = await OfficeFormPosts.GetPageAsync(_http, Define + "?year=2031");

        var defined = await OfficeFormPosts.PostAsync(_http, Define, contest);
        var tooLong = await OfficeFormPosts.PostAsync(_http, Submit, entry.With("summary", new string('案', 401)));
        string tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        Assert.Empty(await store.EntriesOfAsync("2031", CancellationToken.None));
        var submitted = await OfficeFormPosts.PostAsync(_http, Submit, entry);
        string page = await OfficeFormPosts.GetPageAsync(_http, "/api/office/head-teachers");

        Assert.Contains("<input id=\"year\" name=\"year\" value=\"2031\"", prefilled, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownReviewer.StatusCode);
        Assert.Contains("id=\"error-reviewerIds\" role=\"alert\">“评审组人员编号（1至15人）第2项”：不在教职工名录中。<", unknownReviewerHtml, StringComparison.Ordinal);
        AssertChineseOnly(unknownReviewerHtml, earlyHtml, noContestHtml, tooLongHtml);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("id=\"error-reviewDue\" role=\"alert\">“评审截止（北京时间）”：须晚于投稿截止时间。<", earlyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noContest.StatusCode);
        Assert.Contains("<p class=\"error\" id=\"error\" role=\"alert\" data-field=\"contestId\">没有 2031 年度案例评比。 未作任何更改。</p>", noContestHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"error-authorId\"", noContestHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, defined.StatusCode);
        var saved = (await store.Contests.GetAsync("2031", CancellationToken.None))!.Record;
        Assert.Equal(["stf-704", "stf-705", "stf-706"], saved.ReviewerIds);
        Assert.Equal((100m, ContestStatus.Submitting), (saved.MaxPoints, saved.Status));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("id=\"error-summary\" role=\"alert\">“案例摘要（不超过400字）”：不能超过 400 字", tooLongHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var only = Assert.Single(await store.EntriesOfAsync("2031", CancellationToken.None));
        Assert.Equal(("A01", "stf-701", "用班会课化解同伴冲突"), (only.Code, only.AuthorId, only.Title));
        Assert.Contains("id=\"act-submit-case-2031\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventAndAttendanceForms_RefuseBadInputAtTheField_ThenAnnounceTheEventAndRecordWhoCame()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        const string Announce = "/api/office/head-teachers/new-event";
        const string Attend = "/api/office/head-teachers/events/salon-form/attendance";
        (string, string)[] salon = [("eventId", "salon-form"), ("title", "《给教师的建议》读书沙龙"), ("kind", "reading-salon"), ("startsAt", Local(TimeSpan.FromHours(1))), ("place", "教育局三楼会议室"), ("capacity", "30")];

        var seats = await OfficeFormPosts.PostAsync(_http, Announce, salon.With("capacity", "0"));
        string seatsHtml = await seats.Content.ReadAsStringAsync();
        var badId = await OfficeFormPosts.PostAsync(_http, Announce, salon.With("eventId", "沙龙"));
        string badIdHtml = await badId.Content.ReadAsStringAsync();
        Assert.Empty(await store.Events.QueryAsync(null, CancellationToken.None));
        var announced = await OfficeFormPosts.PostAsync(_http, Announce, salon);
        var stranger = await OfficeFormPosts.PostAsync(_http, Attend, [("memberIds", "stf-701, stf-80")]);
        string strangerHtml = await stranger.Content.ReadAsStringAsync();
        var none = await OfficeFormPosts.PostAsync(_http, Attend, [("memberIds", " ")]);
        string noneHtml = await none.Content.ReadAsStringAsync();
        Assert.Empty((await store.Events.GetAsync("salon-form", CancellationToken.None))!.Record.Attendees);
        var attended = await OfficeFormPosts.PostAsync(_http, Attend, [("memberIds", "stf-701、stf-702\nstf-701")]);
        string page = await OfficeFormPosts.GetPageAsync(_http, "/api/office/head-teachers");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, seats.StatusCode);
        Assert.Contains("id=\"error-capacity\" role=\"alert\">“名额（1至500）”：须为 1 至 500 之间的整数。<", seatsHtml, StringComparison.Ordinal);
        AssertChineseOnly(seatsHtml, badIdHtml, strangerHtml, noneHtml);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.Contains("id=\"error-eventId\" role=\"alert\">“活动编号（必填，字母、数字和连字符）”：只能由字母、数字和短横线组成", badIdHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, announced.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        Assert.Contains("id=\"error-memberIds\" role=\"alert\">“到场会员编号第2项”：不是学会会员", strangerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("id=\"error-memberIds\" role=\"alert\">“到场会员编号”：请至少登记一位会员。", noneHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, attended.StatusCode);
        Assert.Equal(["stf-701", "stf-702"], (await store.Events.GetAsync("salon-form", CancellationToken.None))!.Record.Attendees);
        Assert.Contains("id=\"act-attendance-salon-form\"", page, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // A refused form's page is Chinese only: the route's English stays in the API's answer. "no-such" is the election id
    // the test typed (an id without a digit, which the check would take for a word).
    private static void AssertChineseOnly(params string[] pages)
    {
        var found = pages.SelectMany(html => EduFlows.Tests.Notifications.ChineseText.LatinWords(EduFlows.Tests.Notifications.ChineseText.OfHtml(html), ["no-such"])).ToList();
        Assert.True(found.Count == 0, string.Join(", ", found));
    }
}
