using EduFlows.Processes.OpenSelection;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The office's open-selection pages in headless Chromium on a phone (390x844) and a projector (1366x768): reached from
/// the office home, nothing wider than the screen, and an objection answered through its form.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class OpenSelectionOfficeBrowserTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task SelectionPages_FitTheScreen_AndAnObjectionIsAnsweredThroughItsForm(int width, int height)
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        var store = app.Services.GetRequiredService<OpenSelectionStore>();
        var (id, _, _) = await OpenSelectionOfficeApiTests.AtTheNoticeWithAnObjectionAsync(store);

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        browser.Navigate().GoToUrl($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.Id("process-pages")).Count > 0).ToString();
        browser.FindElement(By.Id("process-pages")).FindElement(By.LinkText("阳光选优")).Click();
        wait.Until(d => d.FindElements(By.CssSelector($"tr[data-selection='{id}']")).Count > 0).ToString();
        Chromium.AssertFits(browser, "/api/office/open-selections", width);
        browser.FindElement(By.CssSelector($"tr[data-selection='{id}'] a")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-objection='obj-1']")).Count > 0).ToString();
        Chromium.Save(browser, $"open-selection-{width}x{height}.png");
        Chromium.AssertFits(browser, "/api/office/open-selections/{id}", width);

        browser.FindElement(By.CssSelector("tr[data-objection='obj-1']")).FindElement(By.LinkText("异议不成立")).Click();
        wait.Until(d => d.FindElements(By.Id("note")).Count > 0).ToString();
        Chromium.AssertFits(browser, "/api/office/open-selections/{id}/objections/{objectionId}/rejected", width);
        browser.FindElement(By.Id("note")).SendKeys("经核查反映问题不属实");
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.FindElements(By.Id("done")).Count > 0).ToString();
        Assert.Equal("已记录：异议不成立。", browser.FindElement(By.Id("done")).Text);

        var objection = (await store.GetAsync(id, CancellationToken.None))!.Objections.Single();
        Assert.Equal((false, "经核查反映问题不属实"), (objection.Upheld, objection.Answer));
    }
}
