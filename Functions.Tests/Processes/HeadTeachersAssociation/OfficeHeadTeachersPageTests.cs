using System.Net;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>The office's head-teachers' association page (<c>/api/office/head-teachers</c>) on Azurite: members, an application waiting, an election, a contest and an event, each linking the process's own page.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeHeadTeachersPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await SeedAsync(_app.Services.GetRequiredService<AssociationStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Two members, one application waiting, an election voting, a contest taking cases, a salon with two attendees.</summary>
    internal static async Task SeedAsync(AssociationStore store)
    {
        var at = new DateTimeOffset(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);
        await store.Members.PutAsync(new AssociationMember("stf-1", "王芳", "东关小学", at, "stf-1-1"), CancellationToken.None);
        await store.Members.PutAsync(new AssociationMember("stf-2", "李明", "旗城学校", at.AddDays(1), "stf-2-1"), CancellationToken.None);
        await store.Applications.PutAsync(
            new MembershipApplication { Id = "stf-3-1", StaffId = "stf-3", Name = "赵主任", SchoolName = "弥河初级中学", Statement = "担任班主任十二年，愿意参与学会活动。", SubmittedAt = at.AddDays(3) },
            CancellationToken.None);
        await store.Elections.PutAsync(
            new Election { Id = "2026", Title = "第三届理事会换届选举", Seats = 5, NominationsClose = at.AddDays(10), BallotCloses = at.AddDays(20), Status = ElectionStatus.Voting, BallotsIssued = 2 },
            CancellationToken.None);
        await store.Contests.PutAsync(
            new CaseContest { Id = "2026", Title = "2026年班主任工作案例评比", SubmissionsClose = at.AddDays(30), ReviewDue = at.AddDays(45), ReviewerIds = ["stf-4", "stf-5", "stf-6"], Entries = 4 },
            CancellationToken.None);
        await store.Events.PutAsync(
            new SalonEvent { Id = "salon-2026-09", Title = "九月读书沙龙：《给教师的建议》", Kind = "salon", StartsAt = at.AddDays(5), Place = "教育局三楼会议室", Capacity = 30, Attendees = ["stf-1", "stf-2"] },
            CancellationToken.None);
    }

    [Fact]
    public async Task AssociationPage_ShowsMembersApplicationsElectionsContestsAndEvents_InChinese()
    {
        var page = await _http.GetAsync($"/api/office/head-teachers?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>班主任学会</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"member-count\">2</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count warn\" id=\"pending-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/head-teachers/applications/stf-3-1?code={Key}\">赵主任</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/head-teachers/elections/2026?code={Key}\">第三届理事会换届选举</a>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"阶段\">投票中</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"已投票 / 选票\">0 / 2</td>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/head-teachers/contests/2026?code={Key}\">2026年班主任工作案例评比</a>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"阶段\">征集案例</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"签到 / 名额\">2 / 30</td>", html, StringComparison.Ordinal);

        // The links go to routes that answer.
        foreach (string path in new[] { "office/head-teachers/overview", "office/head-teachers/applications/stf-3-1", "office/head-teachers/elections/2026", "office/head-teachers/contests/2026", "office/head-teachers/events/salon-2026-09" })
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/{path}?code={Key}")).StatusCode);
        }
    }

    [Fact]
    public async Task AssociationPage_ElectionWithoutCandidates_SaysNoBallotWasSent_HereAndOnItsOwnPage()
    {
        var at = new DateTimeOffset(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);
        await _app.Services.GetRequiredService<AssociationStore>().Elections.PutAsync(
            new Election { Id = "2027", Title = "第四届理事会换届选举", Seats = 5, NominationsClose = at.AddDays(10), BallotCloses = at.AddDays(20), Status = ElectionStatus.NoCandidates },
            CancellationToken.None);

        string list = await (await _http.GetAsync($"/api/office/head-teachers?code={Key}")).Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/office/head-teachers/elections/2027?code={Key}");
        request.Headers.Accept.ParseAdd("text/html");
        var own = await _http.SendAsync(request);
        string page = await own.Content.ReadAsStringAsync();

        Assert.Contains("<td data-label=\"阶段\">无候选人，未发选票</td>", list, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"muted\" id=\"no-candidates-2027\">{AssociationWords.NoCandidatesZh}</span>", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("无候选人，未投票", page, StringComparison.Ordinal);
        Assert.Contains(AssociationWords.NoCandidatesZh, page, StringComparison.Ordinal);
        Assert.DoesNotContain("无记名投票", page, StringComparison.Ordinal);
        foreach (string shown in new[] { list, page })
        {
            Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(shown)));
        }
    }

    [Fact]
    public async Task AssociationPage_WithoutTheMasterKey_IsRefused() =>
        await AssertProblemAsync(await _http.GetAsync("/api/office/head-teachers"), HttpStatusCode.Unauthorized, "x-functions-key");
}
