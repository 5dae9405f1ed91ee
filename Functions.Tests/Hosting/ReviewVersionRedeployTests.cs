using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.ResearcherReview;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Hosting.RedeployedHost;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// A "deploy" of the half-year review's version 2 (the office's scoring-closed notice) on the local host: a review
/// started on version 1 goes on after the restart on its version 1 path, new reviews take version 2. Dev clock, Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ReviewVersionRedeployTests(AzuriteFixture azurite)
{
    private const string MasterKey = RedeployedHost.MasterKey;
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task AReviewStartedOnV1_CompletesOnItsV1PathAfterV2IsDeployed_AndANewReviewTakesV2()
    {
        string hub = AzuriteFixture.NewHubName();
        string old;
        await using (var v1 = CreateFactory(hub, "1"))
        {
            using var http = CreateClient(v1);
            await SeedSectionAsync(v1.Services);
            old = await v1.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
                ResearcherReviewOrchestration.Name, new ReviewRequest("junior", 2026, 1), new StartOrchestrationOptions("researcher-review-2026H1-junior"));
            // Left waiting on the researchers' self-assessments when the host stops.
            await PollAsync(http, old, s => Stage(s) == "self-assessment-and-survey" && OpenTasks(s) == 2);
        }

        // The deploy: the same task hub, the changed orchestrator, host.json's defaultVersion now "2".
        await using var v2 = CreateFactory(hub, "2");
        using var client = CreateClient(v2);
        string fresh = await v2.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name, new ReviewRequest("junior", 2026, 2), new StartOrchestrationOptions("researcher-review-2026H2-junior"));
        await PollAsync(client, fresh, s => Stage(s) == "self-assessment-and-survey" && OpenTasks(s) == 2);

        // The office's home shows each running review's version.
        // The list is a query (the instances table), written after each step's commit: the v1 host may have been
        // stopped between its last commit and that write, so the row can come a moment after the status does.
        string home = await OfficeHomeListingAsync(client, old, fresh);
        Assert.Contains("<th>流程版本</th>", home, StringComparison.Ordinal);
        Assert.Contains("class=\"version\">1</td>", Row(home, old), StringComparison.Ordinal);
        Assert.Contains("class=\"version\">2</td>", Row(home, fresh), StringComparison.Ordinal);

        // Nobody answers: each stage's deadline passes on the dev clock, for both reviews at once.
        await AdvanceDaysAsync(client, 8);
        await PollAsync(client, old, s => Stage(s) == "scoring" && OpenTasks(s) == 4);
        await PollAsync(client, fresh, s => Stage(s) == "scoring" && OpenTasks(s) == 4);
        await AdvanceDaysAsync(client, 8);
        var oldDone = await PollAsync(client, old, s => (string?)s["runtimeStatus"] is "Completed" or "Failed" or "Terminated");
        var freshDone = await PollAsync(client, fresh, s => (string?)s["runtimeStatus"] is "Completed" or "Failed" or "Terminated");

        Assert.Equal(("Completed", "1"), ((string?)oldDone["runtimeStatus"], (string?)oldDone["version"]));
        Assert.Equal(("Completed", "2"), ((string?)freshDone["runtimeStatus"], (string?)freshDone["version"]));
        var oldSteps = await ActivitiesAsync(client, old);
        var freshSteps = await ActivitiesAsync(client, fresh);
        Assert.DoesNotContain(ResearcherReviewActivities.NotifyScoringClosed, oldSteps);
        Assert.Equal([ResearcherReviewActivities.Snapshot, ResearcherReviewActivities.Publish], oldSteps.Where(n => n.StartsWith("ResearcherReview", StringComparison.Ordinal)));
        Assert.Equal(
            [ResearcherReviewActivities.Snapshot, ResearcherReviewActivities.NotifyScoringClosed, ResearcherReviewActivities.Publish],
            freshSteps.Where(n => n.StartsWith("ResearcherReview", StringComparison.Ordinal)));

        // The office's notice for the new review: four scorings asked for, none came in, each reviewer's missing ones.
        var outbox = v2.Services.GetRequiredService<MailOutbox>();
        Assert.Null(await outbox.GetAsync($"{old}.scoring-closed", CancellationToken.None));
        var notice = (await outbox.GetAsync($"{fresh}.scoring-closed", CancellationToken.None))!.Record;
        Assert.Equal("zhao.office@qz.example.cn", notice.To);
        Assert.StartsWith("【评分截止】2026年下半年", notice.Subject, StringComparison.Ordinal);
        string text = notice.Text;
        Assert.Equal(MailStatus.Sent, notice.Status);
        Assert.Contains("评审评分已截止：应交 4 份，已交 0 份，4 份逾期未交，未交的评分不计入。", text, StringComparison.Ordinal);
        Assert.Contains("评审赵主任未评：周敏、吴强", text, StringComparison.Ordinal);
    }

    // The office's home once it lists both instances (or as it is after 60 s, for the assertions to report).
    private static async Task<string> OfficeHomeListingAsync(HttpClient http, params string[] ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            string home = await EduFlows.Tests.Workbench.OfficeHomeHtml.GetAsync(http);
            if (ids.All(id => home.Contains($"data-instance=\"{id}\"", StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                return home;
            }

            await Task.Delay(200);
        }
    }

    // The page's table row of one instance.
    private static string Row(string page, string id)
    {
        int start = page.IndexOf($"data-instance=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{id} is not on the page");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string? Stage(JsonObject status) => (string?)status["customStatus"]?["stage"];

    private static int OpenTasks(JsonObject status) => (int?)status["customStatus"]?["openTasks"] ?? -1;

    private static async Task SeedSectionAsync(IServiceProvider services)
    {
        var directory = services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-tr", "教研室", "o1", TeachingResearchOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                HalfYearReviewTests.Researcher("r1", "周敏", "zhou.min@qz.example.cn"),
                HalfYearReviewTests.Researcher("r2", "吴强", "wu.qiang@qz.example.cn"),
                new StaffMember { Id = "o1", Name = "赵主任", Gender = "male", Email = "zhao.office@qz.example.cn", DepartmentId = "dep-tr", Post = "bureau-cadre" },
            ],
            CancellationToken.None);
        await services.GetRequiredService<ResearcherReviewStore>().SaveSchemeAsync(HalfYearReviewTests.SmallScheme, "o1", DateTimeOffset.UtcNow, CancellationToken.None);
    }

    // The names of the activities the instance scheduled, in history order.
    private static async Task<List<string>> ActivitiesAsync(HttpClient http, string id)
    {
        var status = (await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{id}?showHistory=true"))!;
        return [.. status["historyEvents"]!.AsArray().Where(e => (string?)e!["EventType"] == "TaskScheduled").Select(e => (string)e!["Name"]!)];
    }

    private WebApplicationFactory<Program> CreateFactory(string hub, string defaultVersion) => RedeployedHost.Create(azurite.ConnectionString, hub, defaultVersion);
}
