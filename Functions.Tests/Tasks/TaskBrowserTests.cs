using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Tasks;

/// <summary>
/// A person in a real browser (headless Chromium from Debian's packages): opens the dev mailbox, follows the task link
/// in the mail, fills the form on a phone-sized screen, submits, and sees the receipt; the orchestration gets the answer.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class TaskBrowserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FromTheDevMailbox_OpenTheTaskLink_SubmitTheForm_SeeTheReceipt()
    {
        await using var app = new TaskAppFactory(azurite, FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (app.Mailbox.All.Count == 0)
        {
            await Task.Delay(50, cts.Token);
        }

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync(app.BaseUrl + "/dev/mail?code=" + TaskAppFactory.MasterKey);
        wait.Until(d => d.FindElements(By.CssSelector("article.mail a.open")).Count > 0).ToString();
        browser.FindElement(By.CssSelector("article.mail a.open")).Click();
        wait.Until(d => d.FindElements(By.LinkText("打开任务")).Count > 0).ToString();
        browser.FindElement(By.LinkText("打开任务")).Click();
        wait.Until(d => d.FindElements(By.Id("f-acknowledged")).Count > 0).ToString();
        Assert.Contains("关于秋季运动会的通知", browser.PageSource, StringComparison.Ordinal);
        browser.FindElement(By.Id("f-acknowledged")).Click();
        browser.FindElement(By.Id("f-comment")).SendKeys("已阅，按时参加。");
        browser.FindElement(By.CssSelector("form button[type=submit]")).Click();
        var receipt = wait.Until(d => d.FindElements(By.Id("receipt-id")).FirstOrDefault());
        string receiptId = receipt!.Text;
        var done = await client.WaitForInstanceCompletionAsync(id, true, cts.Token);

        Assert.StartsWith("R2", receiptId, StringComparison.Ordinal);
        Assert.Contains("已阅，按时参加。", browser.PageSource, StringComparison.Ordinal);
        var outcome = done.ReadOutputAs<StaffTaskOutcome>()!;
        Assert.Equal(receiptId, outcome.Receipt!.ReceiptId);
        Assert.Equal("已阅，按时参加。", outcome.Receipt.Values["comment"]);
    }

    [Fact]
    public async Task OnAPhone_ABadAnswer_ReachesTheServer_AndItsChineseMessageIsShownBesideTheField_AndNothingIsSaved()
    {
        // The form must not be checked by the browser: its own bubble speaks the phone's language (English on an English
        // phone) and the server's Chinese message beside the field would never be seen.
        await using var app = new TaskAppFactory(azurite, FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        var (link, instanceId) = await app.StartNoticeAsync("stf-1", "关于冬季安全检查的通知");
        var store = app.Services.GetRequiredService<StaffTaskStore>();
        var task = (await store.ForAssigneeAsync("stf-1", CancellationToken.None)).Single(t => t.InstanceId == instanceId);

        using var browser = Chromium.Start(390, 844);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync(link.StartsWith("http", StringComparison.Ordinal) ? link : app.BaseUrl + link);
        wait.Until(d => d.FindElements(By.Id("f-acknowledged")).Count > 0).ToString();
        browser.FindElement(By.Id("f-comment")).SendKeys("尚未看完，先留言。");
        browser.FindElement(By.CssSelector("form[action] button[type=submit]")).Click();
        var error = wait.Until(d => d.FindElements(By.CssSelector(".error[data-field=acknowledged]")).FirstOrDefault());

        Assert.Equal("请勾选确认。", error!.Text);
        var field = browser.FindElement(By.Id("f-acknowledged"));
        Assert.False(field.Selected);
        Assert.Equal("尚未看完，先留言。", browser.FindElement(By.Id("f-comment")).GetAttribute("value"));
        Assert.Empty(browser.FindElements(By.Id("receipt-id")));
        Chromium.AssertFits(browser, "the refused task form", 390);
        var stored = (await store.GetAsync(task.Id, CancellationToken.None))!.Record;
        Assert.Equal(StaffTaskStatus.Open, stored.Status);
        Assert.Null(stored.ReceiptId);
        var instance = await app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(instanceId, CancellationToken.None);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
