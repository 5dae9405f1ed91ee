using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary><c>/api/head-teachers</c> through the whole app on Azurite: 422s that change nothing, and a ballot from its mail link on a phone (a refused one shown again as ticked).</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class HeadTeachersAssociationApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        var store = _app.Services.GetRequiredService<AssociationStore>();
        foreach (var (id, name, school) in AssociationHarness.HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn"), CancellationToken.None);
            await store.Members.PutAsync(new AssociationMember(id, name, school, DateTimeOffset.UtcNow, "seed-" + id), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task BadInput_Is422NamingTheField_AndNothingIsCreated()
    {
        var now = DateTimeOffset.UtcNow;
        var noKey = await _http.PostAsJsonAsync("/api/head-teachers/applications", new { staffId = "stf-701", statement = "x" });
        var noStaff = await SendAsync(HttpMethod.Post, "/api/head-teachers/applications", new { statement = "担任班主任五年。" });
        var seats = await SendAsync(HttpMethod.Put, "/api/head-teachers/elections/e2026", new { title = "选举", seats = 0, nominationsClose = now.AddHours(1), ballotCloses = now.AddHours(2) });
        var badId = await SendAsync(HttpMethod.Put, "/api/head-teachers/elections/e_2026", new { title = "选举", seats = 3, nominationsClose = now.AddHours(1), ballotCloses = now.AddHours(2) });
        var reviewer = await SendAsync(HttpMethod.Put, "/api/head-teachers/contests/2026", new { title = "案例评比", submissionsClose = now.AddDays(1), reviewDue = now.AddDays(2), reviewerIds = new[] { "stf-701", "nobody" } });
        var year = await SendAsync(HttpMethod.Put, "/api/head-teachers/contests/twenty", new { title = "案例评比" });
        var kind = await SendAsync(HttpMethod.Put, "/api/head-teachers/events/salon-1", new { title = "读书沙龙", kind = "party", startsAt = now, place = "图书馆", capacity = 30 });
        var awards = await SendAsync(HttpMethod.Put, "/api/head-teachers/contests/2027", new { title = "案例评比", submissionsClose = now.AddDays(1), reviewDue = now.AddDays(2), reviewerIds = new[] { "stf-701" }, awards = new { first = 60, second = 2, third = 3 } });
        var election = await SendAsync(HttpMethod.Get, "/api/head-teachers/elections/e2026");
        var contest = await SendAsync(HttpMethod.Get, "/api/head-teachers/contests/2026");
        var salon = await SendAsync(HttpMethod.Get, "/api/head-teachers/events/salon-1");
        var overview = (await (await SendAsync(HttpMethod.Get, "/api/head-teachers")).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await ProblemAssertions.AssertProblemAsync(noStaff, HttpStatusCode.UnprocessableEntity, "staffId");
        await ProblemAssertions.AssertProblemAsync(seats, HttpStatusCode.UnprocessableEntity, "seats");
        await ProblemAssertions.AssertProblemAsync(badId, HttpStatusCode.UnprocessableEntity, "electionId");
        await ProblemAssertions.AssertProblemAsync(reviewer, HttpStatusCode.UnprocessableEntity, "reviewerIds[1]");
        await ProblemAssertions.AssertProblemAsync(year, HttpStatusCode.UnprocessableEntity, "year");
        await ProblemAssertions.AssertProblemAsync(kind, HttpStatusCode.UnprocessableEntity, "kind");
        await ProblemAssertions.AssertProblemAsync(awards, HttpStatusCode.UnprocessableEntity, "awards.first");
        Assert.Contains("一等奖名额须在 0 至 50 之间（现为 60）", await awards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(election, HttpStatusCode.NotFound, "electionId");
        await ProblemAssertions.AssertProblemAsync(contest, HttpStatusCode.NotFound, "year");
        await ProblemAssertions.AssertProblemAsync(salon, HttpStatusCode.NotFound, "eventId");
        Assert.Empty(overview["pending"]!.AsArray());
        Assert.Empty(overview["elections"]!.AsArray());
    }

    [Fact]
    public async Task Ballot_FromTheMailLink_IsAChinesePage_ARefusedOneComesBackTicked_VotedOnce_AndAForgedLinkIsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        var defined = await SendAsync(HttpMethod.Put, "/api/head-teachers/elections/web", new { title = "第三届理事会选举", seats = 1, nominationsClose = now.AddSeconds(3), ballotCloses = now.AddHours(1) });
        await SendAsync(HttpMethod.Post, "/api/head-teachers/elections/web/nominations", new { nomineeId = "stf-701", nominatedBy = "stf-702" });
        await SendAsync(HttpMethod.Post, "/api/head-teachers/elections/web/nominations", new { nomineeId = "stf-702", nominatedBy = "stf-701" });
        string link = await BallotLinkAsync("马丽娟");
        string other = await BallotLinkAsync("杜文斌");

        var page = await GetPageAsync(link);
        var forged = await SendAsync(HttpMethod.Get, "/api/head-teachers/elections/web/ballot?token=e30.AAAA", key: null);
        var forgedPage = await GetPageAsync("/api/head-teachers/elections/web/ballot?token=e30.AAAA");
        using var tooManyForm = new FormUrlEncodedContent([new("choices", "stf-701"), new("choices", "stf-702")]);
        using var tooManyPost = new HttpRequestMessage(HttpMethod.Post, link) { Content = tooManyForm };
        tooManyPost.Headers.Accept.ParseAdd("text/html");
        var tooMany = await _http.SendAsync(tooManyPost);
        string tooManyHtml = await tooMany.Content.ReadAsStringAsync();
        var tooManyJson = await SendAsync(HttpMethod.Post, link, new { choices = new[] { "stf-701", "stf-702" } }, key: null);
        using var form = new FormUrlEncodedContent([new("choices", "stf-701")]);
        using var post = new HttpRequestMessage(HttpMethod.Post, link) { Content = form };
        post.Headers.Accept.ParseAdd("text/html");
        var voted = await _http.SendAsync(post);
        var again = await SendAsync(HttpMethod.Post, link, new { choices = new[] { "stf-702" } }, key: null);
        var notCandidate = await SendAsync(HttpMethod.Post, other, new { choices = new[] { "stf-705" } }, key: null);
        var forgedVote = await SendAsync(HttpMethod.Post, "/api/head-teachers/elections/web/ballot?token=e30.AAAA", new { choices = new[] { "stf-701" } }, key: null);
        // A forged link with a broken body is refused for the link: who may vote is checked before the body is read.
        var forgedBroken = await _http.PostAsync("/api/head-teachers/elections/web/ballot?token=e30.AAAA", new StringContent("{\"choices\":", System.Text.Encoding.UTF8, "application/json"));
        var status = (await (await SendAsync(HttpMethod.Get, "/api/head-teachers/elections/web")).Content.ReadFromJsonAsync<JsonObject>())!;
        var officePages = new List<string>();
        foreach (string path in new[] { "/api/head-teachers", "/api/head-teachers/elections/web" })
        {
            using var pageRequest = new HttpRequestMessage(HttpMethod.Get, path);
            pageRequest.Headers.Accept.ParseAdd("text/html");
            pageRequest.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
            officePages.Add(await (await _http.SendAsync(pageRequest)).Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("无记名投票", html, StringComparison.Ordinal);
        Assert.Contains("陈晓梅（东关小学）", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "token");
        Assert.Equal(HttpStatusCode.Unauthorized, forgedPage.StatusCode);
        Assert.Contains("选票链接无效", await forgedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.StartsWith("text/html", tooMany.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.DoesNotContain("无法打开", tooManyHtml, StringComparison.Ordinal);
        Assert.Contains("选票未投出：请按下方提示修改后再投票。", tooManyHtml, StringComparison.Ordinal);
        Assert.Matches("value=\"stf-701\" checked[^>]*> 陈晓梅（东关小学）</label>\\s*<label class=\"choice\"><input type=\"checkbox\" name=\"choices\" value=\"stf-702\" checked[^>]*> 刘建国（弥河初级中学）</label>\\s*<div class=\"error\" id=\"error-choices\">最多选择 1 人。</div>", tooManyHtml);
        Assert.Contains($"action=\"{System.Net.WebUtility.HtmlEncode(link)}\"", tooManyHtml, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(tooManyJson, HttpStatusCode.UnprocessableEntity, "choices");
        Assert.Equal(HttpStatusCode.OK, voted.StatusCode);
        Assert.Contains("投票成功", await voted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict, "token");
        await ProblemAssertions.AssertProblemAsync(notCandidate, HttpStatusCode.UnprocessableEntity, "choices[0]");
        await ProblemAssertions.AssertProblemAsync(forgedVote, HttpStatusCode.Unauthorized, "token");
        await ProblemAssertions.AssertProblemAsync(forgedBroken, HttpStatusCode.Unauthorized, "token");
        Assert.Equal(1, (int)status["voted"]!);
        Assert.Contains("第三届理事会选举（投票中）", officePages[0], StringComparison.Ordinal);
        Assert.Contains("已投票", officePages[1], StringComparison.Ordinal);
        foreach (string shown in new[] { html, tooManyHtml, await forgedPage.Content.ReadAsStringAsync(), officePages[0], officePages[1] })
        {
            Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(shown)));
        }
    }

    private async Task<string> BallotLinkAsync(string name)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var mail = _app.Mailbox.All.FirstOrDefault(m => m.Text?.Contains($"{name}老师", StringComparison.Ordinal) == true && m.Text.Contains("打开选票：", StringComparison.Ordinal));
            if (mail is not null)
            {
                return mail.Text!.Split('\n').Single(l => l.StartsWith("打开选票：", StringComparison.Ordinal))["打开选票：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private async Task<HttpResponseMessage> GetPageAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await _http.SendAsync(request);
    }
}
