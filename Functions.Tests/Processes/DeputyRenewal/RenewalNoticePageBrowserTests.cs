using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// The promotion notice on a phone (headless Chromium, 390x844): 周老师 opens it from her notice mail's link, sends the
/// form without choosing anyone and is told in Chinese beside the field, then objects and is told it is taken. Each page
/// fits the screen with no Latin words; screenshots are kept.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class RenewalNoticePageBrowserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NoticePage_FromTheMail_OnAPhone_RefusalBesideTheField_ThenTheObjectionIsTaken()
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await DeputyRenewalHarness.SeedSchoolAsync(directory);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-45", "周老师", "zh.teacher@qz.example.cn") with { SchoolId = "sch-qc" }], CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        await RenewalNoticePageTests.StartOnNoticeAsync(app, http, "2031");
        string link = await RenewalNoticePageTests.MailedLinkAsync(app, "zh.teacher@qz.example.cn", "2031");

        using var browser = Chromium.Start(390, 844);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        string Body() => browser.FindElement(By.TagName("body")).Text;
        void Fits(string name)
        {
            Chromium.Save(browser, $"deputy-renewal-{name}-390x844.png");
            Chromium.AssertFits(browser, name, 390);
            var english = ChineseText.LatinWords(ChineseText.OfHtml(browser.PageSource));
            Assert.True(english.Count == 0, $"{name} shows {string.Join(", ", english)}");
        }

        await browser.Navigate().GoToUrlAsync(link);
        wait.Until(d => d.FindElements(By.CssSelector("input[name=againstStaffId]")).Count == 2).ToString();
        Assert.Contains("2031年副校长提拔公示 · 旗城学校", Body(), StringComparison.Ordinal);
        Fits("notice");

        browser.FindElement(By.Id("reason")).SendKeys("其在职称评审中材料造假。");
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElements(By.Id("error-againstStaffId")).Count > 0).ToString();
        Assert.Equal("请选择公示名单中的人员", browser.FindElement(By.Id("error-againstStaffId")).Text);
        Fits("notice-refused");

        browser.FindElement(By.CssSelector("input[value='stf-42']")).Click();
        browser.FindElement(By.Id("contact")).SendKeys("13900001111");
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("异议已提交", StringComparison.Ordinal)).ToString();
        Fits("notice-objected");
        var rows = await app.Services.GetRequiredService<DeputyRenewalStore>().Objections.OfRecordAsync("2031-sch-qc", CancellationToken.None);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (rows.Count == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            rows = await app.Services.GetRequiredService<DeputyRenewalStore>().Objections.OfRecordAsync("2031-sch-qc", CancellationToken.None);
        }

        var row = Assert.Single(rows);
        Assert.Equal(("stf-42", "周老师（stf-45） 13900001111", "其在职称评审中材料造假。"), (row.AgainstStaffId, row.Objector, row.Reason));
    }
}
