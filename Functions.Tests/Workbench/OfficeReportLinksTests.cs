using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>The 查看 links of the office home open pages for a browser: the office's page of the process, or the office route of a report that answers a browser with a page.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeReportLinksTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;

    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(ResearcherReviewOrchestration.Name, "researcher-review-2026H1-primary")]
    [InlineData(DepartmentAssessmentYear.Name, DepartmentAssessmentYear.InstancePrefix + "2026")]
    [InlineData(ShadowTraining.Name, "shadow-training-2026-11")]
    [InlineData(ReservePoolReview.Name, ReservePoolReview.InstancePrefix + "2026")]
    [InlineData(StaffReallocation.Name, "staff-reallocation-2031")]
    [InlineData(TermElection.Name, "hta-election-term-2027")]
    [InlineData(CaseContestReview.Name, "hta-contest-2027")]
    [InlineData(Secondment.Name, "secondment-sec-1")]
    [InlineData(DeputyRenewal.Name, "deputy-renewal-2031-sch-001")]
    [InlineData(OpenSelectionOrchestration.Name, "open-selection-sel-2027")]
    public void Reports_AreAllOfficeRoutes(string orchestrator, string instanceId)
    {
        var reports = OfficeProcess.Of(orchestrator).Reports(instanceId);

        Assert.NotEmpty(reports);
        // A master-key route would be refused to an office sign-in by the Functions host, before the office guard runs.
        Assert.All(reports, r => Assert.True(OfficeRoutes.IsOffice(r.Path) && !r.Path.Contains("/schools/", StringComparison.Ordinal), r.Path));
        Assert.All(reports, r => Assert.Empty(ChineseText.LatinWords(r.Zh)));
    }

    [Fact]
    public async Task OfficeHome_EachProcessesReportLinks_AnswerABrowserWithAChinesePage()
    {
        await _app.SeedAssessmentAsync();
        await _app.SeedBatchAsync();

        // A reallocation with one person left unplaced: its report has a row per round and the school.
        await _app.Services.GetRequiredService<StaffReallocationStore>().People.PutAsync(
            new PersonRecord
            {
                ReallocationId = "staff-reallocation-2031", Participant = new("stf-a3", "sch-001", "primary", "math", "teacher", 40, 97, 3),
                Unplaced = new UnplacedCase("stf-a3", "sch-001", ["no seat"]),
            },
            CancellationToken.None);
        (string Orchestrator, string InstanceId)[] instances =
        [
            (DepartmentAssessmentYear.Name, DepartmentAssessmentYear.InstancePrefix + "2026"),
            (ShadowTraining.Name, "shadow-training-" + ProcessPagesSeed.BatchId),
            (ReservePoolReview.Name, ReservePoolReview.InstancePrefix + "2026"),
            (DeputyRenewal.Name, "deputy-renewal-2031-sch-001"),
            (StaffReallocation.Name, "staff-reallocation-2031"),
        ];
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var start = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(30);
        foreach (var (orchestrator, id) in instances)
        {
            // Pending a month ahead: listed on the home with its links, never run.
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, null, new StartOrchestrationOptions(id, start));
        }

        string home = await _http.GetStringAsync($"/api/office?code={Key}");
        var links = LinkCells().Matches(home).SelectMany(cell => Href().Matches(cell.Groups[1].Value).Select(h => WebUtility.HtmlDecode(h.Groups[1].Value)))
            .Where(href => href.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(instances.Sum(i => OfficeProcess.Of(i.Orchestrator).Reports(i.InstanceId).Count), links.Count);
        var found = new List<string>();
        foreach (string link in links)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            var answer = await _http.SendAsync(request);
            string html = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{link}: {(int)answer.StatusCode}");
            Assert.True(answer.Content.Headers.ContentType?.MediaType == "text/html", $"{link}: {answer.Content.Headers.ContentType}");
            found.AddRange(ChineseText.LatinWords(ChineseText.OfHtml(html)).Select(w => $"{link}: {w}"));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task TrainingYearReport_ExcelLink_KeepsTheOfficesKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/office/training/reports/2031?code={Key}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        string html = await (await _http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"href=\"/api/office/training/reports/2031/export/xlsx?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/training/reports/2031/export/xlsx?code={Key}")).StatusCode);
    }

    [GeneratedRegex("<td data-label=\"查看\" class=\"links\">(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex LinkCells();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
