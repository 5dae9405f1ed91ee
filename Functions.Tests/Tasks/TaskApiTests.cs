using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Tasks;

/// <summary><c>/api/tasks/{id}?token=</c> over HTTP: the form, submissions, and every refusal changing nothing.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TaskApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Form_IsAPhoneFriendlyPage_WithEveryFieldAndEscapedData()
    {
        var (link, _) = await StartAsync("stf-1", "<script>alert('x')</script>关于秋季运动会的通知");

        var page = await _http.GetAsync(link);
        string html = await page.Content.ReadAsStringAsync();
        var english = await _http.GetStringAsync(link + "&lang=en");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.Contains("阅知确认", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\" id=\"f-acknowledged\" name=\"acknowledged\"", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"f-comment\" name=\"comment\" maxlength=\"500\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Acknowledge a notice", english, StringComparison.Ordinal);
        Assert.Contains("I have read the notice", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_DescribesTheTask_AndAValidAnswerGetsAReceipt_AndReachesTheOrchestration()
    {
        var (link, instanceId) = await StartAsync("stf-1", "关于秋季运动会的通知");

        var described = await GetJsonAsync(link);
        var answer = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });
        var receipt = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        var done = await _app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(instanceId, true);

        Assert.Equal("阅知确认", (string)described["title"]!);
        Assert.Equal("open", ((string)described["status"]!).ToLowerInvariant());
        Assert.Equal(["acknowledged", "comment"], described["fields"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("R2", (string)receipt["receiptId"]!, StringComparison.Ordinal);
        Assert.Equal("stf-1", (string)receipt["submittedBy"]!);
        var outcome = done.ReadOutputAs<StaffTaskOutcome>()!;
        Assert.Equal(StaffTaskResult.Submitted, outcome.Result);
        Assert.Equal((string)receipt["receiptId"]!, outcome.Receipt!.ReceiptId);
        Assert.Equal("收到", outcome.Receipt.Values["comment"]);
    }

    [Fact]
    public async Task SecondSubmission_SameAnswerGetsTheOriginalReceipt_DifferentAnswerIs409()
    {
        var (link, _) = await StartAsync("stf-1", "关于秋季运动会的通知");

        var first = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });
        var same = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });
        var different = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "改了主意" });
        var firstReceipt = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var sameReceipt = (await same.Content.ReadFromJsonAsync<JsonObject>())!;
        var conflict = (await different.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal((string)firstReceipt["receiptId"]!, (string)sameReceipt["receiptId"]!);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType!.MediaType);
        Assert.Equal((string)firstReceipt["receiptId"]!, (string)conflict["receiptId"]!);
        Assert.Equal("收到", (string)(await GetJsonAsync(link))["receipt"]!["values"]!["comment"]!);
    }

    [Fact]
    public async Task BadTokens_AreRefusedWithTheirOwnStatus_AndChangeNothing()
    {
        var (link, _) = await StartAsync("stf-1", "通知一");
        var (otherLink, _) = await StartAsync("stf-2", "通知二");
        string path = link[..link.IndexOf('?', StringComparison.Ordinal)];
        string token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        string otherToken = otherLink[(otherLink.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        string forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var answer = new { acknowledged = true };

        var missing = await _http.PostAsJsonAsync(path, answer);
        var tampered = await _http.PostAsJsonAsync($"{path}?token={forged}", answer);
        var garbage = await _http.PostAsJsonAsync($"{path}?token=not-a-token", answer);
        var othersToken = await _http.PostAsJsonAsync($"{path}?token={otherToken}", answer);
        var othersTokenPage = await _http.GetAsync($"{path}?token={otherToken}");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal("token", (string)(await missing.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.Forbidden, othersToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersTokenPage.StatusCode);
        Assert.Contains("该链接不属于此任务", await othersTokenPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("open", ((string)(await GetJsonAsync(link))["status"]!).ToLowerInvariant());
        Assert.Equal("open", ((string)(await GetJsonAsync(otherLink))["status"]!).ToLowerInvariant());
    }

    [Fact]
    public async Task BadTokens_JsonRefusal_IsZhCnFirst_EnglishOnRequest()
    {
        var (link, _) = await StartAsync("stf-1", "通知一");
        string path = link[..link.IndexOf('?', StringComparison.Ordinal)];
        using var json = new HttpRequestMessage(HttpMethod.Get, $"{path}?token=not-a-token");
        json.Headers.Accept.ParseAdd("application/json");
        using var english = new HttpRequestMessage(HttpMethod.Get, $"{path}?token=not-a-token&lang=en");
        english.Headers.Accept.ParseAdd("application/json");

        var zhAnswer = await _http.SendAsync(json);
        var enAnswer = await _http.SendAsync(english);

        Assert.Equal(HttpStatusCode.Unauthorized, zhAnswer.StatusCode);
        Assert.Equal("application/problem+json", zhAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("链接不完整或无效。请重新打开邮件中的链接，或登录查看您的任务。", (string)(await zhAnswer.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, enAnswer.StatusCode);
        Assert.StartsWith("This link is incomplete or not genuine.", (string)(await enAnswer.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastDue_Is410_AndNothingIsStored()
    {
        var (link, _) = await StartAsync("stf-1", "通知", dueInHours: 2);

        _app.Services.GetRequiredService<DevClock>().AdvanceBy(TimeSpan.FromHours(3));
        var late = await _http.PostAsJsonAsync(link, new { acknowledged = true });
        var page = await _http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        string taskId = link.Split('/', '?')[^2];
        var stored = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(taskId, CancellationToken.None))!.Record;
        Assert.Null(stored.Values);
        Assert.NotEqual(StaffTaskStatus.Submitted, stored.Status);
    }

    [Fact]
    public async Task InvalidFields_Are422NamingEachField_AndNothingIsStored()
    {
        var (link, _) = await StartAsync("stf-1", "通知");

        var json = await _http.PostAsJsonAsync(link, new { acknowledged = false, comment = new string('长', 501), mood = "good" });
        var problem = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        var form = await _http.PostAsync(link, new FormUrlEncodedContent([new("comment", "我的备注<b>")]));
        string formPage = await form.Content.ReadAsStringAsync();
        var notJson = await _http.PostAsync(link, new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Equal(["acknowledged", "comment", "mood"], fields.Order());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, form.StatusCode);
        Assert.Contains("data-field=\"acknowledged\"", formPage, StringComparison.Ordinal);
        Assert.Contains("我的备注&lt;b&gt;</textarea>", formPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("open", ((string)(await GetJsonAsync(link))["status"]!).ToLowerInvariant());
    }

    [Fact]
    public async Task InvalidFields_ReasonsAreChineseForStaff_EnglishBesideInJson_AndOnTheEnglishPage()
    {
        var (link, _) = await StartAsync("stf-1", "通知");

        var json = await _http.PostAsJsonAsync(link, new { acknowledged = false, comment = new string('长', 501) });
        var problem = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsArray().ToDictionary(e => (string)e!["field"]!, e => ((string)e!["reason"]!, (string)e["reasonEn"]!));
        string zhPage = await (await _http.PostAsync(link, new FormUrlEncodedContent([new("comment", "好")]))).Content.ReadAsStringAsync();
        string enPage = await (await _http.PostAsync(link + "&lang=en", new FormUrlEncodedContent([new("comment", "好")]))).Content.ReadAsStringAsync();

        Assert.Equal(("请勾选确认。", "must be confirmed."), errors["acknowledged"]);
        Assert.Equal(("最多 500 个字。", "must be at most 500 characters."), errors["comment"]);
        Assert.StartsWith("答案有误，未保存。", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.StartsWith("acknowledged：请勾选确认。", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("<div class=\"error\" data-field=\"acknowledged\">请勾选确认。</div>", zhPage, StringComparison.Ordinal);
        Assert.Contains("<div class=\"error\" data-field=\"acknowledged\">must be confirmed.</div>", enPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffRefusals_AreChineseFirst_WithTheEnglishBeside()
    {
        var (link, _) = await StartAsync("stf-1", "通知");
        await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "好的" });
        var changed = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "改了" });
        var me = await SendJsonAsync("/api/me");
        var myResult = await SendJsonAsync("/api/researcher-reviews/rr-2026H1-junior/results/mine");
        var certificate = await SendJsonAsync("/api/shadow-training/certificates/2026-09/stf-1");
        var panel = await SendJsonAsync("/api/department-assessment/panel/no-such-task");

        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        string already = await DetailAsync(changed);
        Assert.StartsWith("该任务已提交过（回执 R", already, StringComparison.Ordinal);
        Assert.Contains("This task was already answered", already, StringComparison.Ordinal);
        Assert.Equal("请先登录：向 /api/me/sign-in 提交您的工作邮箱。 Sign in first: POST your e-mail address to /api/me/sign-in.", await DetailAsync(me));
        Assert.StartsWith("请先登录", await DetailAsync(myResult), StringComparison.Ordinal);
        Assert.StartsWith("请通过邮件中的链接打开证书", await DetailAsync(certificate), StringComparison.Ordinal);
        Assert.StartsWith("链接不完整或无效", await DetailAsync(panel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATaskOfAKindNoLongerRegistered_IsAChineseRefusalOnItsLinkAndUnderMe_StoresNoAnswer_AndStillListsUnderMe()
    {
        // Opened by an earlier version under a kind since renamed: the link still works, the catalog no longer knows the kind.
        var (link, instanceId) = await StartAsync("stf-1", "关于秋季运动会的通知");
        const string oldKind = "notice-acknowledgement-v0";
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var read = (await store.GetAsync((await store.AllOpenAsync(CancellationToken.None)).Single(t => t.InstanceId == instanceId).Id, CancellationToken.None))!;
        await store.TryReplaceAsync(read.Record with { Kind = oldKind }, read.ETag, CancellationToken.None);
        string taskId = read.Record.Id;

        var page = await _http.GetAsync(link);
        string pageHtml = await page.Content.ReadAsStringAsync();
        var json = await SendJsonAsync(link);
        var postedForm = await _http.PostAsync(link, new FormUrlEncodedContent([new("acknowledged", "true"), new("comment", "收到")]));
        string postedHtml = await postedForm.Content.ReadAsStringAsync();
        var postedJson = await _http.PostAsJsonAsync(link, new { acknowledged = true, comment = "收到" });
        using var me = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        var mine = await me.GetFromJsonAsync<JsonObject>("/api/me");
        using var mineAsPage = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        mineAsPage.Headers.Accept.Clear();
        mineAsPage.Headers.Accept.ParseAdd("text/html");
        var minePage = await me.SendAsync(mineAsPage);
        string minePageHtml = await minePage.Content.ReadAsStringAsync();
        var answeredUnderMe = await me.PostAsJsonAsync($"/api/me/tasks/{taskId}", new { acknowledged = true });

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("无法打开任务", pageHtml, StringComparison.Ordinal);
        Assert.Contains("这项任务的类型在当前版本中未登记", pageHtml, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(pageHtml)));
        Assert.Equal(HttpStatusCode.Conflict, json.StatusCode);
        var problem = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("任务类型未登记", (string)problem["title"]!);
        Assert.Equal("taskId", (string)problem["field"]!);
        Assert.Equal(oldKind, (string)problem["taskKind"]!);
        Assert.StartsWith("这项任务的类型在当前版本中未登记", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, postedForm.StatusCode);
        Assert.Contains("这项任务的类型在当前版本中未登记", postedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, postedJson.StatusCode);
        Assert.Equal("任务类型未登记", (string)(await postedJson.Content.ReadFromJsonAsync<JsonObject>())!["title"]!);
        Assert.Equal(HttpStatusCode.Conflict, answeredUnderMe.StatusCode);
        var stored = (await store.GetAsync(taskId, CancellationToken.None))!.Record;
        Assert.Equal(StaffTaskStatus.Open, stored.Status);
        Assert.Null(stored.Values);
        var listed = Assert.Single(mine!["openTasks"]!.AsArray())!;
        Assert.Equal("未登记的任务类型", (string)listed["task"]!["title"]!);
        Assert.Equal(oldKind, (string)listed["task"]!["kind"]!);
        Assert.Equal(HttpStatusCode.OK, minePage.StatusCode);
        Assert.Contains("未登记的任务类型", minePageHtml, StringComparison.Ordinal);
        Assert.Contains("关于秋季运动会的通知", minePageHtml, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        return await _http.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) => (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;

    [Fact]
    public async Task FormPost_OfADifferentAnswerToAnAnsweredTask_Is409_AndThePageSaysNotSaved_NotAReceipt()
    {
        var (link, _) = await StartAsync("stf-1", "通知");
        await _http.PostAsync(link, new FormUrlEncodedContent([new("acknowledged", "true"), new("comment", "好的")]));

        var changed = await _http.PostAsync(link, new FormUrlEncodedContent([new("acknowledged", "true"), new("comment", "改了")]));
        var changedEn = await _http.PostAsync(link + "&lang=en", new FormUrlEncodedContent([new("acknowledged", "true"), new("comment", "改了")]));

        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        string page = await changed.Content.ReadAsStringAsync();
        Assert.Contains("未保存：此任务已提交过，答案不能更改。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("已提交。回执编号", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"ok\"", page, StringComparison.Ordinal);
        Assert.Contains("好的", page, StringComparison.Ordinal);
        Assert.DoesNotContain("改了", page, StringComparison.Ordinal);
        Assert.Contains("Not saved: this task was already answered", await changedEn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPost_ShowsTheReceiptPage()
    {
        var (link, _) = await StartAsync("stf-1", "通知");

        var answer = await _http.PostAsync(link, new FormUrlEncodedContent([new("acknowledged", "true"), new("comment", "好的")]));
        string page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("id=\"receipt-id\"", page, StringComparison.Ordinal);
        Assert.Contains("好的", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeAnswer_Is413()
    {
        var (link, _) = await StartAsync("stf-1", "通知");

        var big = await _http.PostAsync(link, new StringContent("{\"comment\":\"" + new string('x', TaskApi.MaxAnswerBytes) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("open", ((string)(await GetJsonAsync(link))["status"]!).ToLowerInvariant());
    }

    [Fact]
    public async Task MailApi_ListsTheOutboxByStatusAndRecipient_ForAdministratorsOnly()
    {
        await StartAsync("stf-1", "通知");
        using var admin = _app.CreateClient();
        admin.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);

        var sent = await admin.GetFromJsonAsync<JsonObject>("/api/mail?status=sent&recipient=wang.fang@qz.example.cn");
        var none = await admin.GetFromJsonAsync<JsonObject>("/api/mail?status=failed");
        var badStatus = await admin.GetAsync("/api/mail?status=lost");
        var anonymous = await _http.GetAsync("/api/mail");

        var message = Assert.Single(sent!["items"]!.AsArray())!;
        Assert.Equal("task-assigned", (string)message["template"]!);
        Assert.False(string.IsNullOrEmpty((string?)message["sendGridMessageId"]));
        Assert.Empty(none!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("status", (string)(await badStatus.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task DevSendGridEndpoint_ChecksWhatSendGridRequires()
    {
        var noKey = await _http.PostAsync(
            "/dev/sendgrid/v3/mail/send",
            new StringContent("""{"personalizations":[{"to":[]}],"from":{"email":"x"},"content":[]}""", Encoding.UTF8, "application/json"));
        using var incomplete = new HttpRequestMessage(HttpMethod.Post, "/dev/sendgrid/v3/mail/send")
        {
            Content = new StringContent("""{"personalizations":[{"to":[]}],"from":{"email":"x"},"content":[]}""", Encoding.UTF8, "application/json"),
        };
        incomplete.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var missing = await _http.SendAsync(incomplete);
        var missingFields = (await missing.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/sendgrid/v3/mail/send")
        {
            Content = new StringContent("""{"personalizations":[{"to":[{"email":"a@b.cn"}]}],"from":{"email":"n@b.cn"},"subject":"s","content":[{"type":"text/plain","value":"v"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var ok = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["content", "from.email", "personalizations.to", "subject"], missingFields.Order());
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.True(ok.Headers.Contains("X-Message-Id"));
        Assert.Contains(_app.Mailbox.All, m => m.To.SequenceEqual(["a@b.cn"]));
    }

    private async Task<(string Link, string InstanceId)> StartAsync(string assigneeId, string notice, double dueInHours = 72)
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        int before = _app.Mailbox.All.Count;
        string id = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input(assigneeId, notice, dueInHours));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_app.Mailbox.All.Count == before)
        {
            await Task.Delay(50, cts.Token);
        }

        var mail = _app.Mailbox.All[0];
        string link = mail.Text!.Split('\n').Single(l => l.StartsWith("打开任务：", StringComparison.Ordinal))["打开任务：".Length..];
        return (link.Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal), id);
    }

    private async Task<JsonObject> GetJsonAsync(string link)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Accept.ParseAdd("application/json");
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
