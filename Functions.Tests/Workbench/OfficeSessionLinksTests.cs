using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Processes.Training;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// A signed-in office person (no master key) follows every link of the office's pages: in Azure the Functions host
/// checks keys before the office guard runs, so a link to a master-key route would answer 401 however the person
/// signed in. Every page reached is crawled three links deep from the office home, each process loaded with data, and
/// every zh-CN page reached is checked for Latin-script words but ids.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeSessionLinksTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string OfficeEmail = "zhao.office@qz.example.cn";
    private const int Depth = 3;
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryLinkOnAnOfficePage_OpensWithTheOfficeSignIn_AndReadsAsChinese()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        office.DefaultRequestHeaders.Accept.Clear();
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        // The home links this year's pages; the seeded years' pages are opened as well (the clock is left alone, so no timer fires).
        string[] starts = ["/api/office", "/api/office/department-assessment/2026", "/api/office/training?year=2031", "/api/office/deputy-renewals/2031"];
        var queue = new Queue<(string Path, string From, int Depth)>(starts.Select(s => (s, "start", 0)));
        var seen = new HashSet<string>(queue.Select(q => q.Path), StringComparer.Ordinal);
        var broken = new List<string>();
        var pages = new List<(string Path, string Html)>();
        int opened = 0;
        while (queue.TryDequeue(out var page))
        {
            using var answer = await office.GetAsync(page.Path);
            opened++;
            if (!answer.IsSuccessStatusCode && answer.StatusCode != HttpStatusCode.Redirect)
            {
                broken.Add($"{page.Path} (on {page.From}): {(int)answer.StatusCode} {((int)answer.StatusCode >= 500 ? await answer.Content.ReadAsStringAsync() : string.Empty)}");
                continue;
            }

            if (answer.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            string html = await answer.Content.ReadAsStringAsync();
            pages.Add((page.Path, html));
            if (page.Depth == Depth)
            {
                continue;
            }

            foreach (string link in InAppLinks(html).Where(seen.Add))
            {
                queue.Enqueue((link, page.Path, page.Depth + 1));
            }
        }

        // The crawl reached the process pages' reports, files and exports, and the link inside the training report.
        Assert.True(opened > 100, $"only {opened} pages opened");
        Assert.Contains("/api/office/head-teachers/elections/2026", seen);
        Assert.Contains("/api/office/reserve-pool/files/stf-31", seen);
        Assert.Contains("/api/office/secondments/sec-1/report", seen);
        Assert.Contains("/api/office/training/lectures/" + LectureId + "/qr", seen);
        Assert.Contains("/api/office/training/reports/2031/export/xlsx", seen);
        Assert.True(broken.Count == 0, string.Join("\n", broken));

        // Every page the office reads in Chinese (all but those asked for in English) holds no Latin words but ids.
        // Text the page marks as machine text (<code>, <pre>: ids, event names, an instance's JSON) is read as such.
        OfficeClients.AssertNoLatinWords(pages.Where(p => !p.Path.Contains("lang=en", StringComparison.Ordinal)).Select(p => (p.Path, MachineText().Replace(p.Html, " "))));
    }

    [Theory]
    [InlineData("office/head-teachers/overview", "head-teachers")]
    [InlineData("office/head-teachers/applications/stf-3-1", "head-teachers/applications/stf-3-1")]
    [InlineData("office/head-teachers/elections/2026", "head-teachers/elections/2026")]
    [InlineData("office/head-teachers/contests/2026", "head-teachers/contests/2026")]
    [InlineData("office/head-teachers/events/salon-2026-09", "head-teachers/events/salon-2026-09")]
    [InlineData("office/reserve-pool/files/stf-31", "reserve-pool/files/stf-31")]
    [InlineData("office/secondments/sec-1/report", "secondments/sec-1/report")]
    [InlineData("office/deputy-renewals/2031/report", "deputy-renewals/2031/report")]
    [InlineData("office/staff-reallocation/staff-reallocation-2031/report", "staff-reallocation/staff-reallocation-2031/report")]
    [InlineData("office/training/reports/2031", "training/reports/2031")]
    public async Task OfficeRoute_AnswersAsItsMasterKeyRoute_JsonWhenAskedAndAPageForABrowser(string office, string keyed)
    {
        using var person = await StaffSessions.SignInAsync(_app, OfficeEmail);
        using var script = _app.CreateOfficeClient();
        script.DefaultRequestHeaders.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);

        var json = await person.GetAsync("/api/" + office);
        var expected = await script.GetAsync("/api/" + keyed);
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/" + office);
        browser.Headers.Accept.ParseAdd("text/html");
        var page = await person.SendAsync(browser);

        Assert.Equal(HttpStatusCode.OK, expected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(await expected.Content.ReadAsStringAsync(), await json.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    // Links to this app (a path, not another site), without the fragment; forms are not links, so no post is made.
    private static IEnumerable<string> InAppLinks(string html) =>
        Href().Matches(html)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal))
            .Select(h => h.Split('#')[0])
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"<(code|pre)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex MachineText();

    private const string LectureId = "lecture-office-2031";

    private async Task SeedAsync()
    {
        var services = _app.Services;
        var directory = services.GetRequiredService<DirectoryStore>();
        await _app.SeedCountyAsync();
        await TrainingApiTests.SeedAsync(directory);

        // 赵主任 works in the bureau office.
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", "stf-h1", BureauOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [TaskHarness.Staff("stf-3", "赵主任", OfficeEmail) with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" }], CancellationToken.None);

        await _app.SeedReviewAsync();
        await _app.SeedAssessmentAsync();
        await _app.SeedBatchAsync();
        await OfficeTrainingPagesTests.SeedAsync(services.GetRequiredService<TrainingStore>());
        await OfficeHeadTeachersPageTests.SeedAsync(services.GetRequiredService<AssociationStore>());

        using (var http = _app.CreateOfficeClient())
        {
            foreach (var (staffId, pool) in new[] { ("stf-31", "principal"), ("stf-33", "researcher") })
            {
                using var enter = new HttpRequestMessage(HttpMethod.Post, "/api/reserve-pool/members")
                {
                    Content = JsonContent.Create(new { staffId, pool, source = "selection", sourceReference = "open-selection-2031" }),
                };
                enter.Headers.Add(FunctionKeys.HeaderName, TaskAppFactory.MasterKey);
                (await http.SendAsync(enter)).EnsureSuccessStatusCode();
            }
        }

        SecondmentUnit Unit(string id, string name) => new(id, name, true, "stf-3", "赵主任");
        var plan = new SecondmentPlan(
            "sec-1", SecondmentKinds.Secondment, "stf-1", "王芳", "teacher", Unit("sch-001", "东关小学"), Unit("sch-002", "弥河初级中学"), "副校长（挂职）", "vice-principal",
            new DateOnly(2030, 9, 1), 12, "stf-3", "赵主任", "stf-3", "Asia/Shanghai");
        await services.GetRequiredService<SecondmentStore>().Assignments.PutAsync(
            new SecondmentRecord(plan, new SecondmentState { Stage = SecondmentStages.Returned, Month = 13, TotalMonths = 12 }, DateTimeOffset.UtcNow), CancellationToken.None);

        await services.GetRequiredService<DeputyRenewalStore>().Rounds.PutAsync(
            new RenewalRecord("2031", "sch-001", "东关小学", "stf-2", "stf-3")
            {
                Stage = "notice",
                Candidates = [new RenewalCandidate("stf-31", "刘洋", "mid-level-leader") { Proposal = RenewalChoices.Promote, Reason = "教学管理成绩突出", Review = "approve" }],
            },
            CancellationToken.None);

        var reallocation = services.GetRequiredService<StaffReallocationStore>();
        await reallocation.Reallocations.TryAddAsync(new ReallocationRecord { Id = "staff-reallocation-2031", OwnerId = "stf-3", AsOf = new DateOnly(2031, 9, 1) }, CancellationToken.None);
        await reallocation.People.PutAsync(
            new PersonRecord
            {
                ReallocationId = "staff-reallocation-2031", Participant = new("stf-1", "sch-001", "primary", "math", "teacher", 40, 97, 3),
                Unplaced = new UnplacedCase("stf-1", "sch-001", ["no seat"]),
            },
            CancellationToken.None);

        // Pending a month ahead, never run: the office home lists each with its report links.
        var client = services.GetRequiredService<DurableTaskClient>();
        var start = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(30);
        foreach (var (orchestrator, id) in new[]
        {
            (TermElection.Name, "hta-election-2026"), (CaseContestReview.Name, "hta-contest-2026"), (EduFlows.Processes.Secondment.Secondment.Name, "secondment-sec-1"),
            (EduFlows.Processes.DeputyRenewal.DeputyRenewal.Name, "deputy-renewal-2031-sch-001"), (EduFlows.Processes.StaffReallocation.StaffReallocation.Name, "staff-reallocation-2031"),
        })
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, null, new StartOrchestrationOptions(id, start));
        }
    }

    [GeneratedRegex("<a\\b[^>]*\\bhref=\"([^\"]+)\"")]
    private static partial Regex Href();
}
