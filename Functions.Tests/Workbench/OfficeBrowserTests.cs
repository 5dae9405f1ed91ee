using System.Drawing;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office home, the county page and a school's staff in real headless Chromium (Debian's packages) on a phone (390x844) and a
/// projector (1366x768): they load with data and nothing is wider than the screen. Screenshots are kept under the
/// test output directory (<c>screenshots/</c>).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class OfficeBrowserTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task OfficeHomeAndCounty_FitTheScreen(int width, int height)
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedCountyAsync();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name,
            new NoticeAcknowledgement.Input("stf-1", "关于做好二〇二六学年第一学期全县中小学幼儿园安全隐患大排查大整治工作的紧急通知", 72),
            new StartOrchestrationOptions("notice-acknowledgement-a-very-long-instance-id-that-would-widen-a-phone-page-0123456789"));
        await app.WaitForOpenTaskAsync(id);

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-instance='{id}']")).Count > 0).ToString();
        Assert.Contains("示例：通知确认", browser.PageSource, StringComparison.Ordinal);
        Chromium.Save(browser, $"office-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office", width);

        browser.FindElement(By.LinkText("全县名录")).Click();
        wait.Until(d => d.FindElements(By.Id("schools")).Count > 0).ToString();
        browser.FindElement(By.Id("q")).SendKeys("王芳");
        browser.FindElement(By.CssSelector("form.search button")).Click();
        wait.Until(d => d.FindElements(By.Id("found")).Count > 0).ToString();
        Assert.Contains("stf-1", browser.FindElement(By.Id("found")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"county-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/county", width);

        // A school's staff, browsed to from its row on the county page.
        browser.FindElement(By.CssSelector("#schools a.staff")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-staff='stf-1']")).Count > 0).ToString();
        Assert.Contains("修改", browser.FindElement(By.CssSelector("tr[data-staff='stf-1'] a.edit")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"school-staff-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/county/school-staff/{id}", width);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task ProcessPages_FitTheScreen(int width, int height)
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedCountyAsync();
        await app.SeedReviewAsync();
        await app.SeedAssessmentAsync();
        await app.SeedBatchAsync();

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.Id("process-pages")).Count > 0).ToString();
        browser.FindElement(By.Id("process-pages")).FindElement(By.LinkText("教研员考核")).Click();
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-review='{ProcessPagesSeed.ReviewId}']")).Count > 0).ToString();
        Chromium.Save(browser, $"researcher-reviews-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/researcher-reviews", width);

        browser.FindElement(By.LinkText("2026年上半年")).Click();
        wait.Until(d => d.FindElements(By.Id("ranking")).Count > 0).ToString();
        Assert.Contains("李教研", browser.FindElement(By.Id("unanswered")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"researcher-review-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/researcher-reviews/{id}", width);

        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/department-assessment/2026?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.CssSelector("#charts svg")).Count == 3).ToString();
        Assert.Contains("教研室", browser.FindElement(By.Id("two-year")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"department-assessment-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/department-assessment/2026", width);

        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/shadow-training?code={TaskAppFactory.MasterKey}");
        browser.FindElement(By.LinkText(ProcessPagesSeed.BatchId)).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-trainee='stf-1']")).Count > 0).ToString();
        Assert.Contains("未交日志", browser.FindElement(By.CssSelector("tr[data-trainee='stf-1'] td.missing")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"shadow-training-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/shadow-training/{batchId}", width);
    }
}
