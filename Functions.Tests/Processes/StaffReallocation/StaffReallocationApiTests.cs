using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// <c>/api/staff-reallocation</c> through the whole app on Azurite: one primary school 东关小学 (sch-a) whose principal
/// stf-pa and three teachers take part; 赵主任 (stf-3) runs the reallocation for the bureau.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class StaffReallocationApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Id = "staff-reallocation-2027";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await ReallocationCounty.SchoolA.With(ReallocationCounty.Teacher("stf-a3", "sch-a", "chinese")).SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Start_WithTheMasterKey_Is202_RunningIs409_BadIdOrOwnerIs422NamingTheField_NoKeyIs401()
    {
        var body = new { ownerId = "stf-3", asOf = "2026-09-01" };

        var noKey = await _http.PostAsJsonAsync(Route(), body);
        var functionKey = await SendAsync(HttpMethod.Post, Route(), body, "task-function-key");
        var badId = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/X", body);
        var unknownOwner = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { ownerId = "stf-404" });
        var noOwner = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { asOf = "2026-09-01" });
        var keyOwner = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { ownerId = "stf/3" });
        var started = await SendAsync(HttpMethod.Post, Route(), body);
        var again = await SendAsync(HttpMethod.Post, Route(), body);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reallocationId"), (badId.StatusCode, await FieldAsync(badId)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "ownerId"), (unknownOwner.StatusCode, await FieldAsync(unknownOwner)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "ownerId"), (noOwner.StatusCode, await FieldAsync(noOwner)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "ownerId"), (keyOwner.StatusCode, await FieldAsync(keyOwner)));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/api/staff-reallocation/{Id}/report", started.Headers.Location!.OriginalString);
        Assert.Equal(Id, (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["reallocationId"]!);
        Assert.Equal((HttpStatusCode.Conflict, "reallocationId"), (again.StatusCode, await FieldAsync(again)));
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Null(await client.GetInstanceAsync("staff-reallocation-2028"));
        Assert.NotNull(await client.GetInstanceAsync(Id));
    }

    [Fact]
    public async Task Start_ForNamedSchools_TakesOnlyTheirStaff_BadSchoolIdsAre422NamingTheItem_AndStartNothing()
    {
        await new ReallocationCounty([new School("sch-b", "西街小学", "primary", "王府街道", false, null)], [ReallocationCounty.Teacher("stf-b1", "sch-b", "math")]).SeedAsync(_app.Services);

        var empty = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { ownerId = "stf-3", schoolIds = Array.Empty<string>() });
        var unknown = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { ownerId = "stf-3", schoolIds = new[] { "sch-a", "sch-404" } });
        var twice = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2028", new { ownerId = "stf-3", schoolIds = new[] { "sch-a", "sch-a" } });
        var started = await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01", schoolIds = new[] { "sch-a" } });
        // Points are computed once everyone taking part is stored.
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await store.Reallocations.GetAsync(Id, cts.Token))?.Record.FormulaVersion is null)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        var inside = await SendAsync(HttpMethod.Get, Route("/people/stf-a1"));
        var outside = await SendAsync(HttpMethod.Get, Route("/people/stf-b1"));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "schoolIds"), (empty.StatusCode, await FieldAsync(empty)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "schoolIds[1]"), (unknown.StatusCode, await FieldAsync(unknown)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "schoolIds[1]"), (twice.StatusCode, await FieldAsync(twice)));
        Assert.Null(await _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("staff-reallocation-2028"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task Appeal_OnlyInTheAppealWindow_BadInputIs4xxNamingTheField_AndNothingChangesOnRefusal()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01" })).StatusCode);
        await WaitForPersonAsync("stf-a1");
        var early = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a1", reason = "积分有误" });
        var person = await SendAsync(HttpMethod.Get, Route("/people/stf-a1"));
        var nobody = await SendAsync(HttpMethod.Get, Route("/people/stf-404"));
        var personNoKey = await _http.GetAsync(Route("/people/stf-a1"));

        await RunToTheFirstAppealWindowAsync();
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        var before = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
        var noStaff = await SendAsync(HttpMethod.Post, Route("/appeals"), new { reason = "积分有误" });
        var noReason = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a1", reason = " " });
        var longReason = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a1", reason = new string('理', 1001) });
        var stranger = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-1", reason = "积分有误" });
        var notAnId = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf/a1", reason = "积分有误" });
        var personNotAnId = await SendAsync(HttpMethod.Get, Route("/people/stf%23a1"));
        var runNotAnId = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/run%23x/appeals", new { staffId = "stf-a1", reason = "积分有误" });
        var otherRun = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-2031/appeals", new { staffId = "stf-a1", reason = "积分有误" });
        var noKey = await _http.PostAsJsonAsync(Route("/appeals"), new { staffId = "stf-a1", reason = "积分有误" });
        var after = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-a1"), CancellationToken.None))!.Record;
        var lodged = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a1", reason = "积分有误", lodgedBy = "stf-a1" });
        var leader = await SendAsync(HttpMethod.Get, Route("/people/stf-pa"));

        Assert.Equal((HttpStatusCode.Conflict, "reallocationId"), (early.StatusCode, await FieldAsync(early)));
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        var record = (await person.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("stf-a1", "sch-a", "stf-pa"), ((string)record["participant"]!["staffId"]!, (string)record["participant"]!["schoolId"]!, (string)record["principalId"]!));
        Assert.InRange((int)record["participant"]!["pointsRank"]!, 1, 4);
        Assert.Null(record["placement"]);
        Assert.Equal((HttpStatusCode.NotFound, "staffId"), (nobody.StatusCode, await FieldAsync(nobody)));
        Assert.Equal(HttpStatusCode.Unauthorized, personNoKey.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "staffId"), (noStaff.StatusCode, await FieldAsync(noStaff)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason"), (noReason.StatusCode, await FieldAsync(noReason)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason"), (longReason.StatusCode, await FieldAsync(longReason)));
        Assert.Equal((HttpStatusCode.NotFound, "staffId"), (stranger.StatusCode, await FieldAsync(stranger)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "staffId"), (notAnId.StatusCode, await FieldAsync(notAnId)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "staffId"), (personNotAnId.StatusCode, await FieldAsync(personNotAnId)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reallocationId"), (runNotAnId.StatusCode, await FieldAsync(runNotAnId)));
        Assert.Equal(HttpStatusCode.NotFound, otherRun.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(before.Trace, after.Trace);

        // The office reads each refusal in Chinese first, the English beside it.
        Assert.Equal(("与当前状态不符", "现在不在申诉期内：每轮结果公布后的申诉期内方可提出申诉。 Appeals are taken only in a round's appeal window."), (await TitleAsync(early), await DetailAsync(early)));
        Assert.Equal(("请求内容有误", "请填写申诉理由，不超过1000字。 reason is required, at most 1000 characters."), (await TitleAsync(noReason), await DetailAsync(noReason)));
        Assert.Equal(("未找到", $"stf-1 未参加本次县管校聘（{Id}）。 stf-1 takes no part in {Id}."), (await TitleAsync(stranger), await DetailAsync(stranger)));
        Assert.Equal(("请求内容有误", "编号中不能有 / \\ # ? 或控制字符。 staffId must be an id without / \\ # ? or control characters."), (await TitleAsync(notAnId), await DetailAsync(notAnId)));
        Assert.StartsWith("请填写申诉人的工号。 ", await DetailAsync(noStaff), StringComparison.Ordinal);
        Assert.StartsWith("没有县管校聘", await DetailAsync(await SendAsync(HttpMethod.Get, "/api/staff-reallocation/staff-reallocation-2031/report")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, lodged.StatusCode);
        var appeal = (await lodged.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("DirectAppointment", "stf-a1", StaffReallocationApi.ByMasterKey), ((string)appeal["round"]!, (string)appeal["staffId"]!, (string)appeal["lodgedBy"]!));
        var placed = (await leader.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("directLeadership", "sch-a:primary:math"), ((string)placed["placement"]!["rule"]!, (string)placed["placement"]!["postId"]!));
        Assert.Contains(placed["trace"]!.AsArray(), t => (string)t!["by"]! == "stf-pa" && (string)t["what"]! == "principal confirmed the direct appointment");
    }

    [Fact]
    public async Task Appeal_ByThePersonSignedInOrWithTheirResultLink_IsTakenInTheWindowOnlyForThemselves_InZhCn()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01" })).StatusCode);
        await WaitForPersonAsync("stf-a1");
        using var a1 = await StaffSessions.SignInAsync(_app, "stf-a1@qz.example.cn");
        var early = await a1.PostAsJsonAsync(Route("/appeals"), new { reason = "积分有误" });

        await RunToTheFirstAppealWindowAsync();
        string mail = await ResultMailAsync("stf-pa@qz.example.cn");
        string link = mail.Split('\n').Single(l => l.StartsWith("提出申诉：", StringComparison.Ordinal))["提出申诉：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        var forSomeoneElse = await a1.PostAsJsonAsync(Route("/appeals"), new { staffId = "stf-a2", reason = "积分有误" });
        var noReason = await a1.PostAsJsonAsync(Route("/appeals"), new { reason = "" });
        var forged = await _http.PostAsJsonAsync(Route("/appeals?token=forged"), new { reason = "积分有误" });
        var otherRun = await _http.PostAsJsonAsync(link.Replace(Id, "staff-reallocation-2031", StringComparison.Ordinal), new { reason = "积分有误" });
        var signedIn = await a1.PostAsJsonAsync(Route("/appeals"), new { reason = "积分计算有误，请复核" });
        var withLink = await _http.PostAsJsonAsync(link, new { reason = "希望留在本校任教" });
        var page = await _http.SendAsync(FromBrowser(HttpMethod.Get, link));
        var pageWithout = await _http.SendAsync(FromBrowser(HttpMethod.Get, Route("/appeals")));
        var problemWithout = await _http.GetAsync(Route("/appeals"));
        using var emptyForm = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "" });
        var emptyFormAnswer = await _http.SendAsync(FromBrowser(HttpMethod.Post, link, emptyForm));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "积分中支教年限漏计" });
        var formAnswer = await a1.SendAsync(FromBrowser(HttpMethod.Post, Route("/appeals"), form));

        Assert.Equal((HttpStatusCode.Conflict, "现在不在申诉期内：每轮结果公布后的申诉期内方可提出申诉。"), (early.StatusCode, await DetailAsync(early)));
        Assert.Contains("对本轮结果有异议的，可在申诉期内通过下方链接（或登录后）本人提出申诉。", mail, StringComparison.Ordinal);
        Assert.StartsWith($"/api/staff-reallocation/{Id}/appeals?token=", link, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, "staffId", "只能对本人的聘任结果提出申诉。", "无权办理"), (forSomeoneElse.StatusCode, await FieldAsync(forSomeoneElse), await DetailAsync(forSomeoneElse), await TitleAsync(forSomeoneElse)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "reason", "请填写申诉理由，不超过1000字。", "请求内容有误"), (noReason.StatusCode, await FieldAsync(noReason), await DetailAsync(noReason), await TitleAsync(noReason)));
        Assert.Equal((HttpStatusCode.Unauthorized, "token"), (forged.StatusCode, await FieldAsync(forged)));
        Assert.Equal((HttpStatusCode.Unauthorized, "token"), (otherRun.StatusCode, await FieldAsync(otherRun)));
        Assert.Equal(HttpStatusCode.Accepted, signedIn.StatusCode);
        var mine = (await signedIn.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("DirectAppointment", "stf-a1", "stf-a1"), ((string)mine["round"]!, (string)mine["staffId"]!, (string)mine["lodgedBy"]!));
        Assert.Equal(HttpStatusCode.Accepted, withLink.StatusCode);
        var linked = (await withLink.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("stf-pa", "stf-pa"), ((string)linked["staffId"]!, (string)linked["lodgedBy"]!));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("教职工：stf-pa", html, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"{System.Net.WebUtility.HtmlEncode(link)}\">", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, pageWithout.StatusCode);
        Assert.Equal("text/html", pageWithout.Content.Headers.ContentType?.MediaType);
        Assert.Contains("请通过结果通知邮件中的申诉链接提出申诉", await pageWithout.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json", "token"), (problemWithout.StatusCode, problemWithout.Content.Headers.ContentType?.MediaType, await FieldAsync(problemWithout)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptyFormAnswer.StatusCode);
        Assert.Contains("请填写申诉理由，不超过1000字。", await emptyFormAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, formAnswer.StatusCode);
        Assert.Contains("您的申诉已提交", await formAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Issue 16: once the window has closed the stage stayed appeal:{round} while the bureau decided, so a late appeal was
    // taken with 202 and the next round's window counted it as its own.
    [Fact]
    public async Task Appeal_AfterTheWindowHasClosed_Is409InChinese_TheFormSaysWhy_AndNothingIsRaised()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01" })).StatusCode);
        await WaitForPersonAsync("stf-a1");
        await RunToTheFirstAppealWindowAsync();
        string mail = await ResultMailAsync("stf-pa@qz.example.cn");
        string link = mail.Split('\n').Single(l => l.StartsWith("提出申诉：", StringComparison.Ordinal))["提出申诉：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        var inTime = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a1", reason = "积分有误" });
        await AppealEventsAsync(1);

        // The window's 3 days pass: the bureau now decides stf-a1's appeal.
        var clock = _app.Services.GetRequiredService<EduFlows.Hosting.DevClock>();
        clock.SetTo(clock.GetUtcNow() + StaffReallocationOptions.Default.AppealWindow + TimeSpan.FromHours(1));
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await store.Reallocations.GetAsync(Id, cts.Token))?.Record.Stage != "appeal-review:DirectAppointment")
            {
                await Task.Delay(50, cts.Token);
            }
        }

        using var a2 = await StaffSessions.SignInAsync(_app, "stf-a2@qz.example.cn");
        var byKey = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a2", reason = "逾期的申诉", round = "SupportTeaching" });
        var signedIn = await a2.PostAsJsonAsync(Route("/appeals"), new { reason = "逾期的申诉" });
        var withLink = await _http.PostAsJsonAsync(link, new { reason = "逾期的申诉" });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "逾期的申诉" });
        var formAnswer = await _http.SendAsync(FromBrowser(HttpMethod.Post, link, form));
        var page = await _http.SendAsync(FromBrowser(HttpMethod.Get, link));
        var stage = (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record.Stage;

        const string Closed = "第一轮 直接聘用的申诉期已结束，教育局正在处理本轮申诉，不再受理新的申诉。";
        Assert.Equal(HttpStatusCode.Accepted, inTime.StatusCode);
        Assert.Equal(
            (HttpStatusCode.Conflict, "application/problem+json", "reallocationId", "与当前状态不符", Closed + " The appeal window of direct appointment has closed; the bureau is deciding its appeals."),
            (byKey.StatusCode, byKey.Content.Headers.ContentType?.MediaType, await FieldAsync(byKey), await TitleAsync(byKey), await DetailAsync(byKey)));
        foreach (var person in new[] { signedIn, withLink })
        {
            // The person reads Chinese alone.
            Assert.Equal(
                (HttpStatusCode.Conflict, "application/problem+json", "reallocationId", "与当前状态不符", Closed),
                (person.StatusCode, person.Content.Headers.ContentType?.MediaType, await FieldAsync(person), await TitleAsync(person), await DetailAsync(person)));
        }

        Assert.Equal((HttpStatusCode.Conflict, "text/html"), (formAnswer.StatusCode, formAnswer.Content.Headers.ContentType?.MediaType));
        Assert.Contains(Closed, await formAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<p role=\"status\">{Closed}</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html.Replace(Id, " ", StringComparison.Ordinal))));
        // Nothing changed: the stage is the bureau's review, and the reallocation was sent stf-a1's appeal alone.
        Assert.Equal("appeal-review:DirectAppointment", stage);
        Assert.Equal(["stf-a1 积分有误"], await AppealEventsAsync(1));
    }

    // Hole (b): once the window holds its 500 appeals, a later post was answered 202 and never decided.
    [Fact]
    public async Task Appeal_WhenTheWindowHoldsItsMaximum_Is409InChinese_AndNothingIsKeptOrRaised()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01" })).StatusCode);
        await WaitForPersonAsync("stf-a1");
        await RunToTheFirstAppealWindowAsync();
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        // The window's other 499, as the API kept them before windows counted their places: the rows alone.
        await store.Appeals.PutAllAsync(
            Enumerable.Range(1, ReallocationProcessMax - 1).Select(n => new AppealRecord
            {
                ReallocationId = Id, Round = Round.DirectAppointment, Number = 0, StaffId = $"stf-x{n:D3}", Reason = "积分有误", LodgedAt = DateTimeOffset.UtcNow, Intake = AppealIntake.Accepted,
            }),
            16,
            CancellationToken.None);
        var inTime = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-pa", reason = "积分有误" });
        await AppealEventsAsync(1);
        await TakenInAsync(store, "stf-pa");
        using var a1 = await StaffSessions.SignInAsync(_app, "stf-a1@qz.example.cn");
        var signedIn = await a1.PostAsJsonAsync(Route("/appeals"), new { reason = "积分计算有误，请复核" });
        var byKey = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-a2", reason = "积分有误" });
        var retried = await SendAsync(HttpMethod.Post, Route("/appeals"), new { staffId = "stf-pa", reason = "积分有误" });

        const string Full = "第一轮 直接聘用的申诉已达500件上限，不再受理新的申诉。";
        Assert.Equal(HttpStatusCode.Accepted, inTime.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "reallocationId", Full), (signedIn.StatusCode, await FieldAsync(signedIn), await DetailAsync(signedIn)));
        Assert.Equal((HttpStatusCode.Conflict, "reallocationId"), (byKey.StatusCode, await FieldAsync(byKey)));
        Assert.StartsWith(Full + " ", await DetailAsync(byKey), StringComparison.Ordinal);
        // The same appeal posted again finds the one kept: 202, and nothing more is kept or raised.
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var kept = (await store.AppealsOfAsync(Id, CancellationToken.None)).Where(a => a.Round == Round.DirectAppointment).ToList();
        Assert.Equal(ReallocationProcessMax, kept.Count);
        Assert.DoesNotContain(kept, a => a.StaffId is "stf-a1" or "stf-a2");
        // Whatever the API raised came before this probe: once the probe is in the history, so is every appeal it raised.
        await ProbeAsync();
        Assert.Equal(["stf-pa 积分有误"], await AppealEventsAsync(1));
    }

    private const int ReallocationProcessMax = EduFlows.Processes.StaffReallocation.StaffReallocation.MaxAppealsPerRound;

    [Fact]
    public async Task Appeal_PostedByAnotherSitesForm_WithTheSessionOrTheLink_Is403NamingOrigin_AndRaisesNothing()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, Route(), new { ownerId = "stf-3", asOf = "2026-09-01" })).StatusCode);
        await WaitForPersonAsync("stf-a1");
        using var a1 = await StaffSessions.SignInAsync(_app, "stf-a1@qz.example.cn");
        await RunToTheFirstAppealWindowAsync();
        string mail = await ResultMailAsync("stf-pa@qz.example.cn");
        string link = mail.Split('\n').Single(l => l.StartsWith("提出申诉：", StringComparison.Ordinal))["提出申诉：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string reason, string header, string value)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { reason }) };
            post.Headers.Add(header, value);
            return await http.SendAsync(post);
        }

        // Another site's forms, riding on stf-a1's session cookie or carrying the principal's link.
        var bySession = await PostAsync(a1, Route("/appeals"), "代填的申诉", "Origin", "https://evil.example");
        var byLink = await PostAsync(_http, link, "代填的申诉", "Sec-Fetch-Site", "cross-site");
        // From the app's own page (its own origin) it is taken.
        var ownPage = await PostAsync(a1, Route("/appeals"), "积分计算有误，请复核", "Origin", a1.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var raised = await AppealEventsAsync(1);

        foreach (var refused in new[] { bySession, byLink })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "Origin", "请在本系统的页面上提交，其他网站的表单不能代您提交。", "无权办理"), (refused.StatusCode, await FieldAsync(refused), await DetailAsync(refused), await TitleAsync(refused)));
        }

        Assert.Equal(HttpStatusCode.Accepted, ownPage.StatusCode);
        Assert.Equal(["stf-a1 积分计算有误，请复核"], raised);
    }

    [Fact]
    public async Task Report_JsonAndXlsx_CountTheStoredDecisions_UnknownIs404()
    {
        const string Finished = "staff-reallocation-2031";
        await SeedFinishedAsync(Finished);

        var json = await SendAsync(HttpMethod.Get, $"/api/staff-reallocation/{Finished}/report");
        var xlsx = await SendAsync(HttpMethod.Get, $"/api/staff-reallocation/{Finished}/report?format=xlsx");
        var unknown = await SendAsync(HttpMethod.Get, "/api/staff-reallocation/staff-reallocation-2099/report");
        var noKey = await _http.GetAsync($"/api/staff-reallocation/{Finished}/report");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var report = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("county 4 2 1 50 1", Row(report["county"]!));
        Assert.Equal(["sch-a 3 1 1 33.33 1", "sch-b 1 1 0 100 0"], report["bySchool"]!.AsArray().Select(r => Row(r!)));
        Assert.Equal(
            ["DirectAppointment 4 0 3 0 0", "SupportTeaching 3 0 3 0 0", "InSchoolCompetition 3 0 3 0 0", "CrossSchoolCompetition 3 2 1 66.67 1"],
            report["byRound"]!.AsArray().Select(r => Row(r!)));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        await using var file = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = file.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => string.Join(" ", ReallocationReportFile.Header.Select(h => Convert.ToString(r[h], CultureInfo.InvariantCulture))).TrimEnd())
            .ToList();
        // Schools by the directory's name (sch-b is not in it), the id in its own column.
        Assert.Equal(
            [
                "全县 全县 4 2 1 50 1", "学校 东关小学 3 1 1 33.33 1 sch-a", "学校 sch-b 1 1 0 100 0 sch-b",
                "轮次 第一轮 直接聘用 4 0 3 0 0", "轮次 第二轮 支教交流 3 0 3 0 0", "轮次 第三轮 校内竞聘 3 0 3 0 0", "轮次 第四轮 跨校竞聘 3 2 1 66.67 1",
            ],
            rows);

        // Chinese only, as the office's other downloads: sheet names, headers and every cell, the schools' ids aside
        // (this test's sch-a and sch-b are not in the directory's id shape the Latin-word check knows).
        var schoolIds = report["bySchool"]!.AsArray().Select(r => (string)r!["key"]!).ToHashSet(StringComparer.Ordinal);
        file.Position = 0;
        Assert.Equal([ReallocationReportFile.ReportSheet, ReallocationReportFile.RoundsSheet], file.GetSheetNames());
        var words = new List<string>();
        foreach (string sheet in file.GetSheetNames())
        {
            file.Position = 0;
            words.AddRange(ChineseText.LatinWords(sheet));
            words.AddRange(file.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>()
                .SelectMany(r => r.Values).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).Where(v => !schoolIds.Contains(v)).SelectMany(v => ChineseText.LatinWords(v)));
        }

        Assert.Empty(words);
        Assert.Equal((HttpStatusCode.NotFound, "reallocationId"), (unknown.StatusCode, await FieldAsync(unknown)));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task ReportPage_NamesEachSchoolFromTheDirectory_WithItsIdAsTheReference()
    {
        const string Finished = "staff-reallocation-2031";
        await SeedFinishedAsync(Finished);
        using var request = FromBrowser(HttpMethod.Get, $"/api/staff-reallocation/{Finished}/report");
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);

        var answer = await _http.SendAsync(request);
        string html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode.OK, "text/html"), (answer.StatusCode, answer.Content.Headers.ContentType?.MediaType));
        Assert.Equal(
            [
                "第一轮 直接聘用|4|0|3|0%|0", "第二轮 支教交流|3|0|3|0%|0", "第三轮 校内竞聘|3|0|3|0%|0", "第四轮 跨校竞聘|3|2|1|66.67%|1", "落聘处理（教育局）|1|0|1|0%|0",
                "东关小学 <code>sch-a</code>|3|1|1|33.33%|1", "<code>sch-b</code>|1|1|0|100%|0",
            ],
            System.Text.RegularExpressions.Regex.Matches(html, "<tr[^>]*>((?:<td>.*?</td>)+)</tr>")
                .Select(row => string.Join('|', System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "<td>(.*?)</td>").Select(cell => cell.Groups[1].Value))));
        Assert.Contains($"编号 <code>{Finished}</code>", html, StringComparison.Ordinal);
        // Chinese but the ids the page marks as machine text.
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(System.Text.RegularExpressions.Regex.Replace(html, "<code>.*?</code>", " "))));
    }

    [Fact]
    public async Task WhatIf_BadDraftIs422NamingEachField_ASmallDraftGivesItsFigures_AndTheLiveRunIsUntouched()
    {
        const string Finished = "staff-reallocation-2031";
        await SeedFinishedAsync(Finished);
        var before = await (await SendAsync(HttpMethod.Get, $"/api/staff-reallocation/{Finished}/report")).Content.ReadAsStringAsync();
        var posts = new[]
        {
            new { id = "sch-a:junior:mathematics", schoolId = "sch-a", section = "junior", subject = "mathematics", count = 1, ruralOrWeak = false },
            new { id = "sch-b:junior:mathematics", schoolId = "sch-b", section = "junior", subject = "mathematics", count = 2, ruralOrWeak = true },
        };
        object Person(string id, string school, int rank) =>
            new { staffId = id, schoolId = school, section = "junior", subject = "mathematics", post = "teacher", age = 40, points = 100 - rank, pointsRank = rank };

        var empty = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/what-if", new { posts = Array.Empty<object>() });
        var bad = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/what-if", new
        {
            posts = new object[] { posts[0], new { id = "sch-b:junior:chinese", schoolId = "sch-b", section = "junior", subject = "mathematics", count = -1, ruralOrWeak = false } },
            participants = new[] { Person("stf-a1", "sch-a", 1), Person("stf-a1", "sch-a", 2) },
            principalConfirmations = new[] { "stf-zz" },
            rankedLists = new Dictionary<string, string[]> { ["stf-a1"] = ["sch-a:junior:mathematics", "sch-z:junior:mathematics", "sch-a:junior:mathematics"], ["stf-zz"] = [] },
        });
        var noKey = await _http.PostAsJsonAsync("/api/staff-reallocation/what-if", new { });
        var good = await SendAsync(HttpMethod.Post, "/api/staff-reallocation/what-if", new
        {
            posts,
            participants = new[] { Person("stf-a1", "sch-a", 1), Person("stf-a2", "sch-a", 2), Person("stf-b1", "sch-b", 3) },
            rankedLists = new Dictionary<string, string[]> { ["stf-a2"] = ["sch-b:junior:mathematics"] },
        });
        var after = await (await SendAsync(HttpMethod.Get, $"/api/staff-reallocation/{Finished}/report")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(["posts", "participants"], await FieldsAsync(empty));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(
            ["posts[1].id", "posts[1].count", "participants[1].staffId", "principalConfirmations[0]", "rankedLists.stf-a1[1]", "rankedLists.stf-a1[2]", "rankedLists.stf-zz"],
            await FieldsAsync(bad));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var result = (await good.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 0, 0), ((int)result["moves"]!, (int)result["unplacedCount"]!, (int)result["crossSection"]!));
        Assert.Equal("county 3 1 0 33.33 0", Row(result["report"]!["county"]!));
        Assert.Equal(1, (int)result["rural"]!["movedIn"]!);
        Assert.Equal(
            ["stf-a1 sch-a:junior:mathematics inSchoolByPoints", "stf-a2 sch-b:junior:mathematics deferredAcceptance", "stf-b1 sch-b:junior:mathematics inSchoolByPoints"],
            result["placements"]!.AsArray().Select(p => $"{p!["staffId"]} {p["postId"]} {p["rule"]}").Order(StringComparer.Ordinal));
        Assert.Equal(before, after);
    }

    private static string Route(string rest = "") => $"/api/staff-reallocation/{Id}{rest}";

    private static string Row(JsonNode row) =>
        string.Join(" ", new[] { "key", "participants", "moved", "unplaced", "movedPercent", "crossSection" }.Select(k => row[k]!.ToJsonString().Trim('"')));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", key);
        return await _http.SendAsync(request);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) => (string?)(await ProblemAsync(response))["detail"];

    private static async Task<string?> TitleAsync(HttpResponseMessage response) => (string?)(await ProblemAsync(response))["title"];

    private async Task<string> ResultMailAsync(string email)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!_app.Mailbox.All.Any(m => m.To.Contains(email) && m.Subject == $"【县管校聘】您的聘任结果（{Id}）"))
        {
            await Task.Delay(50, cts.Token);
        }

        return _app.Mailbox.All.First(m => m.To.Contains(email) && m.Subject == $"【县管校聘】您的聘任结果（{Id}）").Text!;
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await ProblemAsync(response))["field"];

    // Buffered, so a test may read the field and the detail of the same answer.
    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)!["errors"] is JsonArray errors ? [.. errors.Select(e => (string)e!["field"]!)] : [text];
    }

    // A finished reallocation written straight to the store: stf-pa kept by direct appointment, stf-a1 moved across
    // sections by deferred acceptance, stf-a3 unplaced, and stf-b1 of sch-b moved by a swap.
    private async Task SeedFinishedAsync(string reallocationId)
    {
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        Participant Who(string id, string school, int rank, string section = "primary") => new(id, school, section, "math", "teacher", 40, 100 - rank, rank);
        Placement At(Participant who, string school, string section, Round round, PlacementRule rule) =>
            new(who.StaffId, SchoolPost.IdFor(school, section, "math"), school, section, who.SchoolId, who.Section, round, rule, "seeded");
        var pa = Who("stf-pa", "sch-a", 1);
        var a1 = Who("stf-a1", "sch-a", 2);
        var a3 = Who("stf-a3", "sch-a", 3);
        var b1 = Who("stf-b1", "sch-b", 4);
        await store.Posts.PutAsync(new SchoolPostsRecord(reallocationId, "sch-a", [County.Post("sch-a", "primary", "math", 2)], "stf-pa", DateTimeOffset.UnixEpoch), CancellationToken.None);
        foreach (var person in new[]
        {
            new PersonRecord { ReallocationId = reallocationId, Participant = pa, Placement = At(pa, "sch-a", "primary", Round.DirectAppointment, PlacementRule.DirectLeadership) },
            new PersonRecord { ReallocationId = reallocationId, Participant = a1, Placement = At(a1, "sch-b", "junior", Round.CrossSchoolCompetition, PlacementRule.DeferredAcceptance) },
            new PersonRecord { ReallocationId = reallocationId, Participant = a3, Unplaced = new UnplacedCase("stf-a3", "sch-a", ["no seat"]) },
            new PersonRecord { ReallocationId = reallocationId, Participant = b1, Placement = At(b1, "sch-a", "primary", Round.CrossSchoolCompetition, PlacementRule.Swap) },
        })
        {
            await store.People.PutAsync(person, CancellationToken.None);
        }
    }

    private async Task WaitForPersonAsync(string staffId)
    {
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await store.People.GetAsync(PersonRecord.IdOf(Id, staffId), cts.Token) is null)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    // Answers as the principal and the bureau would: posts published and approved, the principal's own direct appointment confirmed.
    private async Task RunToTheFirstAppealWindowAsync()
    {
        await AnswerAsync($"reallocation-posts-{Id}-sch-a-1", "stf-pa", new() { ["primary-math"] = "3", ["primary-chinese"] = "1" });
        await AnswerAsync($"reallocation-posts-approval-{Id}-1", "stf-3", new() { ["decision"] = "approve" });
        await AnswerAsync($"reallocation-direct-confirm-{Id}-stf-pa", "stf-pa", new() { ["decision"] = "confirm" });
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await store.Reallocations.GetAsync(Id, cts.Token))?.Record.Stage != "appeal:DirectAppointment")
        {
            await Task.Delay(50, cts.Token);
        }
    }

    private async Task AnswerAsync(string taskId, string by, Dictionary<string, string?> values)
    {
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await desk.GetCurrentAsync(client, taskId, cts.Token) is null)
        {
            await Task.Delay(50, cts.Token);
        }

        var outcome = await desk.SubmitAsync(client, taskId, by, values, CancellationToken.None);
        Assert.Equal(SubmitResult.Accepted, outcome.Result);
    }

    // As the worker reads an event's payload: enums (the appeal's round) by name.
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    // The appeals the reallocation was sent, once at least `count` have come in (a refused post would be among them, sent earlier).
    // Raises an event nobody waits for and waits until the reallocation's history has it: events are taken in the order raised.
    private async Task ProbeAsync()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string probe = "TestProbe-" + Guid.NewGuid().ToString("N");
        await client.RaiseEventAsync(Id, probe);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await client.GetOrchestrationHistoryAsync(Id, cts.Token)).OfType<EventRaisedEvent>().Any(e => e.Name == probe))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    // Waits until the window has taken a person's appeal in by its event (numbered), so a post of it again raises nothing.
    private static async Task TakenInAsync(StaffReallocationStore store, string staffId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await store.AppealsOfAsync(Id, cts.Token)).Exists(a => a.StaffId == staffId && a.Intake == AppealIntake.TakenIn))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    private async Task<List<string>> AppealEventsAsync(int count)
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var events = (await client.GetOrchestrationHistoryAsync(Id, cts.Token)).OfType<EventRaisedEvent>().Where(e => e.Name == EduFlows.Processes.StaffReallocation.StaffReallocation.AppealEvent)
                .Select(e => JsonSerializer.Deserialize<ReallocationAppeal>(e.Input, EventJson)!).Select(a => $"{a.StaffId} {a.Reason}").ToList();
            if (events.Count >= count)
            {
                return events;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static HttpRequestMessage FromBrowser(HttpMethod method, string uri, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return request;
    }
}
