using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Training;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office pages of the reserve pool, training, secondments, deputy renewals and the head-teachers' association in
/// headless Chromium on a phone (390x844) and a projector (1366x768): reached from the office home's links, loaded with
/// data, and nothing wider than the screen; on the phone the office starts the pool's yearly review from its page
/// (a refusal shown once, beside the field; once done, the page gone back to says so).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ProcessOfficeBrowserTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task NewProcessPages_FitTheScreen(int width, int height)
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedCountyAsync();
        await TrainingApiTests.SeedAsync(app.Services.GetRequiredService<EduFlows.StaffDirectory.DirectoryStore>());
        using (var http = new HttpClient())
        {
            foreach (var (staffId, pool) in new[] { ("stf-31", "principal"), ("stf-32", "principal"), ("stf-33", "researcher") })
            {
                using var enter = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/reserve-pool/members")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new { staffId, pool, source = "selection", sourceReference = "open-selection-long-reference-0123456789" }),
                };
                enter.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
                (await http.SendAsync(enter)).EnsureSuccessStatusCode();
            }
        }

        await OfficeTrainingPagesTests.SeedAsync(app.Services.GetRequiredService<TrainingStore>());
        await OfficeHeadTeachersPageTests.SeedAsync(app.Services.GetRequiredService<AssociationStore>());
        int year = app.Services.GetRequiredService<EduFlows.Tasks.BureauClock>().DateOf(app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year;
        string round = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await app.Services.GetRequiredService<DeputyRenewalStore>().Rounds.PutAsync(
            new RenewalRecord(round, "sch-long", "青州市王府街道办事处中心小学（含东关、西关两个教学点）", "stf-1", "stf-2")
            {
                Stage = "notice",
                Candidates = [new RenewalCandidate("stf-31", "刘洋", "mid-level-leader") { Proposal = RenewalChoices.Promote, Reason = "多年担任教导主任，教学管理成绩突出，群众基础好，建议提拔为副校长。", Review = "approve" }],
            },
            CancellationToken.None);

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        void Open(string link, string waitFor, string name, string page)
        {
            browser.Navigate().GoToUrl($"{app.BaseUrl}/api/office?code={TaskAppFactory.MasterKey}");
            wait.Until(d => d.FindElements(By.Id("process-pages")).Count > 0).ToString();
            browser.FindElement(By.Id("process-pages")).FindElement(By.LinkText(link)).Click();
            wait.Until(d => d.FindElements(By.CssSelector(waitFor)).Count > 0).ToString();
            Chromium.Save(browser, $"{name}-{width}x{height}.png");
            Chromium.AssertFits(browser, page, width);
        }

        Open("后备人才库", "tr[data-member]", "reserve-pool", "/api/office/reserve-pool");
        Assert.Equal("3", browser.FindElement(By.Id("shown-count")).Text);
        Assert.False(browser.FindElement(By.Id("done")).Displayed);
        if (width == 390)
        {
            // One act on the phone: the office starts this year's pool review from the page, and the page shows it.
            Assert.NotEmpty(browser.FindElements(By.Id("no-review")));
            browser.FindElement(By.Id("act-start-review")).Click();
            wait.Until(d => d.FindElements(By.Id("officerId")).Count > 0).ToString();
            Assert.Equal(round, browser.FindElement(By.Id("year")).GetAttribute("value"));
            Chromium.AssertFits(browser, "/api/office/reserve-pool/reviews/start", width);
            browser.FindElement(By.Id("officerId")).SendKeys("stf-999");
            browser.FindElement(By.Id("confirm-button")).Click();
            wait.Until(d => d.FindElements(By.Id("error-officerId")).Count > 0).ToString();
            Chromium.Save(browser, $"reserve-pool-review-refused-{width}x{height}.png");
            Assert.Contains("请填写负责考察的工作人员编号", browser.FindElement(By.Id("error-officerId")).Text, StringComparison.Ordinal);
            Assert.Single(browser.FindElements(By.XPath("//*[contains(text(), '请填写负责考察的工作人员编号')]")));
            var officer = browser.FindElement(By.Id("officerId"));
            officer.Clear();
            officer.SendKeys("stf-3");
            browser.FindElement(By.Id("confirm-button")).Click();
            wait.Until(d => d.FindElements(By.Id("review-state")).Count > 0).ToString();
            browser.ExecuteScript("document.getElementById('review').scrollIntoView();");
            Chromium.Save(browser, $"reserve-pool-review-started-{width}x{height}.png");
            Assert.Contains($"{round}年度考察", browser.FindElement(By.Id("review-state")).Text, StringComparison.Ordinal);
            Assert.EndsWith("#done", browser.Url, StringComparison.Ordinal);
            Assert.True(browser.FindElement(By.Id("done")).Displayed);
            Assert.Contains("已完成", browser.FindElement(By.Id("done")).Text, StringComparison.Ordinal);
            Chromium.AssertFits(browser, "/api/office/reserve-pool", width);
        }

        Open("培训与讲座", "#lectures", "training", "/api/office/training");
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/training/lectures/lecture-office-2031?code={TaskAppFactory.MasterKey}");
        wait.Until(d => d.FindElements(By.CssSelector("tr[data-attendance='stf-31']")).Count > 0).ToString();
        Chromium.AssertFits(browser, "/api/office/training/lectures/{id}", width);
        Open("双向交流与挂职锻炼", "#assignments", "secondments", "/api/office/secondments");
        Open("副职续聘与提拔", "tr[data-candidate='stf-31']", "deputy-renewals", "/api/office/deputy-renewals/{round}");
        Open("班主任学会", "tr[data-event]", "head-teachers", "/api/office/head-teachers");
    }
}
