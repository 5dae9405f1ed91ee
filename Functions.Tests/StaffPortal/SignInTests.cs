using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffPortal;

/// <summary>Sign-in by e-mail and <c>/api/me</c>: single-use links, a secure cookie session, and only one's own tasks.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class SignInTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KnownAndUnknownAddresses_GetTheSameAnswer_OnlyTheKnownOneGetsMail()
    {
        using var browser = Browser();

        var known = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "wang.fang@qz.example.cn" });
        var unknown = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "nobody@qz.example.cn" });
        var mail = await WaitForMailAsync("wang.fang@qz.example.cn");
        var malformed = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "not an address" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal("EduFlows 登录链接", mail.Subject);
        Assert.DoesNotContain(_app.Mailbox.All, m => m.To.Contains("nobody@qz.example.cn"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Equal("email", (string)(await malformed.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
    }

    [Fact]
    public async Task RequestAsJson_The202Message_IsChineseFirst()
    {
        using var browser = Browser();

        var answer = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "nobody@qz.example.cn" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.StartsWith("如该邮箱属于在职人员，登录链接已发送", (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInLink_WorksOnce_GivesASecureCookieSession_ShowingOnlyOnesOwnTasks()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "王芳的通知", 72));
        await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "李校长的通知", 72));
        await WaitForMailAsync("wang.fang@qz.example.cn");
        await WaitForMailAsync("li.principal@qz.example.cn");
        using var browser = Browser();
        using var stranger = Browser();

        string link = await RequestLinkAsync(browser, "wang.fang@qz.example.cn");
        var before = await browser.GetAsync("/api/me");
        var confirmPage = await browser.GetAsync(link);
        var signIn = await browser.PostAsync(link, null);
        var me = await GetJsonAsync(browser, "/api/me");
        var open = me["openTasks"]!.AsArray().Single()!;
        string myTask = (string)open["task"]!["id"]!;
        // Another site's form posting with the cookie: refused, the task left open for the person's own answer.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/me/tasks/{myTask}") { Content = JsonContent.Create(new { acknowledged = true }) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var fromElsewhere = await browser.SendAsync(crossSite);
        var answer = await browser.PostAsJsonAsync($"/api/me/tasks/{myTask}", new { acknowledged = true });
        var replayedLink = await stranger.PostAsync(link, null);
        var strangerMe = await stranger.GetAsync("/api/me");
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        string mePage = await browser.GetStringAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.Contains("以王芳的身份登录", await confirmPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("eduflows-session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Equal("王芳", (string)me["name"]!);
        Assert.Equal("王芳的通知", (string)open["task"]!["subject"]!);
        await ProblemAssertions.AssertProblemAsync(fromElsewhere, HttpStatusCode.Forbidden, "Origin");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, replayedLink.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, strangerMe.StatusCode);
        Assert.Contains("办理记录", mePage, StringComparison.Ordinal);
        Assert.DoesNotContain("李校长的通知", mePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedIn_CannotAnswerSomeoneElsesTask()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "李校长的通知", 72));
        var principalMail = await WaitForMailAsync("li.principal@qz.example.cn");
        string othersTask = principalMail.Text!.Split("/api/tasks/")[1].Split('?')[0];
        using var browser = Browser();
        await browser.PostAsync(await RequestLinkAsync(browser, "wang.fang@qz.example.cn"), null);

        var answer = await browser.PostAsJsonAsync($"/api/me/tasks/{othersTask}", new { acknowledged = true });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        using var principal = Browser();
        await principal.PostAsync(await RequestLinkAsync(principal, "li.principal@qz.example.cn"), null);
        Assert.Equal("open", (string)(await GetJsonAsync(principal, "/api/me"))["openTasks"]![0]!["task"]!["status"]!);
    }

    [Fact]
    public async Task AddressesMatchWhateverTheirCase()
    {
        await _app.Services.GetRequiredService<EduFlows.StaffDirectory.DirectoryStore>().Staff.ApplyAsync(
            [TaskHarness.Staff("stf-9", "周老师", "Zhou.Laoshi@QZ.example.cn")], CancellationToken.None);
        using var browser = Browser();

        string link = await RequestLinkAsync(browser, "ZHOU.laoshi@qz.EXAMPLE.cn");
        var signIn = await browser.PostAsync(link, null);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("周老师", (string)(await GetJsonAsync(browser, "/api/me"))["name"]!);
    }

    [Fact]
    public async Task ExpiredLink_IsRefused()
    {
        using var browser = Browser();
        string link = await RequestLinkAsync(browser, "wang.fang@qz.example.cn");

        _app.Services.GetRequiredService<DevClock>().AdvanceBy(TimeSpan.FromMinutes(16));
        var signIn = await browser.PostAsync(link, null);

        Assert.Equal(HttpStatusCode.Gone, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignInRequests_AreRateLimitedPerAddress()
    {
        using var browser = Browser();
        var answers = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++)
        {
            answers.Add((await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "zhao.office@qz.example.cn" })).StatusCode);
        }

        var limited = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "zhao.office@qz.example.cn" });
        var otherAddress = await browser.PostAsJsonAsync("/api/me/sign-in", new { email = "someone.else@qz.example.cn" });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 5), answers.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[5]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Accepted, otherAddress.StatusCode);
    }

    [Fact]
    public async Task ReturnTo_APageOfTheApp_IsCarriedThroughTheMailAndTheConfirmPage_AndTheSignInLandsThere()
    {
        using var browser = Browser();
        const string Page = "/api/training/lectures/lecture-1/check-in?code=abc.def";

        string link = await RequestLinkAsync(browser, "wang.fang@qz.example.cn", Page);
        string confirm = ConfirmAction(await browser.GetStringAsync(link));
        var signIn = await browser.PostAsync(confirm, null);

        Assert.Contains("?returnTo=" + Uri.EscapeDataString(Page), link, StringComparison.Ordinal);
        Assert.EndsWith("?returnTo=" + Uri.EscapeDataString(Page), confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(Page, signIn.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil")]
    [InlineData("/\\evil")]
    [InlineData("/api/../evil")]
    [InlineData("/api/%2e%2e/evil")]
    [InlineData("/api/\\evil")]
    [InlineData("/elsewhere/page")]
    public async Task ReturnTo_OffSiteOrOutsideTheApp_IsIgnored_AndTheSignInLandsOnMe(string returnTo)
    {
        using var browser = Browser();
        using var tampered = Browser();

        // Asked for with the sign-in: the mail carries none.
        string link = await RequestLinkAsync(browser, "wang.fang@qz.example.cn", returnTo);
        string confirm = ConfirmAction(await browser.GetStringAsync(link));
        var signIn = await browser.PostAsync(confirm, null);
        // Added to a genuine link by hand: the confirm page drops it, and so does the sign-in itself.
        string other = await RequestLinkAsync(tampered, "li.principal@qz.example.cn");
        string otherConfirm = ConfirmAction(await tampered.GetStringAsync($"{other}?returnTo={Uri.EscapeDataString(returnTo)}"));
        var tamperedSignIn = await tampered.PostAsync($"{other}?returnTo={Uri.EscapeDataString(returnTo)}", null);

        Assert.DoesNotContain("returnTo", link, StringComparison.Ordinal);
        Assert.DoesNotContain("returnTo", confirm, StringComparison.Ordinal);
        Assert.Equal("/api/me", signIn.Headers.Location!.OriginalString);
        Assert.DoesNotContain("returnTo", otherConfirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, tamperedSignIn.StatusCode);
        Assert.Equal("/api/me", tamperedSignIn.Headers.Location!.OriginalString);
    }

    private static string ConfirmAction(string page)
    {
        const string Before = "<form method=\"post\" action=\"";
        int start = page.IndexOf(Before, StringComparison.Ordinal) + Before.Length;
        return System.Net.WebUtility.HtmlDecode(page[start..page.IndexOf('"', start)]);
    }

    // Asks for a link with a returnTo (JSON, as the sign-in form's fields) and returns it from the newest mail.
    private async Task<string> RequestLinkAsync(HttpClient browser, string email, string returnTo)
    {
        int before = _app.Mailbox.All.Count(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接");
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/me/sign-in", new { email, returnTo })).StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_app.Mailbox.All.Count(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接") == before)
        {
            await Task.Delay(20, cts.Token);
        }

        var mail = _app.Mailbox.All.First(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接");
        return mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
    }

    private HttpClient Browser() => StaffSessions.Browser(_app);

    private Task<string> RequestLinkAsync(HttpClient browser, string email) => StaffSessions.RequestLinkAsync(_app, browser, email);

    private async Task<EduFlows.Notifications.DevMail> WaitForMailAsync(string to)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_app.Mailbox.All.FirstOrDefault(m => m.To.Contains(to)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
