using System.Diagnostics;
using System.Globalization;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.StaffDirectory;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's pages on the full demo county (what the run command loads on its first start) in real headless
/// Chromium, on a phone (390x844) and a projector (1366x768): every page of the header and of the office home's process
/// links, and the directory's and the demo processes' own pages, load with the demo county's rows and counts and are no
/// wider than the screen; on the phone the reserve pool's filter and the county search narrow to the expected people, a
/// bad e-mail on a teacher's form is refused in Chinese beside its field with nothing changed, the good form changes
/// the teacher's title (seen again after a reload, and in the acts record), and a teacher signed in by mailed link is
/// refused the office in Chinese. Screenshots are kept under the test output directory (<c>screenshots/demo-*</c>).
/// </summary>
/// <remarks>
/// On the collection's one load of the county (<see cref="DemoCountyFixture"/>). The edit changes a teacher's title and
/// e-mail only, which no other test of the collection counts (the reload test restores the directory in any case).
/// </remarks>
[Collection(DemoCountyLoadedTests.Name)]
public sealed class DemoCountyOfficeBrowserTests(DemoCountyFixture demo, ITestOutputHelper output)
{
    private static readonly DemoCountyData County = DemoCountyFixture.County;
    private static readonly School FirstSchool = County.Schools[0];

    // The teacher whose form the office corrects, and the teacher who tries the office's pages: ordinary school staff.
    private static readonly StaffMember Corrected = SchoolTeachers().First(s => s.Title != "senior");
    private static readonly StaffMember Outsider = SchoolTeachers().Last();

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task EveryOfficePage_ShowsTheDemoCounty_AndFitsTheScreen(int width, int height)
    {
        var stopwatch = Stopwatch.StartNew();
        var pending = Assert.Single(await demo.Services.GetRequiredService<AssociationStore>().Applications.QueryAsync(null, CancellationToken.None), a => a.Status == ApplicationStatus.Pending);
        int year = DemoYear();
        string thisYear = Today().Year.ToString(CultureInfo.InvariantCulture);
        var researchOffice = County.Departments.Single(d => d.TeachingResearchOffice);
        var lecture = TrainingDemo.LecturesOf(County, year)[0];
        var reserve = County.Staff.First(s => s.ReservePrincipal);
        var training = demo.Services.GetRequiredService<TrainingStore>();
        int seats = (await training.Lectures.GetAsync(lecture.Id, CancellationToken.None))!.Record.Seats.Count;
        int checkedIn = (await training.Attendance.QueryAsync(null, CancellationToken.None)).Count(a => a.LectureId == lecture.Id && a.Withdrawn is null);
        using var browser = Chromium.Start(width, height);
        var pages = new OfficePages(browser, demo.BaseUrl, width, height, output);

        // The header's pages.
        pages.Open("office", "#process-pages", "home");
        Assert.NotEmpty(browser.FindElements(By.CssSelector($"section[data-orchestrator='{MembershipApproval.Name}'] tr[data-instance='{pending.InstanceId}']")));

        pages.Open("office/county", "#schools", "county");
        Assert.Equal(
            (County.Schools.Count, County.Departments.Count, 20, 4, 7),
            (Rows(browser, "#schools"), Rows(browser, "#departments"), Rows(browser, "#researchers"), Rows(browser, "#bases"), Rows(browser, "#roles")));
        Assert.Contains(FirstSchool.Name, browser.FindElement(By.Id("schools")).Text, StringComparison.Ordinal);
        Assert.Contains("教研室", browser.FindElement(By.Id("departments")).Text, StringComparison.Ordinal);

        pages.Open("office/tasks", "#tasks", "tasks");
        pages.Open("office/mail", "#mail", "mail");
        pages.Open("office/instances", "#instances", "instances");
        Assert.NotEmpty(browser.FindElements(By.CssSelector($"tr[data-instance='{pending.InstanceId}']")));
        pages.Open("office/acts", "#acts-count", "acts");

        // The directory's own pages: a school's first page of staff and the teaching-research office's researchers, in id order.
        pages.Open($"office/county/school-staff/{FirstSchool.Id}", "tr[data-staff]", "school-staff");
        Assert.Equal(
            County.Staff.Where(s => s.SchoolId == FirstSchool.Id).Select(s => s.Id).Order(StringComparer.Ordinal).Take(CountyApi.StaffPageSize),
            browser.FindElements(By.CssSelector("tr[data-staff]")).Select(r => r.GetAttribute("data-staff")!));
        pages.Open($"office/county/department-staff/{researchOffice.Id}", "tr[data-staff]", "department-staff");
        Assert.Equal(
            County.Staff.Where(s => s.DepartmentId == researchOffice.Id).Select(s => s.Id).Order(StringComparer.Ordinal),
            browser.FindElements(By.CssSelector("tr[data-staff]")).Select(r => r.GetAttribute("data-staff")!));

        // The office home's process pages, in its order. The demo county loads the pool, the training year and the
        // association; the other processes have not run on it, and their pages say so.
        pages.Open("office/researcher-reviews", "#schemes", "researcher-reviews");
        Assert.Equal("还没有开始过教研员考核。", browser.FindElement(By.Id("no-reviews")).Text);

        // A section's scheme in force, in English: the indicators named in English (issue 18), the fields as stored.
        pages.Open("office/researcher-reviews/schemes/primary?lang=en", "#confirm-button", "scheme-english");
        Assert.Equal(
            ["Quality of subject teaching", "Teaching routines in practice", "Professional growth", "Schools' satisfaction"],
            browser.FindElements(By.CssSelector("select[id='indicators[0].levelA'] option")).Select(o => o.Text));
        Assert.Contains("In English: Lessons observed and discussed.", browser.FindElement(By.TagName("main")).Text, StringComparison.Ordinal);
        pages.Open($"office/department-assessment/{thisYear}", "#not-running", "department-assessment");
        Assert.Equal(("科室考核没有在运行。", "年度结果尚未发布。", "本年度还没有月度报告。"), (Text(browser, "not-running"), Text(browser, "not-published"), Text(browser, "no-months")));
        pages.Open("office/shadow-training", "#acts", "shadow-training");
        Assert.Equal("还没有跟岗培训批次。", Text(browser, "no-batches"));
        pages.Open("office/reserve-pool", "tr[data-member]", "reserve-pool");
        Assert.Equal(("195", "54", "249"), (Text(browser, "principal-count"), Text(browser, "researcher-count"), Text(browser, "shown-count")));
        pages.Open($"office/training?year={year}", "tr[data-lecture]", "training");
        Assert.Equal(("1618", "818"), (Text(browser, "total-person-times"), Text(browser, "total-principals")));
        Assert.Equal(12, browser.FindElements(By.CssSelector("tr[data-lecture]")).Count);
        pages.Open("office/secondments", "#acts", "secondments");
        Assert.Equal("还没有交流挂职安排。", Text(browser, "no-assignments"));
        pages.Open($"office/deputy-renewals/{thisYear}", "#act-start", "deputy-renewals");
        Assert.Equal("本轮次还没有学校启动。", Text(browser, "no-schools"));
        pages.Open("office/staff-reallocation", "#acts", "staff-reallocation");
        Assert.Equal("还没有启动过县管校聘。", Text(browser, "no-reallocations"));
        pages.Open("office/head-teachers", "tr[data-event]", "head-teachers");
        Assert.Equal((AssociationDemo.Members.ToString(CultureInfo.InvariantCulture), "1"), (Text(browser, "member-count"), Text(browser, "pending-count")));
        Assert.NotEmpty(browser.FindElements(By.CssSelector($"tr[data-event='{AssociationDemo.SalonId(year)}']")));
        pages.Open("office/open-selections", "#selections, #no-selections", "open-selections");
        Assert.Equal("还没有发布过选拔公告。", Text(browser, "no-selections"));

        // The demo processes' own pages: a lecture, a reserve principal's file, the salon.
        pages.Open($"office/training/lectures/{lecture.Id}", "#seats", "lecture");
        Assert.Contains(lecture.Title, browser.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        Assert.Equal((seats, checkedIn.ToString(CultureInfo.InvariantCulture)), (browser.FindElements(By.CssSelector("tr[data-seat]")).Count, Text(browser, "checked-in")));
        Assert.True(checkedIn > 0, "the demo's first lecture has check-ins");
        pages.Open($"office/reserve-pool/files/{reserve.Id}", "body", "pool-file");
        Assert.Contains(reserve.Name, browser.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
        pages.Open($"office/head-teachers/events/{AssociationDemo.SalonId(year)}", "body", "salon");

        output.WriteLine($"{pages.Count} pages at {width}x{height}: {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task OnThePhone_FiltersNarrow_ABadFormIsRefusedInChinese_AGoodOneChangesTheTeacher_AndAStaffSessionIsKeptOut()
    {
        var stopwatch = Stopwatch.StartNew();
        int width = 390, height = 844;
        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        var pages = new OfficePages(browser, demo.BaseUrl, width, height, output);

        // The pool's filter: the primary section's reserve researchers, 18 of them.
        pages.Open("office/reserve-pool", "tr[data-member]", "reserve-pool");
        browser.FindElement(By.CssSelector("#pool option[value='researcher']")).Click();
        browser.FindElement(By.CssSelector("#section option[value='primary']")).Click();
        browser.FindElement(By.CssSelector("#filters button")).Click();
        wait.Until(d => d.Url.Contains("section=primary", StringComparison.Ordinal)).ToString();
        pages.Saved("reserve-pool-filtered");
        var primaryResearchers = County.Staff.Where(s => s.ReserveResearcher && s.Section == "primary").Select(s => $"researcher.{s.Id}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(18, primaryResearchers.Count);
        Assert.Equal("18", Text(browser, "shown-count"));
        Assert.Equal(primaryResearchers, browser.FindElements(By.CssSelector("tr[data-member]")).Select(r => r.GetAttribute("data-member")!).Order(StringComparer.Ordinal));

        // The county search: everyone of the teacher's name, and nobody else.
        pages.Open("office/county", "#q", "county");
        browser.FindElement(By.Id("q")).SendKeys(Corrected.Name);
        browser.FindElement(By.CssSelector("form.search button")).Click();
        wait.Until(d => d.FindElements(By.Id("found")).Count > 0).ToString();
        pages.Saved("county-found");
        Assert.Equal(
            County.Staff.Where(s => s.Name == Corrected.Name).Select(s => s.Id).Order(StringComparer.Ordinal),
            browser.FindElements(By.CssSelector("#found tbody tr code")).Select(c => c.Text).Order(StringComparer.Ordinal));

        // The teacher's form from their school's staff page: a bad e-mail refused in Chinese beside its field, nothing changed.
        string oldTitle = DirectoryVocabulary.TitleNames[Corrected.Title!];
        string newTitle = DirectoryVocabulary.TitleNames["senior"];
        string row = $"tr[data-staff='{Corrected.Id}']";
        pages.Open($"office/county/school-staff/{FirstSchool.Id}", row, "school-staff");
        Assert.Contains(oldTitle, browser.FindElement(By.CssSelector(row)).Text, StringComparison.Ordinal);
        browser.FindElement(By.CssSelector($"{row} a.edit")).Click();
        wait.Until(d => d.FindElements(By.Id("confirm-button")).Count > 0).ToString();
        browser.FindElement(By.CssSelector("#title option[value='senior']")).Click();
        var email = browser.FindElement(By.Id("email"));
        email.Clear();
        email.SendKeys("不是邮箱");
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.FindElements(By.Id("error-email")).Count > 0).ToString();
        pages.Saved("staff-edit-refused");
        Chromium.AssertFits(browser, "/api/office/county/staff/{id}", width);
        Assert.Contains("“不是邮箱”不是有效的电子邮箱地址。", browser.FindElement(By.Id("error-email")).Text, StringComparison.Ordinal);
        Assert.Single(browser.FindElements(By.XPath("//*[contains(text(), '不是有效的电子邮箱地址')]")));
        var unchanged = await demo.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync(Corrected.Id, CancellationToken.None);
        Assert.Equal((Corrected.Title, Corrected.Email), (unchanged!.Title, unchanged.Email));

        // Corrected: saved, and the school's page shows the new title once reloaded.
        email = browser.FindElement(By.Id("email"));
        email.Clear();
        email.SendKeys(Corrected.Email!);
        browser.FindElement(By.Id("confirm-button")).Click();
        wait.Until(d => d.Url.EndsWith("#done", StringComparison.Ordinal)).ToString();
        pages.Open($"office/county/school-staff/{FirstSchool.Id}", row, "school-staff-saved");
        browser.Navigate().Refresh();
        wait.Until(d => d.FindElements(By.CssSelector(row)).Count > 0).ToString();
        Assert.Contains(newTitle, browser.FindElement(By.CssSelector(row)).Text, StringComparison.Ordinal);
        Assert.Equal("senior", (await demo.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync(Corrected.Id, CancellationToken.None))!.Title);
        pages.Open("office/acts", "#acts-count", "acts");
        Assert.Contains(Corrected.Id, browser.FindElement(By.Id("acts")).Text, StringComparison.Ordinal);

        // A teacher signed in by mailed link: known, and refused the office in Chinese.
        browser.Manage().Cookies.DeleteAllCookies();
        await browser.Navigate().GoToUrlAsync($"{demo.BaseUrl}/api/office");
        Assert.Contains("需要管理员密钥或局办公室人员登录", browser.PageSource, StringComparison.Ordinal);
        browser.FindElement(By.Id("email")).SendKeys(Outsider.Email!);
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(b => b.PageSource.Contains("登录链接已发送", StringComparison.Ordinal));
        await browser.Navigate().GoToUrlAsync(await SignInLinkAsync(Outsider.Email!));
        browser.FindElement(By.Id("sign-in")).Click();
        wait.Until(b => b.Url.EndsWith("/api/me", StringComparison.Ordinal));
        await browser.Navigate().GoToUrlAsync($"{demo.BaseUrl}/api/office/reserve-pool");
        pages.Saved("office-refused");
        Chromium.AssertFits(browser, "/api/office (refused)", width);
        Assert.Contains("无权进入办公室页面", browser.PageSource, StringComparison.Ordinal);
        Assert.Contains($"您已以{Outsider.Name}的身份登录，但名录中您所在的科室不是局办公室", browser.PageSource, StringComparison.Ordinal);
        Assert.Empty(browser.FindElements(By.CssSelector("tr[data-member]")));

        output.WriteLine($"acts on the phone: {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    private static IEnumerable<StaffMember> SchoolTeachers() =>
        County.Staff.Where(s => s.SchoolId == FirstSchool.Id).OrderBy(s => s.Id, StringComparer.Ordinal).Take(CountyApi.StaffPageSize)
            .Where(s => s.Post == "teacher" && !s.ReservePrincipal && !s.ReserveResearcher);

    private static int Rows(ChromeDriver browser, string section) => browser.FindElements(By.CssSelector($"{section} tbody tr")).Count;

    private static string Text(ChromeDriver browser, string id) => browser.FindElement(By.Id(id)).Text.Trim();

    private DateOnly Today() => demo.Services.GetRequiredService<BureauClock>().DateOf(demo.Services.GetRequiredService<TimeProvider>().GetUtcNow());

    // The year the demo's training and salon fall in (DemoCountyLoadTests reads it the same way).
    private int DemoYear() => DemoCounty.LastYearBy(Today(), 10, 20);

    private async Task<string> SignInLinkAsync(string address)
    {
        var mailbox = demo.Services.GetRequiredService<EduFlows.Notifications.DevMailbox>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (mailbox.All.FirstOrDefault(m => m.To.Contains(address) && m.Subject == "EduFlows 登录链接") is { } mail)
            {
                return mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Trim();
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Opens office pages with the master key, waits for what shows the page loaded, keeps a screenshot and checks the width.</summary>
    private sealed class OfficePages(ChromeDriver browser, string baseUrl, int width, int height, ITestOutputHelper output)
    {
        private readonly WebDriverWait _wait = new(browser, TimeSpan.FromSeconds(30));

        public int Count { get; private set; }

        public void Open(string path, string loaded, string name)
        {
            browser.Navigate().GoToUrl($"{baseUrl}/api/{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}code={TaskAppFactory.MasterKey}");
            _wait.Until(d => d.FindElements(By.CssSelector(loaded)).Count > 0).ToString();
            Saved(name);
            Chromium.AssertFits(browser, "/api/" + path, width);
            Count++;
            output.WriteLine($"/api/{path}: {browser.Title}");
        }

        public void Saved(string name) => Chromium.Save(browser, $"demo-{name}-{width}x{height}.png");
    }
}
