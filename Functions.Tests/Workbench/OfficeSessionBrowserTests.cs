using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// A bureau office person in real headless Chromium, without the key: the office home refuses and offers the sign-in
/// form, the mailed link signs them in, the home then opens and its pause form goes through (the browser's own Origin
/// and Sec-Fetch-Site on a same-origin post pass the guard's cross-site check).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class OfficeSessionBrowserTests(AzuriteFixture azurite)
{
    private const string Sweep = TaskTimers.CancelTasksOfEndedProcesses;
    private const string Email = "zhao.office@qz.example.cn";

    [Fact]
    public async Task OfficePerson_SignsInFromTheRefusal_ThenPausesATimerOnTheHome()
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", BureauOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-3", "赵主任", Email) with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" }], CancellationToken.None);
        using var browser = Chromium.Start(1366, 768);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));

        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office");
        Assert.Contains("需要管理员密钥或局办公室人员登录", browser.PageSource, StringComparison.Ordinal);
        browser.FindElement(By.Id("email")).SendKeys(Email);
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(b => b.PageSource.Contains("登录链接已发送", StringComparison.Ordinal));

        await browser.Navigate().GoToUrlAsync(await SignInLinkAsync(app));
        browser.FindElement(By.Id("sign-in")).Click();
        wait.Until(b => b.Url.EndsWith("/api/me", StringComparison.Ordinal));
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office");
        Assert.DoesNotContain("code=", browser.PageSource, StringComparison.Ordinal);
        browser.FindElement(By.CssSelector($"a[href='/api/office/timers/{Sweep}/pause']")).Click();
        wait.Until(b => b.FindElements(By.Id("confirm-button")).Count > 0);
        Assert.Contains("暂停后到点不再执行", browser.FindElement(By.Id("will-happen")).Text, StringComparison.Ordinal);
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(b => b.Url.EndsWith("/api/office#timers", StringComparison.Ordinal));

        string row = browser.FindElement(By.CssSelector($"tr[data-timer='{Sweep}']")).Text;
        Chromium.Save(browser, "office-session-home-1366x768.png");
        Assert.Contains("已暂停", row, StringComparison.Ordinal);
    }

    private static async Task<string> SignInLinkAsync(TaskAppFactory app)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (app.Mailbox.All.FirstOrDefault(m => m.To.Contains(Email) && m.Subject == "EduFlows 登录链接") is { } mail)
            {
                return mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Trim();
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
