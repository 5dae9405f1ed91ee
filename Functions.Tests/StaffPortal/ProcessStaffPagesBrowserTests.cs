using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// What staff open on their phones (headless Chromium, 390x844) in training, the head-teachers' association and a
/// secondment: a lecture's registration from the invitation mail's link (the last seat taken, the next person refused
/// in Chinese), the QR code's check-in page once signed in, the association's ballot (a vote cast, an empty one and a
/// second one refused in Chinese) and the monthly check-in task's form (a blank report refused in Chinese). Each fits
/// the screen; screenshots are kept. The reserve pool has no staff page: a member's file is the office's.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class ProcessStaffPagesBrowserTests(AzuriteFixture azurite)
{
    private const string Lecture = "lecture-browser";

    [Fact]
    public async Task RegistrationCheckInBallotAndCheckInReport_WorkOnAPhone_RefusalsInChinese()
    {
        await using var app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        app.StartServer();
        await app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(app.Services.GetRequiredService<DirectoryStore>());
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = app.Services.GetRequiredService<BureauClock>().DateOf(now);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);

        // Today's lecture with one seat and no waiting list; 王芳 and 李校长 invited by mail.
        (await http.PutAsJsonAsync($"{app.BaseUrl}/api/training/lectures/{Lecture}", new
        {
            series = "lecture", title = "做有温度的教育", speaker = "特邀专家", place = "青州市教育局多功能厅",
            date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), starts = "00:00:00", ends = "23:59:00", hours = 3, capacity = 1, waitingList = false, ownerId = "stf-3",
        })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"{app.BaseUrl}/api/training/lectures/{Lecture}/invitations", new { staffIds = new[] { "stf-1", "stf-2" } })).EnsureSuccessStatusCode();

        using var browser = Chromium.Start(390, 844);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        // A page replaced while the wait reads it is read again, not a failure.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        void Seen(string css) => wait.Until(d => d.FindElements(By.CssSelector(css)).Count > 0).ToString();
        string Body() => browser.FindElement(By.TagName("body")).Text;
        void Fits(string name)
        {
            Chromium.Save(browser, $"staff-{name}-390x844.png");
            Chromium.AssertFits(browser, name, 390);
            // The page as its reader sees it, the way to the English page (marked lang="en") left out.
            var english = Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(browser.PageSource));
            Assert.True(english.Count == 0, $"{name} shows {string.Join(", ", english)}");
        }

        // Registration from the invitation: 王芳 takes the only seat; 李校长's link then says in Chinese it is full.
        await browser.Navigate().GoToUrlAsync(await MailedLinkAsync(app, "wang.fang@qz.example.cn", "/registration"));
        Assert.Contains("未报名", Body(), StringComparison.Ordinal);
        Fits("lecture-registration");
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("报名成功", StringComparison.Ordinal)).ToString();
        Fits("lecture-registered");
        await browser.Navigate().GoToUrlAsync(await MailedLinkAsync(app, "li.principal@qz.example.cn", "/registration"));
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("名额已满（或候补名单已满），报名未成功。", StringComparison.Ordinal)).ToString();
        Fits("lecture-full");

        // The QR code's check-in page: signed out it links to the sign-in; 王芳 follows it, signs in from her mail and
        // lands back on the check-in page, its code kept, and checks in.
        var lecture = (await app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(Lecture, CancellationToken.None))!.Record;
        string checkIn = app.Services.GetRequiredService<TrainingLinks>().CheckIn(lecture).ToString();
        await browser.Navigate().GoToUrlAsync(checkIn);
        Assert.Contains("请先登录", Body(), StringComparison.Ordinal);
        browser.FindElement(By.LinkText("登录")).Click();
        Seen("#email");
        browser.FindElement(By.Id("email")).SendKeys("wang.fang@qz.example.cn");
        browser.FindElement(By.CssSelector("form button")).Click();
        await browser.Navigate().GoToUrlAsync(await MailedLinkAsync(app, "wang.fang@qz.example.cn", "/me/sign-in/"));
        browser.FindElement(By.Id("sign-in")).Click();
        wait.Until(d => d.FindElements(By.XPath("//button[contains(., '签到')]")).Count > 0).ToString();
        Assert.Equal(checkIn, browser.Url);
        Assert.Contains(lecture.Title, Body(), StringComparison.Ordinal);
        Fits("lecture-check-in");
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("签到成功，已计入3学时。", StringComparison.Ordinal)).ToString();
        Fits("lecture-checked-in");
        Assert.NotNull(await app.Services.GetRequiredService<TrainingStore>().Attendance.GetAsync(TrainingAttendance.IdOf(Lecture, "stf-1"), CancellationToken.None));

        // The association's ballot from a member's link: nobody ticked is refused; one vote counts; a second is refused.
        var store = app.Services.GetRequiredService<AssociationStore>();
        var closes = now.AddDays(3);
        await store.Elections.PutAsync(
            new Election
            {
                Id = "term-browser",
                Title = "第三届理事会换届选举",
                Seats = 2,
                NominationsClose = now.AddDays(-1),
                BallotCloses = closes,
                Status = ElectionStatus.Voting,
                BallotsIssued = 2,
                Nominations = [new("stf-701", "陈晓梅", "东关小学", "stf-3", now.AddDays(-2)), new("stf-702", "刘建国", "弥河初级中学（含东关、西关两个教学点）", "stf-3", now.AddDays(-2)), new("stf-703", "马丽娟", "旗城学校", "stf-3", now.AddDays(-2))],
            },
            CancellationToken.None);
        string ballot = app.Services.GetRequiredService<BallotLinks>().For("term-browser", "stf-1", closes).ToString();
        await browser.Navigate().GoToUrlAsync(ballot);
        Seen("input[name=choices]");
        Fits("ballot");
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("请至少选择一位候选人。", StringComparison.Ordinal)).ToString();
        Fits("ballot-empty-refused");
        await browser.Navigate().GoToUrlAsync(ballot);
        Seen("input[value='stf-702']");
        browser.FindElement(By.CssSelector("input[value='stf-702']")).Click();
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("投票成功", StringComparison.Ordinal)).ToString();
        Fits("ballot-cast");
        await browser.Navigate().GoToUrlAsync(ballot);
        Seen("input[value='stf-701']");
        browser.FindElement(By.CssSelector("input[value='stf-701']")).Click();
        browser.FindElement(By.CssSelector("form button")).Click();
        wait.Until(d => d.FindElement(By.TagName("body")).Text.Contains("您已投过票，每位会员限投一次，选票不能更改。", StringComparison.Ordinal)).ToString();
        Fits("ballot-second-refused");
        Assert.Single(await store.Voters.QueryAsync(null, CancellationToken.None));

        // A secondment's monthly check-in task: its first month's form, as the running assignment would open it
        // (the real month is a month away on this clock); a blank report is refused beside the field in Chinese.
        const string Assignment = "browser-check-in";
        (await http.PostAsJsonAsync($"{app.BaseUrl}/api/secondments/{Assignment}", SecondmentHarness.Assignment(today.AddDays(1), 12))).EnsureSuccessStatusCode();
        await SecondmentHarness.WaitForConsentsAsync(app.Services, Assignment);
        string taskId = $"secondment-check-in-{Assignment}-1";
        var task = new StaffTask
        {
            Id = taskId,
            Kind = SecondmentTasks.CheckIn.Name,
            AssigneeId = "stf-30",
            AssigneeName = "钱科员",
            InstanceId = SecondmentPlan.InstanceIdOf(Assignment),
            EventName = TaskDesk.EventName(taskId),
            Subject = "交流挂职月度报告（第1个月）：旗城学校挂职副校长",
            Culture = "zh-CN",
            CreatedAt = now,
            DueAt = now.AddDays(5),
        };
        await app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        await browser.Navigate().GoToUrlAsync(app.Services.GetRequiredService<TaskDesk>().Links.For(task).ToString());
        Seen("#f-work");
        Assert.Contains("交流挂职月度报告", Body(), StringComparison.Ordinal);
        Fits("secondment-check-in");
        browser.FindElement(By.Id("f-work")).SendKeys("   ");
        browser.FindElement(By.CssSelector("form button[type=submit]")).Click();
        Seen("div.error[data-field='work']");
        Assert.Equal("此项必填。", browser.FindElement(By.CssSelector("div.error[data-field='work']")).Text);
        Fits("secondment-check-in-refused");
        Assert.Equal(StaffTaskStatus.Open, (await app.Services.GetRequiredService<StaffTaskStore>().GetAsync(taskId, CancellationToken.None))!.Record.Status);
    }

    /// <summary>The newest link in a mail to <paramref name="to"/> whose address contains <paramref name="part"/>.</summary>
    private static async Task<string> MailedLinkAsync(TaskAppFactory app, string to, string part)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var mail in app.Mailbox.All.Where(m => m.To.Contains(to)))
            {
                if (Links().Matches(mail.Text ?? string.Empty).Select(m => m.Value).FirstOrDefault(l => l.Contains(part, StringComparison.Ordinal)) is { } link)
                {
                    return link;
                }
            }

            await Task.Delay(50, cts.Token);
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""）]+")]
    private static partial Regex Links();
}
