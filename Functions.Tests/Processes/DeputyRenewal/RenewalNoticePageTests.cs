using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DurableTask.Core.History;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// <c>/api/deputy-renewals/{roundId}/schools/{schoolId}/notice</c> through the whole app on Azurite, no key: 周老师 of
/// 旗城学校 opens the notice from the link in her notice mail, is refused in Chinese at each field she gets wrong with
/// nothing raised, and objects; the objection is the office's, looked into by the bureau's review task, and posting it
/// again raises nothing. Without the link the page asks for a sign-in; signed in at /api/me, 王芳 of another school
/// objects too. A link of another school's notice or a forged one opens nothing.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class RenewalNoticePageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Round = "2030";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await DeputyRenewalHarness.SeedSchoolAsync(directory);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-45", "周老师", "zh.teacher@qz.example.cn") with { SchoolId = "sch-qc" }], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NoticePage_FromTheMailsLink_BadFieldsRefusedAtTheField_ThenTheObjectionGoesToTheBureausReview_Once()
    {
        await StartOnNoticeAsync();
        string page = await MailedLinkAsync("zh.teacher@qz.example.cn");
        string path = page[..page.IndexOf('?', StringComparison.Ordinal)];

        var opened = await SendAsync(HttpMethod.Get, page);
        string html = await opened.Content.ReadAsStringAsync();
        var withoutLink = await SendAsync(HttpMethod.Get, path);
        var forged = await SendAsync(HttpMethod.Get, path + "?token=abc.def");
        var json = await SendAsync(HttpMethod.Get, page, html: false);
        var otherSchool = await SendAsync(HttpMethod.Get, page.Replace("/sch-qc/", "/sch-dy/", StringComparison.Ordinal), html: false);

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("no-store", opened.Headers.CacheControl?.ToString());
        Assert.Contains($"<h1>{Round}年副校长提拔公示 · 旗城学校</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-candidate=\"stf-42\"><td>陈主任</td><td>中层干部</td><td>副校长</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-candidate=\"stf-43\"><td>韩主任</td><td>中层干部</td><td>副校长</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-candidate=\"stf-40\"", html, StringComparison.Ordinal);
        Assert.Contains("（北京时间）", html, StringComparison.Ordinal);
        Assert.Contains("异议以您的名义提出：周老师（stf-45）。", html, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"{page}\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\"", html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html)));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutLink.StatusCode);
        Assert.Contains("请通过公示通知邮件中的链接打开，或先在 /api/me 登录。", await withoutLink.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        await ProblemAssertions.AssertProblemAsync(otherSchool, HttpStatusCode.Forbidden, "token");
        using (var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            Assert.Equal(["stf-42", "stf-43"], body.RootElement.GetProperty("onNotice").EnumerateArray().Select(p => p.GetProperty("staffId").GetString()));
        }

        // Bad input: the form again with the reason at the field (or problem+json naming it), nothing raised.
        (string, string)[] good = [("againstStaffId", "stf-42"), ("reason", "其在职称评审中材料造假。"), ("contact", "13900001111")];
        var nobody = await PostFormAsync(page, good.With("againstStaffId", ""));
        string nobodyHtml = await nobody.Content.ReadAsStringAsync();
        var notOnNotice = await PostFormAsync(page, good.With("againstStaffId", "stf-40"));
        var noReason = await PostFormAsync(page, good.With("reason", " "));
        string noReasonHtml = await noReason.Content.ReadAsStringAsync();
        var longContact = await PostFormAsync(page, good.With("contact", new string('1', 51)));
        string longContactHtml = await longContact.Content.ReadAsStringAsync();
        var jsonNoReason = await SendAsync(HttpMethod.Post, page, new { againstStaffId = "stf-42", reason = "" }, html: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.StatusCode);
        Assert.Contains("<div class=\"error\" id=\"error-againstStaffId\" role=\"alert\">请选择公示名单中的人员</div>", nobodyHtml, StringComparison.Ordinal);
        Assert.Contains(">其在职称评审中材料造假。</textarea>", nobodyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOnNotice.StatusCode);
        Assert.Contains("id=\"error-againstStaffId\"", await notOnNotice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("<div class=\"error\" id=\"error-reason\" role=\"alert\">请填写异议内容（500字以内）</div>", noReasonHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"stf-42\" checked", noReasonHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longContact.StatusCode);
        Assert.Contains("<div class=\"error\" id=\"error-contact\" role=\"alert\">联系电话不超过50个字符</div>", longContactHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(noReasonHtml)));
        await ProblemAssertions.AssertProblemAsync(jsonNoReason, HttpStatusCode.UnprocessableEntity, "reason");
        Assert.Empty(await ObjectionReviewsAsync());
        Assert.Empty(await _app.Services.GetRequiredService<DeputyRenewalStore>().Objections.OfRecordAsync($"{Round}-sch-qc", CancellationToken.None));

        // The objection: the bureau's review task, as the office's would be, in her name.
        var lodged = await PostFormAsync(page, good);
        var review = Assert.Single(await WaitForObjectionReviewsAsync(1));
        var again = await PostFormAsync(page, good);

        Assert.Equal(HttpStatusCode.Accepted, lodged.StatusCode);
        Assert.Contains("异议已提交", await lodged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((RenewalProcess.ObjectionTaskIdOf(Round, "sch-qc", 1), "stf-3"), (review.Id, review.AssigneeId));
        Assert.Equal(
            [("被异议人 Person", "陈主任"), ("异议人 Objector", "周老师（stf-45） 13900001111"), ("异议内容 Objection", "其在职称评审中材料造假。")],
            review.Context.Where(c => c.Key is "被异议人 Person" or "异议人 Objector" or "异议内容 Objection").Select(c => (c.Key, c.Value)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("您的这条异议此前已经提交", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await ObjectionReviewsAsync());
    }

    [Fact]
    public async Task NoticePage_SignedInWithoutTheLink_OpensAndTakesAnObjection_InTheSignedInPersonsName()
    {
        await StartOnNoticeAsync();
        string path = $"/api/deputy-renewals/{Round}/schools/sch-qc/notice";
        using var signedIn = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");

        var opened = await signedIn.GetAsync(path);
        var raised = await signedIn.PostAsJsonAsync(path, new { againstStaffId = "stf-43", reason = "听说其曾有违规补课。" });
        var review = Assert.Single(await WaitForObjectionReviewsAsync(1));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(("韩主任", "王芳（stf-1）"), (review.Context.Single(c => c.Key == "被异议人 Person").Value, review.Context.Single(c => c.Key == "异议人 Objector").Value));
    }

    [Fact]
    public async Task NoticePage_ObjectionPostedByAnotherSitesForm_WithTheSessionOrTheLink_Is403NamingOrigin_AndRaisesNothing()
    {
        await StartOnNoticeAsync();
        string link = await MailedLinkAsync("zh.teacher@qz.example.cn");
        string path = $"/api/deputy-renewals/{Round}/schools/sch-qc/notice";
        using var signedIn = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        async Task<HttpResponseMessage> PostAsync(HttpClient http, string to, string reason, string header, string value, bool html = false)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, to) { Content = JsonContent.Create(new { againstStaffId = "stf-43", reason }) };
            post.Headers.Add(header, value);
            if (html)
            {
                post.Headers.Accept.ParseAdd("text/html");
            }

            return await http.SendAsync(post);
        }

        // Another site's forms, riding on 王芳's session cookie (a script's and a browser's) or carrying 周老师's link.
        var bySession = await PostAsync(signedIn, path, "代填的异议", "Sec-Fetch-Site", "cross-site");
        var bySessionPage = await PostAsync(signedIn, path, "代填的异议", "Origin", "https://evil.example", html: true);
        var byLink = await PostAsync(_http, link, "代填的异议", "Sec-Fetch-Site", "same-site");
        // The page itself still opens; from it (its own origin) the objection is taken.
        var opened = await SendAsync(HttpMethod.Get, link);
        var ownPage = await PostAsync(signedIn, path, "听说其曾有违规补课。", "Sec-Fetch-Site", "same-origin");
        var raised = await ObjectionEventsAsync(1);

        foreach (var refused in new[] { bySession, byLink })
        {
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "Origin");
            Assert.Contains("其他网站的表单不能代您提交", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal((HttpStatusCode.Forbidden, "text/html"), (bySessionPage.StatusCode, bySessionPage.Content.Headers.ContentType?.MediaType));
        Assert.Contains("其他网站的表单不能代您提交", await bySessionPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, ownPage.StatusCode);
        Assert.Equal(["stf-43 王芳（stf-1） 听说其曾有违规补课。"], raised);
    }

    // The objections sch-qc's round was sent, once at least `count` have come in (a refused post would be among them, sent earlier).
    private async Task<List<string>> ObjectionEventsAsync(int count)
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = (await client.GetOrchestrationHistoryAsync(RenewalRecord.InstanceIdOf(Round, "sch-qc"))).OfType<EventRaisedEvent>().Where(e => e.Name == RenewalProcess.ObjectionEvent)
                .Select(e => JsonSerializer.Deserialize<RenewalObjection>(e.Input, JsonSerializerOptions.Web)!).Select(o => $"{o.AgainstStaffId} {o.Objector} {o.Reason}").ToList();
            if (events.Count >= count)
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < until, "the objection came in time");
            await Task.Delay(50);
        }
    }

    // sch-qc's round of the year started by the office, both mid-level leaders proposed and approved, on notice.
    private Task StartOnNoticeAsync() => StartOnNoticeAsync(_app, _http, Round);

    private Task<string> MailedLinkAsync(string to) => MailedLinkAsync(_app, to, Round);

    /// <summary>Starts sch-qc's round of <paramref name="round"/> through the start route (<paramref name="http"/> has the app's base address), proposes and approves both mid-level leaders' promotion, and waits for the notice.</summary>
    internal static async Task StartOnNoticeAsync(TaskAppFactory app, HttpClient http, string round)
    {
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var desk = app.Services.GetRequiredService<TaskDesk>();
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"/api/deputy-renewals/{round}/schools/sch-qc") { Content = JsonContent.Create(new { ownerId = "stf-3" }) })
        {
            start.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(start)).StatusCode);
        }

        var proposal = Assert.Single(await WaitForOpenTasksAsync(app, 1, t => t.Kind == DeputyRenewalTasks.Proposal.Name));
        await desk.SubmitAsync(client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "工作扎实。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
        }, CancellationToken.None);
        foreach (var review in await WaitForOpenTasksAsync(app, 4, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await desk.SubmitAsync(client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetInstanceAsync(RenewalRecord.InstanceIdOf(round, "sch-qc"), getInputsAndOutputs: true))?.ReadCustomStatusAs<RenewalRecord>()?.Stage != "notice")
        {
            Assert.True(DateTime.UtcNow < until, "the round reached its notice in time");
            await Task.Delay(50);
        }
    }

    /// <summary>The notice page's link in the person's notice mail; without the public address (path and query) when the app has none of its own.</summary>
    internal static async Task<string> MailedLinkAsync(TaskAppFactory app, string to, string round)
    {
        const string Label = "查看公示并提出异议：";
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var mail = app.Mailbox.All.FirstOrDefault(m => m.To.Contains(to) && m.Subject == $"【提拔人选公示】{round}年 · 旗城学校");
            if (mail is not null)
            {
                string line = mail.Text!.Split('\n').Single(l => l.StartsWith(Label, StringComparison.Ordinal));
                return line[Label.Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
            }

            Assert.True(DateTime.UtcNow < until, "the notice mail came in time");
            await Task.Delay(50);
        }
    }

    private Task<IReadOnlyList<StaffTask>> ObjectionReviewsAsync() => OpenAsync(_app, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

    private Task<IReadOnlyList<StaffTask>> WaitForObjectionReviewsAsync(int count) => WaitForOpenTasksAsync(_app, count, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

    private static async Task<IReadOnlyList<StaffTask>> OpenAsync(TaskAppFactory app, Func<StaffTask, bool> which) =>
        [.. (await app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).Where(which).OrderBy(t => t.Id, StringComparer.Ordinal)];

    private static async Task<IReadOnlyList<StaffTask>> WaitForOpenTasksAsync(TaskAppFactory app, int count, Func<StaffTask, bool> which)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = await OpenAsync(app, which);
            if (found.Count >= count)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"{found.Count} of {count} tasks opened in time");
            await Task.Delay(50);
        }
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))) };
        request.Headers.Accept.ParseAdd("text/html");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = null, bool html = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        request.Headers.Accept.ParseAdd(html ? "text/html" : "application/json");
        return await _http.SendAsync(request);
    }
}
