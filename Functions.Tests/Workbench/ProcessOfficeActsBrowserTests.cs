using System.Globalization;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DeputyRenewal;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office acting on the reserve pool, training, secondments, deputy renewals and the head-teachers' association in
/// headless Chromium on a phone (390x844), with the demo county's data where the app makes it (a training year, the
/// reserve staff): the pool and training pages filtered; the pool, a lecture, a renewal round and the association acted
/// on through their forms, a bad entry answered in Chinese at its field with nothing changed, the good one changing
/// state; the secondments' page and start form loaded; and without the master key (none, or a function key) each page
/// is the 401 page. Then the same browser as a projector (1366x768) goes through the same pages and forms, each bad
/// entry refused again: every page and form fits both screens; screenshots are kept of both.
/// </summary>
/// <remarks>
/// The acts run once, on the phone: acting again at the projector's width started a second app, a second training year
/// and a second Chromium (about 40 s of the CI's 2 cores) to test the same server answers; only the layout depends on
/// the width.
/// </remarks>
[Collection(BrowserTests.Name)]
public sealed class ProcessOfficeActsBrowserTests(AzuriteFixture azurite)
{
    private const string Refused = "这个页面只对教育局办公室开放";

    [Fact]
    public async Task ProcessPages_FilterAndAct_RefuseBadInputInChinese_AndKeepOutAnyoneWithoutTheMasterKey()
    {
        int width = 390, height = 844;
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await SecondmentHarness.SeedCountyAsync(directory);
        await DeputyRenewalHarness.SeedSchoolAsync(directory);

        // The demo county's reserve staff, a few of each pool, for the pool's demo form to enter.
        var county = DemoCounty.Generate();
        var principals = county.Staff.Where(s => s.ReservePrincipal && !s.ReserveResearcher).Take(5).ToList();
        var researchers = county.Staff.Where(s => s.ReserveResearcher && !s.ReservePrincipal).Take(3).ToList();
        await directory.Staff.ApplyAsync([.. principals, .. researchers], CancellationToken.None);

        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var clock = app.Services.GetRequiredService<BureauClock>();
        int year = clock.DateOf(now).Year;
        string next = (year + 1).ToString(CultureInfo.InvariantCulture);
        using (var http = new HttpClient())
        {
            // Next year's demo training (12 courses and lectures, 1,618 check-ins), so its lectures are still ahead.
            using var demo = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/training/demo/{next}");
            demo.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
            (await http.SendAsync(demo)).EnsureSuccessStatusCode();
        }

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        string Screen() => $"{width}x{height}";
        void Go(string path) => browser.Navigate().GoToUrl($"{app.BaseUrl}/api/{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}code={TaskAppFactory.MasterKey}");
        void Seen(string css) => wait.Until(d => d.FindElements(By.CssSelector(css)).Count > 0).ToString();
        void Fits(string name, string page)
        {
            Chromium.Save(browser, $"{name}-{Screen()}.png");
            Chromium.AssertFits(browser, page, width);
            // The page as its reader sees it, the way to the English page (marked lang="en") left out.
            var english = Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(browser.PageSource), ["sch-none", "sch-qc"]);
            Assert.True(english.Count == 0, $"{page} shows {string.Join(", ", english)}");
        }

        void Type(string field, string value)
        {
            var input = browser.FindElement(By.Id(field));
            if (input.TagName == "select")
            {
                input.FindElement(By.CssSelector($"option[value='{value}']")).Click();
            }
            else if (input.GetAttribute("type") is "date" or "datetime-local")
            {
                // A date control's typing order follows the browser's locale; the value it posts is ISO either way.
                browser.ExecuteScript("arguments[0].value = arguments[1];", input, value);
            }
            else
            {
                input.Clear();
                input.SendKeys(value);
            }
        }

        // A bad entry: the form again, the Chinese reason once beside its field.
        void RefusedAt(string field, string reason, string name, string page)
        {
            browser.FindElement(By.Id("confirm-button")).Click();
            Seen($"#error-{field}");
            Assert.Contains(reason, browser.FindElement(By.Id($"error-{field}")).Text, StringComparison.Ordinal);
            Assert.Single(browser.FindElements(By.XPath($"//*[contains(text(), '{reason}')]")));
            Fits(name, page);
        }

        // A good entry: back on the page with its 已完成 line; what it started shows once its record is written.
        void Done(string shows)
        {
            browser.FindElement(By.Id("confirm-button")).Click();
            wait.Until(d => d.Url.EndsWith("#done", StringComparison.Ordinal)).ToString();
            Assert.Contains("已完成", browser.FindElement(By.Id("done")).Text, StringComparison.Ordinal);
            wait.Until(d =>
            {
                if (d.FindElements(By.CssSelector(shows)).Count > 0)
                {
                    return true;
                }

                d.Navigate().Refresh();
                return false;
            }).ToString();
        }

        // Nobody without the master key sees a page: no key, or a function key, is the Chinese 401 page.
        foreach (string page in new[] { "office/reserve-pool", "office/training", "office/secondments", $"office/deputy-renewals/{year}", "office/head-teachers" })
        {
            foreach (string query in new[] { string.Empty, "?code=" + OfficeFormPosts.FunctionKey })
            {
                await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/{page}{query}");
                Assert.Contains(Refused, browser.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
                Assert.Empty(browser.FindElements(By.Id("acts")));
            }
        }

        // The host's 401 page is bilingual by design (zh-CN first, English beside it): kept and fitted, not held to Chinese only.
        Chromium.Save(browser, $"office-refused-{Screen()}.png");
        Chromium.AssertFits(browser, "the 401 page", width);

        // Reserve pool: the demo county's reserve staff entered from the demo form, then filtered by pool.
        Go("office/reserve-pool");
        Seen("#shown-count");
        Assert.Equal("0", browser.FindElement(By.Id("shown-count")).Text);
        browser.FindElement(By.Id("act-demo")).Click();
        Seen("#sourceReference");
        Type("sourceReference", "  ");
        RefusedAt("sourceReference", "请写明是哪次选拔或续聘轮次", "reserve-pool-demo-refused", "/api/office/reserve-pool/demo");
        Type("sourceReference", "示范县阳光选优");
        Done("tr[data-member]");
        Assert.Equal((principals.Count + researchers.Count).ToString(CultureInfo.InvariantCulture), browser.FindElement(By.Id("shown-count")).Text);
        Type("pool", "researcher");
        browser.FindElement(By.CssSelector("#filters button")).Click();
        wait.Until(d => d.Url.Contains("pool=researcher", StringComparison.Ordinal)).ToString();
        Assert.Equal(researchers.Count.ToString(CultureInfo.InvariantCulture), browser.FindElement(By.Id("shown-count")).Text);
        Assert.Equal(researchers.Select(r => "researcher." + r.Id).Order(), browser.FindElements(By.CssSelector("tr[data-member]")).Select(r => r.GetAttribute("data-member")).Order());
        Fits("reserve-pool-researchers", "/api/office/reserve-pool?pool=researcher");

        // Training: this year has nothing yet; the year filter shows next year's demo lectures; one gets more seats.
        Go("office/training");
        Seen("#no-lectures");
        Type("year", next);
        browser.FindElement(By.CssSelector("#filters button")).Click();
        Seen("tr[data-lecture]");
        Assert.Equal(12, browser.FindElements(By.CssSelector("tr[data-lecture]")).Count);
        Fits("training-next-year", "/api/office/training?year=");
        browser.FindElement(By.CssSelector($"tr[data-lecture='lecture-{next}-01'] a")).Click();
        Seen("#act-capacity");
        Assert.StartsWith("200 / 200，", browser.FindElement(By.Id("seats")).Text, StringComparison.Ordinal);
        browser.FindElement(By.Id("act-capacity")).Click();
        Seen("#capacity");
        Type("capacity", "0");
        RefusedAt("capacity", "名额应在1至", "training-capacity-refused", "/api/office/training/lectures/{id}/capacity");
        Type("capacity", "240");
        Done("#seats");
        Assert.StartsWith("200 / 240，", browser.FindElement(By.Id("seats")).Text, StringComparison.Ordinal);
        Fits("training-lecture", "/api/office/training/lectures/{id}");

        // Secondments: the page and its start form load and fit (the act itself is covered over HTTP by OfficeSecondmentActsTests).
        Go("office/secondments");
        Seen("#no-assignments");
        Fits("secondments", "/api/office/secondments");
        browser.FindElement(By.Id("act-start")).Click();
        Seen("#secondmentId");
        Fits("secondment-start", "/api/office/secondments/start");

        // Deputy renewals: the round started at one school; a school not in the directory is refused first.
        Go($"office/deputy-renewals/{year}");
        Seen("#no-schools");
        browser.FindElement(By.Id("act-start-school")).Click();
        Seen("#schoolId");
        Type("schoolId", "sch-none");
        Type("ownerId", "stf-3");
        RefusedAt("schoolId", "名录中没有学校“sch-none”", "deputy-renewal-start-refused", $"/api/office/deputy-renewals/{year}/schools/start");
        Type("schoolId", "sch-qc");
        Done("section[data-school='sch-qc']");
        Assert.Equal("1", browser.FindElement(By.Id("school-count")).Text);
        Fits("deputy-renewals-started", $"/api/office/deputy-renewals/{year}");

        // Head teachers' association: an event announced; no seats is refused first.
        string startsAt = TimeZoneInfo.ConvertTime(now.AddDays(3), clock.Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        Go("office/head-teachers");
        Seen("#act-new-event");
        Assert.Empty(browser.FindElements(By.CssSelector("tr[data-event]")));
        browser.FindElement(By.Id("act-new-event")).Click();
        Seen("#eventId");
        var newEvent = new[] { ("eventId", "salon-browser"), ("title", "《给教师的建议》读书沙龙"), ("kind", "reading-salon"), ("startsAt", startsAt), ("place", "教育局三楼会议室"), ("capacity", "0") };
        foreach (var (field, value) in newEvent)
        {
            Type(field, value);
        }

        RefusedAt("capacity", "须为 1 至 500 之间的整数", "head-teachers-event-refused", "/api/office/head-teachers/new-event");
        Type("capacity", "30");
        Done("tr[data-event='salon-browser']");
        Assert.Contains("《给教师的建议》读书沙龙", browser.FindElement(By.CssSelector("tr[data-event='salon-browser']")).Text, StringComparison.Ordinal);
        Fits("head-teachers-event", "/api/office/head-teachers");

        // The projector: the same pages as the acts left them, and each form with its refusal beside the field.
        (width, height) = (1366, 768);
        browser.Manage().Window.Size = new System.Drawing.Size(width, height);
        await browser.Navigate().GoToUrlAsync($"{app.BaseUrl}/api/office/reserve-pool");
        Assert.Contains(Refused, browser.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
        Chromium.Save(browser, $"office-refused-{Screen()}.png");
        Chromium.AssertFits(browser, "the 401 page", width);

        Go("office/reserve-pool?pool=researcher");
        Seen("tr[data-member]");
        Assert.Equal(researchers.Count.ToString(CultureInfo.InvariantCulture), browser.FindElement(By.Id("shown-count")).Text);
        Fits("reserve-pool-researchers", "/api/office/reserve-pool?pool=researcher");
        browser.FindElement(By.Id("act-demo")).Click();
        Seen("#sourceReference");
        Type("sourceReference", "  ");
        RefusedAt("sourceReference", "请写明是哪次选拔或续聘轮次", "reserve-pool-demo-refused", "/api/office/reserve-pool/demo");

        Go($"office/training?year={next}");
        Seen("tr[data-lecture]");
        Assert.Equal(12, browser.FindElements(By.CssSelector("tr[data-lecture]")).Count);
        Fits("training-next-year", "/api/office/training?year=");
        browser.FindElement(By.CssSelector($"tr[data-lecture='lecture-{next}-01'] a")).Click();
        Seen("#act-capacity");
        Assert.StartsWith("200 / 240，", browser.FindElement(By.Id("seats")).Text, StringComparison.Ordinal);
        Fits("training-lecture", "/api/office/training/lectures/{id}");
        browser.FindElement(By.Id("act-capacity")).Click();
        Seen("#capacity");
        Type("capacity", "0");
        RefusedAt("capacity", "名额应在1至", "training-capacity-refused", "/api/office/training/lectures/{id}/capacity");

        Go("office/secondments");
        Seen("#no-assignments");
        Fits("secondments", "/api/office/secondments");
        browser.FindElement(By.Id("act-start")).Click();
        Seen("#secondmentId");
        Fits("secondment-start", "/api/office/secondments/start");

        Go($"office/deputy-renewals/{year}");
        Seen("section[data-school='sch-qc']");
        Fits("deputy-renewals-started", $"/api/office/deputy-renewals/{year}");
        browser.FindElement(By.Id("act-start-school")).Click();
        Seen("#schoolId");
        Type("schoolId", "sch-none");
        Type("ownerId", "stf-3");
        RefusedAt("schoolId", "名录中没有学校“sch-none”", "deputy-renewal-start-refused", $"/api/office/deputy-renewals/{year}/schools/start");

        Go("office/head-teachers");
        Seen("tr[data-event='salon-browser']");
        Fits("head-teachers-event", "/api/office/head-teachers");
        browser.FindElement(By.Id("act-new-event")).Click();
        Seen("#eventId");
        foreach (var (field, value) in newEvent)
        {
            Type(field, field == "eventId" ? "salon-browser-2" : value);
        }

        RefusedAt("capacity", "须为 1 至 500 之间的整数", "head-teachers-event-refused", "/api/office/head-teachers/new-event");
    }
}
