using DurableTask.Core.History;
using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// The round's office page acts through forms, each through the JSON route's rules: starts the round county-wide
/// (<c>/api/office/deputy-renewals/{roundId}/start</c>) or at one school (<c>…/schools/start</c>), and registers an
/// objection received during the notice (<c>…/objections</c>).
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeDeputyRenewalActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/deputy-renewals/2026/start";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await DeputyRenewalHarness.SeedSchoolAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartForm_BadOwnerShowsTheChineseReasonAtTheField_NonAdminRefused_ThenStartsAndGoesBack()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string instanceId = RenewalRecord.InstanceIdOf("2026", "sch-qc");
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2026");
        string form = await OfficeFormPosts.GetPageAsync(_http, Start);

        var bad = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-999")]);
        string badHtml = await bad.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")], key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")], OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(instanceId));

        var done = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")]);

        Assert.Contains($"href=\"/api/office/deputy-renewals/2026/start?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/office/deputy-renewals/2026/start?code=", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("<span class=\"error\" id=\"error-ownerId\" role=\"alert\">“教育局审核人编号（必填）”：请填写名录中的审核人编号</span>", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"stf-999\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\" data-field=\"ownerId\">未作任何更改。 <a href=\"#ownerId\">请按提示修改“教育局审核人编号（必填）”。</a></p>", badHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/deputy-renewals/2026?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(instanceId));
    }

    [Fact]
    public async Task StartSchoolForm_BadInputShowsTheChineseReasonAtTheField_StartsNothing_ThenStartsThatSchool()
    {
        const string StartSchool = "/api/office/deputy-renewals/2026/schools/start";
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string instanceId = RenewalRecord.InstanceIdOf("2026", "sch-qc");
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2026");
        string form = await OfficeFormPosts.GetPageAsync(_http, StartSchool);
        (string, string)[] good = [("schoolId", "sch-qc"), ("ownerId", "stf-3")];

        var noSchool = await OfficeFormPosts.PostAsync(_http, StartSchool, good.With("schoolId", "sch-none"));
        string noSchoolHtml = await noSchool.Content.ReadAsStringAsync();
        var emptySchool = await OfficeFormPosts.PostAsync(_http, StartSchool, good.With("schoolId", ""));
        string emptySchoolHtml = await emptySchool.Content.ReadAsStringAsync();
        var noOwner = await OfficeFormPosts.PostAsync(_http, StartSchool, good.With("ownerId", "stf-999"));
        string noOwnerHtml = await noOwner.Content.ReadAsStringAsync();
        var functionKey = await OfficeFormPosts.PostAsync(_http, StartSchool, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(instanceId));

        var done = await OfficeFormPosts.PostAsync(_http, StartSchool, good);
        var again = await OfficeFormPosts.PostAsync(_http, StartSchool, good);

        Assert.Contains($"id=\"act-start-school\" class=\"button\" href=\"/api/office/deputy-renewals/2026/schools/start?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Equal(HttpStatusCode.NotFound, noSchool.StatusCode);
        Assert.Contains("id=\"error-schoolId\" role=\"alert\">名录中没有学校“sch-none”。</span>", noSchoolHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptySchool.StatusCode);
        Assert.Contains("id=\"error-schoolId\" role=\"alert\">“学校编号（必填）”：请填写学校编号。</span>", emptySchoolHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOwner.StatusCode);
        Assert.Contains("id=\"error-ownerId\" role=\"alert\">“教育局审核人编号（必填）”：请填写名录中的审核人编号</span>", noOwnerHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\" data-field=\"ownerId\">未作任何更改。 <a href=\"#ownerId\">请按提示修改“教育局审核人编号（必填）”。</a></p>", noOwnerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/deputy-renewals/2026?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(instanceId));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("id=\"error-schoolId\" role=\"alert\">该校2026年副职续聘提拔已启动。</span>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoticeMailsForm_LinkedFromTheRound_InChinese_BadRoundRefused_ThenGoesBack()
    {
        const string NoticeMails = "/api/office/deputy-renewals/2026/notice-mails";
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2026");
        string form = await OfficeFormPosts.GetPageAsync(_http, NoticeMails);

        var badRound = await OfficeFormPosts.PostAsync(_http, "/api/office/deputy-renewals/26/notice-mails", []);
        var functionKey = await OfficeFormPosts.PostAsync(_http, NoticeMails, [], OfficeFormPosts.FunctionKey);
        var done = await OfficeFormPosts.PostAsync(_http, NoticeMails, []);

        Assert.Contains($"id=\"act-notice-mails\" class=\"button\" href=\"{NoticeMails}?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/office/deputy-renewals/2026/notice-mails?code=", form, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRound.StatusCode);
        Assert.Contains("轮次应为年份，如 2026", await badRound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/deputy-renewals/2026?mailed=0&mailedBefore=0&pending=0&refused=0&code={TaskAppFactory.MasterKey}#notice-mails", done.Headers.Location!.OriginalString);
        string answered = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2026?mailed=0&mailedBefore=0&pending=0&refused=0");
        Assert.Contains("<p id=\"notice-mails\" class=\"notice\" role=\"status\">公示邮件补发已完成：本次发出 0 封，未发出 0 封，此前已发 0 封（不重复发送）。</p>", answered, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"notice-mails\"", linked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoticeMailsForm_ARoundOnNotice_ThePageSaysHowManyWereMailedAndHowManyNot()
    {
        const string NoticeMails = "/api/office/deputy-renewals/2030/notice-mails";
        await StartOnNoticeAsync(_app.Services.GetRequiredService<DurableTaskClient>(), "2030");
        // The round mails its own notice as it opens: once it has, what the form finds sent before is known.
        List<string> NoticesInTheOutbox() => [.. _app.Mailbox.All.Select(m => m.OutboxId).OfType<string>().Where(id => id.StartsWith("deputy-renewal-2030-sch-qc.notice.", StringComparison.Ordinal))];
        var until = DateTime.UtcNow.AddSeconds(60);
        while (NoticesInTheOutbox().Count < 6)
        {
            Assert.True(DateTime.UtcNow < until, "the round mailed its notice in time");
            await Task.Delay(50);
        }

        var before = NoticesInTheOutbox();
        var done = await OfficeFormPosts.PostAsync(_http, NoticeMails, []);
        var after = NoticesInTheOutbox();
        string location = done.Headers.Location!.OriginalString;
        var counts = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + location).Query);
        int Count(string name) => int.Parse(counts[name]!, System.Globalization.CultureInfo.InvariantCulture);
        string page = await OfficeFormPosts.GetPageAsync(_http, location.Split('#')[0].Replace($"&code={TaskAppFactory.MasterKey}", string.Empty, StringComparison.Ordinal));
        string refused = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2030?mailed=3&mailedBefore=1&pending=1&refused=1");

        // 旗城学校's six staff with an address each get the notice once: mailed now by this form, or before by the round itself.
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.EndsWith("#notice-mails", location, StringComparison.Ordinal);
        Assert.Equal(6, Count("mailed") + Count("mailedBefore") + Count("pending") + Count("refused"));
        // The round sent all six before the form: the form sent none again, and says so.
        Assert.Equal((after.Count - before.Count, before.Count), (Count("mailed"), Count("mailedBefore")));
        Assert.Equal((0, 6, 0, 0), (Count("mailed"), Count("mailedBefore"), Count("pending"), Count("refused")));
        Assert.Contains($"公示邮件补发已完成：本次发出 {Count("mailed")} 封，未发出 {Count("pending") + Count("refused")} 封，此前已发 {Count("mailedBefore")} 封（不重复发送）。", page, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(page)));
        Assert.Contains("本次发出 3 封，未发出 2 封，此前已发 1 封（不重复发送）。其中 1 封邮件服务暂未接收，稍后自动重发。其中 1 封被邮件服务拒收，请核对收件人的电子邮箱。</p>", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectionForm_RefusedBeforeTheNoticeAndForSomeoneNotOnIt_ThenRaisesTheObjectionTheReviewerLooksInto()
    {
        const string Object = "/api/office/deputy-renewals/2028/objections";
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        string instanceId = RenewalRecord.InstanceIdOf("2028", "sch-qc");
        (string, string)[] good = [("schoolId", "sch-qc"), ("againstStaffId", "stf-42"), ("objector", "张老师 13800000000"), ("reason", "听说其曾有违规补课。")];
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, "/api/office/deputy-renewals/2028/schools/start", [("schoolId", "sch-qc"), ("ownerId", "stf-3")])).StatusCode);
        var proposal = await WaitForOpenTasksAsync(1, t => t.Id == "deputy-renewal-proposal-2028-sch-qc-proposal");
        string form = await OfficeFormPosts.GetPageAsync(_http, Object);
        var early = await OfficeFormPosts.PostAsync(_http, Object, good);
        string earlyHtml = await early.Content.ReadAsStringAsync();
        using var tasksPage = new HttpRequestMessage(HttpMethod.Get, $"/api/office/tasks?process=DeputyRenewal&code={TaskAppFactory.MasterKey}");
        tasksPage.Headers.Accept.ParseAdd("text/html");
        string openTasks = await (await _http.SendAsync(tasksPage)).Content.ReadAsStringAsync();

        await desk.SubmitAsync(client, proposal[0].Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "工作扎实。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "none", ["reason4"] = "尚需历练。",
        }, CancellationToken.None);
        foreach (var review in await WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await desk.SubmitAsync(client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        await WaitForNoticeAsync(client, instanceId);
        string page = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2028");
        var notOnNotice = await OfficeFormPosts.PostAsync(_http, Object, good.With("againstStaffId", "stf-40"));
        string notOnNoticeHtml = await notOnNotice.Content.ReadAsStringAsync();
        var noReason = await OfficeFormPosts.PostAsync(_http, Object, good.With("reason", ""));
        string noReasonHtml = await noReason.Content.ReadAsStringAsync();
        var functionKey = await OfficeFormPosts.PostAsync(_http, Object, good, OfficeFormPosts.FunctionKey);
        Assert.DoesNotContain(await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None), t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

        var done = await OfficeFormPosts.PostAsync(_http, Object, good);
        var looked = await WaitForOpenTasksAsync(1, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

        Assert.Contains("data-task=\"deputy-renewal-proposal-2028-sch-qc-proposal\"", openTasks, StringComparison.Ordinal);
        Assert.Contains($"id=\"open-tasks\" href=\"/api/office/tasks?process=DeputyRenewal&amp;code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("id=\"error-againstStaffId\" role=\"alert\">提拔人选尚未公示。</span>", earlyHtml, StringComparison.Ordinal);
        Assert.Contains($"class=\"act-objection\" href=\"/api/office/deputy-renewals/2028/objections?schoolId=sch-qc&amp;againstStaffId=stf-42&amp;code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("againstStaffId=stf-40", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOnNotice.StatusCode);
        Assert.Contains("id=\"error-againstStaffId\" role=\"alert\">“被异议人编号（必填）”：请选择公示名单中的人员</span>", notOnNoticeHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("id=\"error-reason\" role=\"alert\">“异议内容（必填，500字以内）”：请填写异议内容（500字以内）</span>", noReasonHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/deputy-renewals/2028?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var task = Assert.Single(looked);
        Assert.Equal(("deputy-renewal-objection-2028-sch-qc-objection-1", "stf-3"), (task.Id, task.AssigneeId));
        Assert.Contains(task.Context, c => c.Value == "听说其曾有违规补课。");
    }

    [Fact]
    public async Task ObjectionForm_PostedAgain_OrTwiceAtOnce_IsOneObjectionWithOneReview()
    {
        const string Object = "/api/office/deputy-renewals/2029/objections";
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        (string, string)[] good = [("schoolId", "sch-qc"), ("againstStaffId", "stf-42"), ("objector", "张老师 13800000000"), ("reason", "听说其曾有违规补课。")];
        await StartOnNoticeAsync(client, "2029");

        // Posted, then again once its review is open (the row kept): the office's form and the JSON route both answer without raising it again.
        var first = await OfficeFormPosts.PostAsync(_http, Object, good);
        await WaitForOpenTasksAsync(1, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);
        var again = await OfficeFormPosts.PostAsync(_http, Object, good);
        using var json = new HttpRequestMessage(HttpMethod.Post, "/api/deputy-renewals/2029/schools/sch-qc/objections")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { againstStaffId = "stf-42", objector = "张老师 13800000000", reason = " 听说其曾有违规补课。 " }),
        };
        json.Headers.Add("x-functions-key", OfficeFormPosts.FunctionKey);
        var repeated = await _http.SendAsync(json);
        var repeatedBody = await repeated.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        // Two posts of another objection at once: whichever the round takes first, the other is dropped.
        (string, string)[] other = good.With("reason", "其分管的食堂账目不清。");
        var together = await Task.WhenAll(OfficeFormPosts.PostAsync(_http, Object, other), OfficeFormPosts.PostAsync(_http, Object, other));
        await WaitForOpenTasksAsync(2, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

        // A third objection after them is the third review: the repeats made none between.
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Object, good.With("againstStaffId", "stf-43"))).StatusCode);
        var reviews = await WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.ObjectionReview.Name);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect], new[] { first, again, together[0], together[1] }.Select(r => r.StatusCode));
        // The form sent again goes back to the page, which says in Chinese that it was the first objection again, not counted twice.
        Assert.Equal($"/api/office/deputy-renewals/2029?code={TaskAppFactory.MasterKey}#done", first.Headers.Location!.OriginalString);
        Assert.Equal($"/api/office/deputy-renewals/2029?repeatSchool=sch-qc&repeatOf=1&code={TaskAppFactory.MasterKey}#repeat", again.Headers.Location!.OriginalString);
        string repeatPage = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2029?repeatSchool=sch-qc&repeatOf=1");
        Assert.Contains("<p id=\"repeat\" class=\"notice\" role=\"status\">未重复登记：该异议与旗城学校已登记的第1条异议相同（同一被异议人、同一异议人、同一内容），不重复计入，也不另行核查。</p>", repeatPage, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(repeatPage)));
        Assert.DoesNotContain("id=\"repeat\"", await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2029"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal((true, 1), (repeatedBody.GetProperty("alreadyReceived").GetBoolean(), repeatedBody.GetProperty("number").GetInt32()));
        Assert.Equal(
            ["听说其曾有违规补课。", "其分管的食堂账目不清。", "听说其曾有违规补课。"],
            reviews.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => t.Context.Single(c => c.Key == "异议内容 Objection").Value));
        Assert.Equal("韩主任", reviews.Single(t => t.Id.EndsWith("-objection-3", StringComparison.Ordinal)).Context.Single(c => c.Key == "被异议人 Person").Value);
        Assert.DoesNotContain(reviews, t => t.Id.EndsWith("-objection-4", StringComparison.Ordinal));
        var history = await client.GetOrchestrationHistoryAsync(RenewalRecord.InstanceIdOf("2029", "sch-qc"));
        Assert.Equal(3, history.OfType<SubOrchestrationInstanceCreatedEvent>().Count());
    }

    // Starts sch-qc's round of the year through the office's form, both mid-level leaders proposed and approved, and waits for the notice.
    private async Task StartOnNoticeAsync(DurableTaskClient client, string roundId)
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, $"/api/office/deputy-renewals/{roundId}/schools/start", [("schoolId", "sch-qc"), ("ownerId", "stf-3")])).StatusCode);
        var proposal = await WaitForOpenTasksAsync(1, t => t.Id == $"deputy-renewal-proposal-{roundId}-sch-qc-proposal");
        await desk.SubmitAsync(client, proposal[0].Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "工作扎实。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
        }, CancellationToken.None);
        foreach (var review in await WaitForOpenTasksAsync(4, t => t.Kind == DeputyRenewalTasks.Review.Name && t.Id.Contains($"-{roundId}-", StringComparison.Ordinal)))
        {
            await desk.SubmitAsync(client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        await WaitForNoticeAsync(client, RenewalRecord.InstanceIdOf(roundId, "sch-qc"));
    }

    private async Task<IReadOnlyList<StaffTask>> WaitForOpenTasksAsync(int count, Func<StaffTask, bool> which)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).Where(which).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"{found.Count} of {count} tasks opened in time");
            await Task.Delay(50);
        }
    }

    private static async Task WaitForNoticeAsync(DurableTaskClient client, string instanceId)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<RenewalRecord>()?.Stage != "notice")
        {
            Assert.True(DateTime.UtcNow < until, "the round reached its notice in time");
            await Task.Delay(50);
        }
    }
}
