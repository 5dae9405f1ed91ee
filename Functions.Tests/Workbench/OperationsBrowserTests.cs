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
/// The office's task, mail and instance pages in real headless Chromium on a phone (390x844) and a projector
/// (1366x768): they load with data, a filter narrows, a resend and a termination go through their confirmation page,
/// a form error reads in Chinese, a browser without the key is refused, and nothing is wider than the screen.
/// Screenshots are kept under the test output directory (<c>screenshots/</c>).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class OperationsBrowserTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task TasksMailAndInstances_WorkInTheBrowser_AndFitTheScreen(int width, int height)
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedCountyAsync();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name,
            new NoticeAcknowledgement.Input("stf-1", "关于做好二〇二六学年第一学期全县中小学幼儿园安全隐患大排查大整治工作的紧急通知", 72),
            new StartOrchestrationOptions("notice-acknowledgement-a-very-long-instance-id-that-would-widen-a-phone-page-0123456789"));
        string other = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "关于秋季运动会的通知", 72));
        await app.WaitForOpenTaskAsync(id);
        await app.WaitForOpenTaskAsync(other);
        string size = $"{width}x{height}";

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));

        // Refused without the key, in Chinese.
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/tasks");
        Assert.Contains("需要管理员密钥", browser.PageSource, StringComparison.Ordinal);

        // Tasks: both rows, then the person filter leaves one; resend through the confirmation page.
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        browser.FindElement(By.LinkText("任务")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-task]")).Count == 2).ToString();
        Chromium.Save(browser, $"office-tasks-{size}.png");
        Chromium.AssertFits(browser, "/api/office/tasks", width);
        browser.FindElement(By.Id("person")).SendKeys("王芳");
        browser.FindElement(By.CssSelector("#filters button")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-task]")).Count == 1).ToString();
        browser.FindElement(By.CssSelector("tr[data-task] a.resend")).Click();
        wait.Until(d => d.FindElements(By.Id("confirm-button")).Count > 0).ToString();
        Chromium.Save(browser, $"office-task-resend-{size}.png");
        Chromium.AssertFits(browser, "task resend", width);
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.FindElements(By.Id("done")).Count > 0).ToString();
        Assert.Contains("已重新写入发件箱", browser.FindElement(By.Id("done")).Text, StringComparison.Ordinal);

        // Mail: the resend is in the outbox for that address.
        browser.FindElement(By.Id("next")).Click();
        wait.Until(d => d.FindElements(By.Id("mail")).Count > 0).ToString();
        Assert.Contains(browser.FindElements(By.CssSelector("tr[data-mail]")), r => r.GetAttribute("data-mail")!.Contains(".resend-", StringComparison.Ordinal));
        Chromium.Save(browser, $"office-mail-{size}.png");
        Chromium.AssertFits(browser, "/api/office/mail", width);

        // Instances: the list, one instance's timeline, a form error in Chinese, then a termination.
        browser.FindElement(By.LinkText("实例")).Click();
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-instance='{id}']")).Count > 0).ToString();
        Chromium.Save(browser, $"office-instances-{size}.png");
        Chromium.AssertFits(browser, "/api/office/instances", width);
        browser.FindElement(By.CssSelector($"tr[data-instance='{id}'] a")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("ol.timeline li")).Count > 0).ToString();
        Chromium.Save(browser, $"office-instance-{size}.png");
        Chromium.AssertFits(browser, "instance", width);
        browser.FindElement(By.CssSelector("a[data-action='raise-event']")).Click();
        wait.Until(d => d.FindElements(By.Id("eventName")).Count > 0).ToString();
        browser.FindElement(By.Id("eventName")).SendKeys("Poke");
        browser.FindElement(By.Id("payload")).SendKeys("{不是 JSON");
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.FindElements(By.Id("error-payload")).Count > 0).ToString();
        Assert.Contains("“事件内容”不是有效的 JSON。", browser.FindElement(By.Id("error-payload")).Text, StringComparison.Ordinal);
        Assert.Contains("未作任何更改", browser.FindElement(By.Id("error")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"office-instance-error-{size}.png");
        Chromium.AssertFits(browser, "raise-event error", width);
        browser.FindElement(By.Id("back")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("a[data-action='terminate']")).Count > 0).ToString();
        browser.FindElement(By.CssSelector("a[data-action='terminate']")).Click();
        wait.Until(d => d.FindElements(By.Id("confirm-button")).Count > 0).ToString();
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.FindElements(By.Id("done")).Count > 0).ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.WaitForInstanceCompletionAsync(id, cts.Token)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(other))!.RuntimeStatus);
    }
}
