using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary><c>/api/deputy-renewals</c> through the whole app on Azurite: refusals that change nothing, start, objections out of the notice, the zh-CN report.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class DeputyRenewalApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await DeputyRenewalHarness.SeedSchoolAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Start_BadInput_Is4xxNamingTheFieldAndStartsNothing()
    {
        var badRound = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/20x6/schools/sch-qc", new { ownerId = "stf-3" });
        var noOwner = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2026/schools/sch-qc", new { ownerId = "stf-999" });
        var noSchool = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2026/schools/sch-none", new { ownerId = "stf-3" });
        var emptyBody = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2026/schools/sch-qc", new { });
        var functionKey = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2026/schools/sch-qc", new { ownerId = "stf-3" }, "task-function-key");

        await ProblemAssertions.AssertProblemAsync(badRound, HttpStatusCode.UnprocessableEntity, "roundId");
        await ProblemAssertions.AssertProblemAsync(noOwner, HttpStatusCode.UnprocessableEntity, "ownerId");
        await ProblemAssertions.AssertProblemAsync(noSchool, HttpStatusCode.NotFound, "schoolId");
        await ProblemAssertions.AssertProblemAsync(emptyBody, HttpStatusCode.UnprocessableEntity, "body");
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Null(await _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(RenewalRecord.InstanceIdOf("2026", "sch-qc")));
        Assert.Empty(await _app.Services.GetRequiredService<DeputyRenewalStore>().OfRoundAsync("2026", CancellationToken.None));
        var notStarted = await SendAsync(HttpMethod.Get, "/api/deputy-renewals/2026/schools/sch-qc");
        string notStartedBody = await notStarted.Content.ReadAsStringAsync();
        await ProblemAssertions.AssertProblemAsync(notStarted, HttpStatusCode.NotFound, "schoolId");
        Assert.StartsWith("2026 年度尚未为学校“sch-qc”启动续聘轮次。", (string?)System.Text.Json.Nodes.JsonNode.Parse(notStartedBody)!["detail"], StringComparison.Ordinal);

        // A school id that cannot be a key is refused in Chinese first, naming the field.
        var unkeyable = await SendAsync(HttpMethod.Get, $"/api/deputy-renewals/2026/schools/{new string('x', 129)}");
        string unkeyableBody = await unkeyable.Content.ReadAsStringAsync();
        await ProblemAssertions.AssertProblemAsync(unkeyable, HttpStatusCode.UnprocessableEntity, "schoolId");
        Assert.StartsWith("编号过长：最多 128 个字符", (string?)System.Text.Json.Nodes.JsonNode.Parse(unkeyableBody)!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ThenObjectBeforeTheNotice_IsRefusedAndTheReportPageIsChinese()
    {
        var started = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2027/schools/sch-qc", new { ownerId = "stf-3" });
        var again = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2027/schools/sch-qc", new { ownerId = "stf-3" });
        var proposal = await WaitForProposalAsync("deputy-renewal-proposal-2027-sch-qc-proposal");
        var early = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2027/schools/sch-qc/objections", new { againstStaffId = "stf-42", objector = "张老师", reason = "有异议。" }, "task-function-key");
        var noReason = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2027/schools/sch-qc/objections", new { againstStaffId = "stf-42", objector = "张老师" }, "task-function-key");
        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/deputy-renewals/2027/report");
        page.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        page.Headers.Add("Accept", "text/html");
        string html = await (await _http.SendAsync(page)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict, "schoolId");
        Assert.Equal("stf-10", proposal.AssigneeId);
        Assert.Equal(8, proposal.Fields!.Count);
        await ProblemAssertions.AssertProblemAsync(early, HttpStatusCode.Conflict, "againstStaffId");
        await ProblemAssertions.AssertProblemAsync(noReason, HttpStatusCode.Conflict, "againstStaffId");
        Assert.Contains("2027年副职续聘与提拔", html, StringComparison.Ordinal);
        Assert.Contains("王副校长", html, StringComparison.Ordinal);
        Assert.Contains("3个工作日公示", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountyStart_BadInputRefusedNamingTheField_ThenOneRoundPerSchoolWithAPrincipal_AgainStartsNothing()
    {
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-dy", "东营学校", "primary", "益都街道", false, "stf-50"), new School("sch-np", "无校长学校", "primary", "益都街道", false)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-50", "周校长", "zhou.principal@qz.example.cn") with { SchoolId = "sch-dy", Post = "principal" },
                TaskHarness.Staff("stf-51", "孙副校长", "sun.deputy@qz.example.cn") with { SchoolId = "sch-dy", Post = "vice-principal" },
                TaskHarness.Staff("stf-52", "吴副校长", "wu.deputy@qz.example.cn") with { SchoolId = "sch-np", Post = "vice-principal" },
            ],
            CancellationToken.None);
        var client = _app.Services.GetRequiredService<DurableTaskClient>();

        var badRound = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/20x8", new { ownerId = "stf-3" });
        var noOwner = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2028", new { ownerId = "stf-999" });
        var emptyBody = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2028", new { });
        var functionKey = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2028", new { ownerId = "stf-3" }, "task-function-key");
        await ProblemAssertions.AssertProblemAsync(badRound, HttpStatusCode.UnprocessableEntity, "roundId");
        await ProblemAssertions.AssertProblemAsync(noOwner, HttpStatusCode.UnprocessableEntity, "ownerId");
        await ProblemAssertions.AssertProblemAsync(emptyBody, HttpStatusCode.UnprocessableEntity, "body");
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Null(await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2028", "sch-qc")));
        Assert.Null(await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2028", "sch-dy")));

        var started = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2028", new { ownerId = "stf-3" });
        var again = await SendAsync(HttpMethod.Post, "/api/deputy-renewals/2028", new { ownerId = "stf-3" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var first = await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal((2, 3, 2, 0), (first.GetProperty("schools").GetInt32(), first.GetProperty("deputies").GetInt32(), first.GetProperty("started").GetInt32(), first.GetProperty("alreadyStarted").GetInt32()));
        Assert.Equal("sch-np", Assert.Single(first.GetProperty("withoutPrincipal").EnumerateArray()).GetString());
        Assert.Equal("已为2所学校启动2028年副职续聘提拔（共2所学校、3名副校长）；1所学校暂无校长，未启动。", first.GetProperty("messageZh").GetString());
        var second = await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal((0, 2), (second.GetProperty("started").GetInt32(), second.GetProperty("alreadyStarted").GetInt32()));
        Assert.NotNull(await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2028", "sch-qc")));
        Assert.NotNull(await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2028", "sch-dy")));
        Assert.Null(await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2028", "sch-np")));
    }

    [Fact]
    public async Task Report_AConfiguredPostForDeputiesNotRenewed_IsNamedInChinese()
    {
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(DeputyRenewalOptions.Default with { NotRenewedPost = "head-teacher" })));
        using var http = app.CreateClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/deputy-renewals/2029/report");
        page.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        page.Headers.Add("Accept", "text/html");

        string html = await (await http.SendAsync(page)).Content.ReadAsStringAsync();

        Assert.Contains("不再续聘的副校长转任班主任。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("head-teacher", html, StringComparison.Ordinal);
    }

    private async Task<StaffTask> WaitForProposalAsync(string taskId)
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).FirstOrDefault(t => t.Id == taskId);
            if (found is not null && (await _app.Services.GetRequiredService<DeputyRenewalStore>().OfRoundAsync("2027", CancellationToken.None)).Count == 1)
            {
                return found;
            }

            if (DateTime.UtcNow > until || await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2027", "sch-qc"), true) is { IsCompleted: true })
            {
                var meta = await client.GetInstanceAsync(RenewalRecord.InstanceIdOf("2027", "sch-qc"), true);
                var open = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).Select(t => t.Id);
                throw new InvalidOperationException($"{meta?.RuntimeStatus} {meta?.FailureDetails?.ErrorMessage} open: {string.Join(",", open)}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", key);
        return await _http.SendAsync(request);
    }
}
