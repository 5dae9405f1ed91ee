using System.Net;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>The office's deputy renewal page (<c>/api/office/deputy-renewals/{roundId}</c>) on Azurite: a round's schools with proposals, the bureau's review, the notice state and results, linking the process's own routes.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeDeputyRenewalPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        var store = _app.Services.GetRequiredService<DeputyRenewalStore>();
        await store.Rounds.PutAsync(
            new RenewalRecord("2031", "sch-001", "东关小学", "stf-2", "stf-3")
            {
                Stage = "notice",
                NoticeFrom = new DateOnly(2031, 9, 29),
                NoticeUntil = new DateOnly(2031, 10, 10),
                Candidates =
                [
                    new RenewalCandidate("stf-31", "刘洋", "mid-level-leader") { Proposal = RenewalChoices.Promote, Reason = "教学管理成绩突出", Review = "approve" },
                    new RenewalCandidate("stf-32", "陈晨", "vice-principal") { Proposal = RenewalChoices.Renew, Review = "approve", Result = RenewalChoices.Renewed, Why = "学校建议续聘，教育局同意" },
                ],
            },
            CancellationToken.None);
        await store.Objections.PutAsync(new RenewalObjectionFinding("2031", "sch-001", 1, "stf-31") { Objector = "王老师 13800000000", Reason = "听说其曾有违规补课。" }, CancellationToken.None);
        await store.Rounds.PutAsync(new RenewalRecord("2031", "sch-002", "弥河初级中学", "stf-5", "stf-3"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task RoundPage_ShowsEachSchoolsProposalsReviewNoticeAndResults_InChinese()
    {
        var page = await _http.GetAsync($"/api/office/deputy-renewals/2031?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>2031年副职续聘与提拔</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"school-count\">2</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"notice-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"proposal-count\">1</span>", html, StringComparison.Ordinal);
        Assert.Contains("公示期：2031-09-29 至 2031-10-10（公示中）", html, StringComparison.Ordinal);
        Assert.Contains("提拔为副校长", html, StringComparison.Ordinal);
        Assert.Contains("教学管理成绩突出", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"教育局审核\">同意</td>", html, StringComparison.Ordinal);
        Assert.Contains("学校建议续聘，教育局同意", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"异议\">1条：王老师 13800000000：听说其曾有违规补课。 → 核查中<br>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>东关小学 <span", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/schools/sch-001?", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/deputy-renewals/2031/report?code={Key}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("promote", html.Replace("data-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        // The links go to routes that answer.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/deputy-renewals/2031/report?code={Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/deputy-renewals/2031/schools/sch-001?code={Key}")).StatusCode);

        string empty = await _http.GetStringAsync($"/api/office/deputy-renewals/2030?code={Key}");
        Assert.Contains("id=\"no-schools\"", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundPage_RefusesABadRoundAndAMissingKey()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/deputy-renewals/next?code={Key}"), HttpStatusCode.UnprocessableEntity, "roundId");
        await AssertProblemAsync(await _http.GetAsync("/api/office/deputy-renewals/2031"), HttpStatusCode.Unauthorized, "x-functions-key");
    }
}
