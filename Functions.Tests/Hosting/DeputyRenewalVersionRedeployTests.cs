using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DeputyRenewal;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Hosting.RedeployedHost;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The deploy of deputy renewal's 3.0 (each objection looked into by a sub-orchestration) on the local host: a round
/// started while host.json's defaultVersion was 2.0, stopped with its notice open and an objection's task unanswered,
/// ends on its 2.0 path under the 3.0 host (its objections, also one raised after the deploy, looked into in the round
/// itself); a round started after the deploy takes 3.0. Dev clock, Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DeputyRenewalVersionRedeployTests(AzuriteFixture azurite)
{
    private const string MasterKey = RedeployedHost.MasterKey;
    private const string Api = "/runtime/webhooks/durabletask";
    private const string Upheld = "张老师 13800000000：其在职称评审中材料造假。 → 异议属实（经核查属实。）";
    private const string Dismissed = "李老师 13900000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）";

    [Fact]
    public async Task ARoundStartedOn20_EndsOnIts20PathAfter30IsDeployed_AndANewRoundTakes30()
    {
        string hub = AzuriteFixture.NewHubName();
        var old = Run("2026");
        await using (var v2 = CreateFactory(hub, "2.0"))
        {
            using var http = CreateClient(v2);
            await DeputyRenewalHarness.SeedSchoolAsync(v2.Services.GetRequiredService<DirectoryStore>());
            await v2.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
                [TaskHarness.Staff("stf-3", "赵主任", "zhao.office@qz.example.cn") with { SchoolId = null, Post = "bureau-cadre" }], CancellationToken.None);
            await StartOnNoticeAsync(v2, http, old);

            // An objection during the notice; the host stops with its task open.
            await ObjectAsync(http, old, "stf-42", "张老师 13800000000", "其在职称评审中材料造假。");
            await WaitForOpenTaskAsync(v2.Services, RenewalProcess.ObjectionTaskIdOf(old.RoundId, old.SchoolId, 1));
        }

        // The deploy: the same task hub, host.json's defaultVersion now 3.0.
        await using var v3 = CreateFactory(hub, "3.0");
        using var client = CreateClient(v3);
        var fresh = Run("2027");
        await StartOnNoticeAsync(v3, client, fresh);
        await ObjectAsync(client, fresh, "stf-43", "张老师 13800000000", "其在职称评审中材料造假。");
        await ObjectAsync(client, old, "stf-43", "李老师 13900000000", "听说其曾有违规补课。");
        await AnswerAsync(v3, RenewalProcess.ObjectionTaskIdOf(old.RoundId, old.SchoolId, 1), "uphold", "经核查属实。");
        await AnswerAsync(v3, RenewalProcess.ObjectionTaskIdOf(old.RoundId, old.SchoolId, 2), "dismiss", "经核查无此事。");
        await AnswerAsync(v3, RenewalProcess.ObjectionTaskIdOf(fresh.RoundId, fresh.SchoolId, 1), "uphold", "经核查属实。");

        // The office's instance list and each round's page show its version.
        string list = await InstanceListingAsync(client, old.InstanceId, fresh.InstanceId);
        Assert.Contains("class=\"version\">2.0</td>", Row(list, old.InstanceId), StringComparison.Ordinal);
        Assert.Contains("class=\"version\">3.0</td>", Row(list, fresh.InstanceId), StringComparison.Ordinal);
        Assert.Contains("<td id=\"version\">2.0</td>", await client.GetStringAsync($"/api/office/instances/{Uri.EscapeDataString(old.InstanceId)}"), StringComparison.Ordinal);
        Assert.Contains("<td id=\"version\">3.0</td>", await client.GetStringAsync($"/api/office/instances/{Uri.EscapeDataString(fresh.InstanceId)}"), StringComparison.Ordinal);

        // Both notices run out on the dev clock.
        await AdvanceDaysAsync(client, 10);
        var oldDone = await PollAsync(client, old.InstanceId, s => (string?)s["runtimeStatus"] is "Completed" or "Failed" or "Terminated");
        var freshDone = await PollAsync(client, fresh.InstanceId, s => (string?)s["runtimeStatus"] is "Completed" or "Failed" or "Terminated");

        Assert.Equal(("Completed", "2.0"), ((string?)oldDone["runtimeStatus"], (string?)oldDone["version"]));
        Assert.Equal(("Completed", "3.0"), ((string?)freshDone["runtimeStatus"], (string?)freshDone["version"]));

        // The old round: both objections' tasks in its own history, no review instance.
        var oldHistory = await HistoryAsync(client, old.InstanceId);
        Assert.DoesNotContain(oldHistory, e => (string?)e["EventType"] == "SubOrchestrationInstanceCreated" && (string?)e["Name"] == RenewalProcess.ObjectionReviewName);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Api}/instances/{Uri.EscapeDataString(RenewalProcess.ObjectionInstanceIdOf(old, 1))}")).StatusCode);
        var store = v3.Services.GetRequiredService<DeputyRenewalStore>();
        var oldRecord = (await store.GetAsync(old.RoundId, old.SchoolId, CancellationToken.None))!;
        Assert.Equal(("done", "unchanged", "promoted"), (oldRecord.Stage, oldRecord.Candidates[2].Result, oldRecord.Candidates[3].Result));
        Assert.Equal([Upheld], oldRecord.Candidates[2].Objections);
        Assert.Equal([Dismissed], oldRecord.Candidates[3].Objections);

        // The new round: its objection looked into by a review of its own, on the round's version.
        var freshHistory = await HistoryAsync(client, fresh.InstanceId);
        string review = RenewalProcess.ObjectionInstanceIdOf(fresh, 1);
        Assert.Equal([review], freshHistory.Where(e => (string?)e["EventType"] == "SubOrchestrationInstanceCreated" && (string?)e["Name"] == RenewalProcess.ObjectionReviewName).Select(e => (string?)e["InstanceId"]));
        var reviewDone = await PollAsync(client, review, s => (string?)s["runtimeStatus"] is "Completed" or "Failed" or "Terminated");
        Assert.Equal(("Completed", "3.0"), ((string?)reviewDone["runtimeStatus"], (string?)reviewDone["version"]));
        var freshRecord = (await store.GetAsync(fresh.RoundId, fresh.SchoolId, CancellationToken.None))!;
        Assert.Equal(("done", "promoted", "unchanged"), (freshRecord.Stage, freshRecord.Candidates[2].Result, freshRecord.Candidates[3].Result));
        Assert.Equal([Upheld], freshRecord.Candidates[3].Objections);
    }

    private static RenewalRun Run(string roundId) => new(roundId, "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);

    // Started as the rounds of either host would be without the API's pin: the host's defaultVersion decides.
    private static async Task StartOnNoticeAsync(WebApplicationFactory<Program> factory, HttpClient http, RenewalRun run)
    {
        await factory.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId));
        var proposal = await WaitForOpenTaskAsync(factory.Services, $"{DeputyRenewalTasks.Proposal.Name}-{run.RoundId}-{run.SchoolId}");
        await SubmitAsync(factory, proposal.Id, "stf-10", new()
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "promote", ["reason4"] = "后备干部，教学管理经验丰富。",
        });
        for (int i = 0; i < 4; i++)
        {
            var review = await WaitForOpenTaskAsync(factory.Services, $"{DeputyRenewalTasks.Review.Name}-{run.RoundId}-{run.SchoolId}-");
            await SubmitAsync(factory, review.Id, "stf-3", new() { ["decision"] = "approve" });
        }

        await PollAsync(http, run.InstanceId, s => (string?)s["customStatus"]?["stage"] == "notice");
    }

    private static async Task ObjectAsync(HttpClient http, RenewalRun run, string againstStaffId, string objector, string reason)
    {
        var raised = await http.PostAsJsonAsync($"/api/deputy-renewals/{run.RoundId}/schools/{run.SchoolId}/objections", new { againstStaffId, objector, reason });
        Assert.True(raised.StatusCode == HttpStatusCode.Accepted, await raised.Content.ReadAsStringAsync());
    }

    private static async Task AnswerAsync(WebApplicationFactory<Program> factory, string taskId, string finding, string note)
    {
        await WaitForOpenTaskAsync(factory.Services, taskId);
        await SubmitAsync(factory, taskId, "stf-3", new() { ["finding"] = finding, ["note"] = note });
    }

    // The office's instance list once it holds both rounds (a query of the instances table, written after each step's
    // commit, so a row can come a moment after the status), or as it is after 60 s, for the assertions to report.
    private static async Task<string> InstanceListingAsync(HttpClient http, params string[] ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            string page = await http.GetStringAsync($"/api/office/instances?name={RenewalProcess.Name}");
            if (ids.All(id => page.Contains($"data-instance=\"{id}\"", StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(200);
        }
    }

    private static string Row(string page, string id)
    {
        int start = page.IndexOf($"data-instance=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{id} is not on the page");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static async Task<List<JsonNode>> HistoryAsync(HttpClient http, string id)
    {
        var status = (await http.GetFromJsonAsync<JsonObject>($"{Api}/instances/{Uri.EscapeDataString(id)}?showHistory=true"))!;
        return [.. status["historyEvents"]!.AsArray().OfType<JsonNode>()];
    }

    private WebApplicationFactory<Program> CreateFactory(string hub, string defaultVersion) => RedeployedHost.Create(azurite.ConnectionString, hub, defaultVersion);
}
