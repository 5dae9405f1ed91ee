using System.Globalization;
using System.Net;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>
/// The reviews' office page starts a half-year review (<c>/api/office/researcher-reviews/start</c>) and a year's
/// frontline rotation (<c>…/frontline-rotation/start</c>) from forms, by the JSON routes' rules, without curl.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeResearcherReviewActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/researcher-reviews/start";
    private const string Rotation = "/api/office/researcher-reviews/frontline-rotation/start";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private int _lastYear;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-tr", "教研室", "o1", TeachingResearchOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                HalfYearReviewTests.Researcher("r1", "周敏", "zhou.min@qz.example.cn"),
                HalfYearReviewTests.Researcher("r2", "吴强", "wu.qiang@qz.example.cn"),
                new StaffMember { Id = "o1", Name = "赵主任", Gender = "male", Email = "zhao.office@qz.example.cn", DepartmentId = "dep-tr", Post = "bureau-cadre" },
            ],
            CancellationToken.None);
        _lastYear = _app.Services.GetRequiredService<BureauClock>().DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year - 1;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartReviewForm_BadInputShowsTheChineseReasonAtTheField_NonOfficeRefused_ThenStartsAndGoesToTheReview()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string id = $"researcher-review-{_lastYear}H2-junior";
        string year = _lastYear.ToString(CultureInfo.InvariantCulture);
        (string, string)[] good = [("section", "junior"), ("year", year), ("half", "2"), ("schemeVersion", ""), ("reviewerIds", ""), ("officeId", "")];
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/researcher-reviews");
        string form = await OfficeFormPosts.GetPageAsync(_http, Start);

        var badYear = await OfficeFormPosts.PostAsync(_http, Start, good.With("year", "1999"));
        string badYearHtml = await badYear.Content.ReadAsStringAsync();
        var notEnded = await OfficeFormPosts.PostAsync(_http, Start, good.With("year", (_lastYear + 2).ToString(CultureInfo.InvariantCulture)).With("half", "1"));
        string notEndedHtml = await notEnded.Content.ReadAsStringAsync();
        var unknownReviewer = await OfficeFormPosts.PostAsync(_http, Start, good.With("reviewerIds", "r1, nobody"));
        string unknownReviewerHtml = await unknownReviewer.Content.ReadAsStringAsync();
        var oneReviewer = await OfficeFormPosts.PostAsync(_http, Start, good.With("reviewerIds", "r1"));
        string oneReviewerHtml = await oneReviewer.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(id));

        // The reviewers' box left empty is the default panel (the section's researchers and the office head), not a list of none.
        var done = await OfficeFormPosts.PostAsync(_http, Start, good);
        string landed = await OfficeFormPosts.GetPageAsync(_http, $"/api/office/researcher-reviews/{id}");
        var again = await OfficeFormPosts.PostAsync(_http, Start, good);

        Assert.Contains("id=\"act-start-review\"", list, StringComparison.Ordinal);
        Assert.Contains("<select id=\"section\" name=\"section\">", form, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([(Start, form), (Rotation, await OfficeFormPosts.GetPageAsync(_http, Rotation))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">“年份（必填）”：请填写年份：2000 到 2100 之间。</span>", badYearHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notEnded.StatusCode);
        Assert.Contains($"id=\"error-half\" role=\"alert\">“半年”：{_lastYear + 2}年上半年尚未结束：半年结束后才能考核。</span>", notEndedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownReviewer.StatusCode);
        Assert.Contains("id=\"error-reviewerIds\" role=\"alert\">“评审人员编号”：名录中没有工号为“nobody”的人员。</span>", unknownReviewerHtml, StringComparison.Ordinal);
        Assert.Contains("r1, nobody</textarea>", unknownReviewerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oneReviewer.StatusCode);
        Assert.Contains("id=\"error-reviewerIds\" role=\"alert\">“评审人员编号”：至少须有两位评审，才能保证每位教研员都有人评分。</span>", oneReviewerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/researcher-reviews/{id}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(id));
        // Its page answers at once, whether or not the first step has recorded the review yet.
        Assert.Contains($"<h1>{_lastYear}年下半年初中教研员考核</h1>", landed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"id=\"error-half\" role=\"alert\">{_lastYear}年下半年初中教研员考核已经启动，不能重复启动。</span>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Once recorded, the review works from the default panel, and the list shows it.
        var review = await WaitForReviewAsync(id);
        Assert.Equal(["r1", "r2", "o1"], review.Reviewers.Select(r => r.Id));
        Assert.Contains($"data-review=\"{id}\"", await OfficeFormPosts.GetPageAsync(_http, "/api/office/researcher-reviews"), StringComparison.Ordinal);
        Assert.Contains("id=\"unanswered-count\"", await OfficeFormPosts.GetPageAsync(_http, $"/api/office/researcher-reviews/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRotationForm_BadInputShowsTheChineseReasonAtTheField_NonOfficeRefused_ThenStartsOnce()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        (string, string)[] good = [("year", "2031"), ("deciderId", "o1")];
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/researcher-reviews");

        var badYear = await OfficeFormPosts.PostAsync(_http, Rotation, good.With("year", "1999"));
        string badYearHtml = await badYear.Content.ReadAsStringAsync();
        var unknownDecider = await OfficeFormPosts.PostAsync(_http, Rotation, good.With("deciderId", "nobody"));
        string unknownDeciderHtml = await unknownDecider.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Rotation, good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Rotation, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync("frontline-rotation-2031"));

        var done = await OfficeFormPosts.PostAsync(_http, Rotation, good);
        string landed = await OfficeFormPosts.GetPageAsync(_http, "/api/office/instances/frontline-rotation-2031");
        var again = await OfficeFormPosts.PostAsync(_http, Rotation, good);

        Assert.Contains("id=\"act-start-rotation\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">请填写年份：2000 到 2100 之间。</span>", badYearHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownDecider.StatusCode);
        Assert.Contains("id=\"error-deciderId\" role=\"alert\">名录中没有工号为“nobody”的人员。</span>", unknownDeciderHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/instances/frontline-rotation-2031?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync("frontline-rotation-2031"));
        Assert.Contains("frontline-rotation-2031", landed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">2031年的一线轮岗已经启动，不能重复启动。</span>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReviewStartedButNotRecordedYet_HasItsPageSayingSo_AndNoReviewAtAllIsNotFound()
    {
        // Scheduled an hour on, the instance exists with its input but has not run its first step, which records the review.
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var request = new ReviewRequest("senior", _lastYear, 1);
        string id = request.Period.InstanceId("senior");
        await client.ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name, request, new StartOrchestrationOptions(id, _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1)));

        string page = await OfficeFormPosts.GetPageAsync(_http, $"/api/office/researcher-reviews/{id}");
        using var none = new HttpRequestMessage(HttpMethod.Get, $"/api/office/researcher-reviews/researcher-review-{_lastYear}H1-primary?code={TaskAppFactory.MasterKey}");
        var missing = await _http.SendAsync(none);

        Assert.Contains($"<h1>{_lastYear}年上半年高中教研员考核</h1>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"starting\">考核已启动，正在确定参评教研员和评审名单", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/instances/{id}?code=", page, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([(id, page)]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<ReviewRecord> WaitForReviewAsync(string id)
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await store.Reviews.GetAsync(id, cts.Token))?.Record is { } review)
            {
                return review;
            }

            await Task.Delay(100, cts.Token);
        }
    }
}
