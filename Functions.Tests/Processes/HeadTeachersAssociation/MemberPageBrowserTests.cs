using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// A member's own association page in real headless Chromium on a phone (390x844), signed in the way a head teacher
/// would (the mailed link, then its button): the nomination, case and event sections fit the screen.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class MemberPageBrowserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task MemberPage_SignedInOnAPhone_FitsTheScreen()
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        var store = app.Services.GetRequiredService<AssociationStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, name, school) in AssociationHarness.HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn"), CancellationToken.None);
            await store.Members.PutAsync(new AssociationMember(id, name, school + "（青州市益都街道办事处辖区九年一贯制学校）", now, "seed-" + id), CancellationToken.None);
        }

        await store.Elections.TryAddAsync(new Election { Id = "e1", Title = "青州市班主任学会第三届理事会换届选举", Seats = 5, NominationsClose = now.AddDays(3), BallotCloses = now.AddDays(10) }, CancellationToken.None);
        await store.Contests.TryAddAsync(new CaseContest { Id = "2031", Title = "2031年度班主任工作优秀案例评比", SubmissionsClose = now.AddDays(20), ReviewDue = now.AddDays(30), ReviewerIds = ["stf-706"] }, CancellationToken.None);
        await store.Events.TryAddAsync(new SalonEvent { Id = "salon-1", Title = "《给教师的建议》读书沙龙暨班级管理经验交流会", Kind = "reading-salon", StartsAt = now.AddDays(-1), Place = "青州市教育和体育局三楼会议室", Capacity = 30, Attendees = ["stf-701"] }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        string link = await StaffSessions.RequestLinkAsync(app, http, "stf-701@qz.example.cn");

        using var browser = Chromium.Start(390, 844);
        // On a real socket the mailed link already names the app's own address.
        await browser.Navigate().GoToUrlAsync(link.StartsWith("http", StringComparison.Ordinal) ? link : app.BaseUrl + link);
        browser.FindElement(By.Id("sign-in")).Click();
        // The sign-in lands on /api/me first; a late landing would replace the page opened next.
        new OpenQA.Selenium.Support.UI.WebDriverWait(browser, TimeSpan.FromSeconds(30)).Until(b => b.Url.EndsWith("/api/me", StringComparison.Ordinal));
        await browser.Navigate().GoToUrlAsync(app.BaseUrl + "/api/head-teachers/mine");

        Assert.Contains("班主任学会 · 陈晓梅", browser.PageSource, StringComparison.Ordinal);
        Assert.NotNull(browser.FindElement(By.Id("nominee-e1")));
        Assert.NotNull(browser.FindElement(By.Id("title-2031")));
        Assert.Contains("已签到", browser.PageSource, StringComparison.Ordinal);
        Chromium.Save(browser, "head-teachers-mine-390x844.png");
        Chromium.AssertFits(browser, "head-teachers/mine", 390);
    }
}
