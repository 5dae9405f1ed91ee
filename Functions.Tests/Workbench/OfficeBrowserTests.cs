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
/// The office home and the county page in real headless Chromium (Debian's packages) on a phone (390x844) and a
/// projector (1366x768): they load with data and nothing is wider than the screen. Screenshots are kept under the
/// test output directory (<c>screenshots/</c>).
/// </summary>
[Collection(AzuriteTests.Name)]
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

        using var browser = StartChromium(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-instance='{id}']")).Count > 0).ToString();
        Assert.Contains("示例：通知确认", browser.PageSource, StringComparison.Ordinal);
        Save(browser, $"office-{width}x{height}.png");
        AssertFits(browser, "/api/office", width);

        browser.FindElement(By.LinkText("全县名录")).Click();
        wait.Until(d => d.FindElements(By.Id("schools")).Count > 0).ToString();
        browser.FindElement(By.Id("q")).SendKeys("王芳");
        browser.FindElement(By.CssSelector("form.search button")).Click();
        wait.Until(d => d.FindElements(By.Id("found")).Count > 0).ToString();
        Assert.Contains("stf-1", browser.FindElement(By.Id("found")).Text, StringComparison.Ordinal);
        Save(browser, $"county-{width}x{height}.png");
        AssertFits(browser, "/api/office/county", width);
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

        using var browser = StartChromium(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.Id("process-pages")).Count > 0).ToString();
        browser.FindElement(By.Id("process-pages")).FindElement(By.LinkText("教研员考核")).Click();
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-review='{ProcessPagesSeed.ReviewId}']")).Count > 0).ToString();
        Save(browser, $"researcher-reviews-{width}x{height}.png");
        AssertFits(browser, "/api/office/researcher-reviews", width);

        browser.FindElement(By.LinkText("2026年上半年")).Click();
        wait.Until(d => d.FindElements(By.Id("ranking")).Count > 0).ToString();
        Assert.Contains("李教研", browser.FindElement(By.Id("unanswered")).Text, StringComparison.Ordinal);
        Save(browser, $"researcher-review-{width}x{height}.png");
        AssertFits(browser, "/api/office/researcher-reviews/{id}", width);

        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/department-assessment/2026?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.CssSelector("#charts svg")).Count == 3).ToString();
        Assert.Contains("教研室", browser.FindElement(By.Id("two-year")).Text, StringComparison.Ordinal);
        Save(browser, $"department-assessment-{width}x{height}.png");
        AssertFits(browser, "/api/office/department-assessment/2026", width);

        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/shadow-training?code={TaskAppFactory.MasterKey}");
        browser.FindElement(By.LinkText(ProcessPagesSeed.BatchId)).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-trainee='stf-1']")).Count > 0).ToString();
        Assert.Contains("未交日志", browser.FindElement(By.CssSelector("tr[data-trainee='stf-1'] td.missing")).Text, StringComparison.Ordinal);
        Save(browser, $"shadow-training-{width}x{height}.png");
        AssertFits(browser, "/api/office/shadow-training/{batchId}", width);
    }

    private static void AssertFits(ChromeDriver browser, string page, int width)
    {
        var sizes = (IReadOnlyCollection<object>)browser.ExecuteScript("return [document.documentElement.scrollWidth, window.innerWidth];")!;
        long scrollWidth = Convert.ToInt64(sizes.First(), System.Globalization.CultureInfo.InvariantCulture);
        long innerWidth = Convert.ToInt64(sizes.Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(width, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"{page} at {width} px is {scrollWidth} px wide");
    }

    private static void Save(ChromeDriver browser, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }

    private static ChromeDriver StartChromium(int width, int height)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };

        // Headless and quiet: the machine's closed network refuses Chromium's background connections.
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("eduflows-chromium").FullName);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

        // The window size includes no browser chrome when headless, but set the viewport exactly all the same.
        driver.Manage().Window.Size = new Size(width, height);
        return driver;
    }
}
