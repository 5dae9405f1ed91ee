using System.Net;
using EduFlows.Processes.Samples;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>The office's instance pages over HTTP on Azurite: list and filters, one instance with its history, and each action's confirmation and effect.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeInstancesApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    // As a browser asks: refusals come as the Chinese page (without text/html in Accept they are problem+json).
    private HttpClient _page = null!;
    private DurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        _page = _app.CreateOfficeClient();
        _page.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        _client = _app.Services.GetRequiredService<DurableTaskClient>();
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _page.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("get", "/api/office/instances")]
    [InlineData("get", "/api/office/instances/i-1")]
    [InlineData("get", "/api/office/instances/i-1/terminate")]
    [InlineData("post", "/api/office/instances/i-1/terminate")]
    public async Task InstancePages_WithoutTheMasterKey_AreRefused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await AssertProblemAsync(await _http.SendAsync(request), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task List_ShowsTheInstance_AndEachFilterNarrows_ABadDateIsAChinesePageNamingTheField()
    {
        string id = await StartNoticeAsync();
        string today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string tomorrow = DateTime.UtcNow.AddHours(8).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        string all = await _http.GetStringAsync($"/api/office/instances?code={Key}");
        string running = await _http.GetStringAsync($"/api/office/instances?code={Key}&status=running");
        string completed = await _http.GetStringAsync($"/api/office/instances?code={Key}&status=completed");
        string byName = await _http.GetStringAsync($"/api/office/instances?code={Key}&name=通知确认");
        string otherName = await _http.GetStringAsync($"/api/office/instances?code={Key}&name=Approval");
        string createdToday = await _http.GetStringAsync($"/api/office/instances?code={Key}&from={today}&to={today}");
        string createdLater = await _http.GetStringAsync($"/api/office/instances?code={Key}&from={tomorrow}");
        var bad = await _page.GetAsync($"/api/office/instances?code={Key}&from=2026-13-40");
        string badHtml = await bad.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"zh-CN\">", all, StringComparison.Ordinal);
        Assert.Contains($"data-instance=\"{id}\" data-status=\"running\"", all, StringComparison.Ordinal);
        Assert.Contains("运行中", all, StringComparison.Ordinal);
        Assert.Contains("示例：通知确认", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/instances/{id}?code={Key}\"", all, StringComparison.Ordinal);
        Assert.Contains(id, running, StringComparison.Ordinal);
        Assert.DoesNotContain(id, completed, StringComparison.Ordinal);
        Assert.Contains(id, byName, StringComparison.Ordinal);
        Assert.DoesNotContain(id, otherName, StringComparison.Ordinal);
        Assert.Contains(id, createdToday, StringComparison.Ordinal);
        Assert.DoesNotContain(id, createdLater, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-field=\"from\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("不是有效日期", badHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_ShowsStatusInputAndHistoryAsATimeline_WithTheActionsThatApply()
    {
        string id = await StartNoticeAsync();

        string html = await _http.GetStringAsync($"/api/office/instances/{id}?code={Key}");
        var missing = await _page.GetAsync($"/api/office/instances/no-such-instance?code={Key}");

        Assert.Contains("<td id=\"status\">运行中</td>", html, StringComparison.Ordinal);
        Assert.Contains("关于秋季运动会的通知", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"timeline\">", html, StringComparison.Ordinal);
        Assert.Contains("流程开始", html, StringComparison.Ordinal);
        Assert.Contains("调用活动", html, StringComparison.Ordinal);
        Assert.Contains("data-action=\"terminate\"", html, StringComparison.Ordinal);
        Assert.Contains("data-action=\"suspend\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-action=\"purge\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/runtime/webhooks/durabletask/instances/{id}?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("data-field=\"instanceId\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_ToACallerThatDoesNotReadHtml_AreProblemJsonNamingTheField()
    {
        var missing = await _http.GetAsync($"/api/office/instances/a%2Fb?code={Key}");
        var badDate = await _http.GetAsync($"/api/office/instances?code={Key}&from=2026-13-40");

        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "instanceId");
        await AssertProblemAsync(badDate, HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task Terminate_GetAsks_PostTerminates_ThenPurgeRemovesIt()
    {
        string id = await StartNoticeAsync();

        var ask = await _http.GetAsync($"/api/office/instances/{id}/terminate?code={Key}");
        string askHtml = await ask.Content.ReadAsStringAsync();
        var stillRunning = await _client.GetInstanceAsync(id);
        var purgeRunning = await _page.PostAsync($"/api/office/instances/{id}/purge?code={Key}", new FormUrlEncodedContent([]));
        var done = await _http.PostAsync($"/api/office/instances/{id}/terminate?code={Key}", new FormUrlEncodedContent([new("reason", "测试终止")]));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = await _client.WaitForInstanceCompletionAsync(id, cts.Token);
        var purge = await _http.PostAsync($"/api/office/instances/{id}/purge?code={Key}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("此操作不可撤销", askHtml, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"/api/office/instances/{id}/terminate?code={Key}\"", askHtml, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, stillRunning!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Conflict, purgeRunning.StatusCode);
        Assert.Contains("不能清除", await purgeRunning.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Null(await _client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task SuspendAndResume_ChangeTheInstancesStatus()
    {
        string id = await StartNoticeAsync();

        var suspend = await _http.PostAsync($"/api/office/instances/{id}/suspend?code={Key}", new FormUrlEncodedContent([]));
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        string page = await _http.GetStringAsync($"/api/office/instances/{id}?code={Key}");
        var resume = await _http.PostAsync($"/api/office/instances/{id}/resume?code={Key}", new FormUrlEncodedContent([]));
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.Contains("<td id=\"status\">已暂停</td>", page, StringComparison.Ordinal);
        Assert.Contains("data-action=\"resume\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_BadInput_IsAChinesePageNamingTheField_AndRaisesNothing()
    {
        string id = await StartNoticeAsync();

        var blank = await _page.PostAsync($"/api/office/instances/{id}/raise-event?code={Key}", new FormUrlEncodedContent([new("eventName", " ")]));
        var badJson = await _page.PostAsync($"/api/office/instances/{id}/raise-event?code={Key}", new FormUrlEncodedContent([new("eventName", "Poke"), new("payload", "{not json")]));
        string badJsonHtml = await badJson.Content.ReadAsStringAsync();
        var unknown = await _page.GetAsync($"/api/office/instances/{id}/explode?code={Key}");
        var history = await _client.GetOrchestrationHistoryAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("data-field=\"eventName\"", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("data-field=\"payload\"", badJsonHtml, StringComparison.Ordinal);
        Assert.Contains("不是有效的 JSON", badJsonHtml, StringComparison.Ordinal);
        Assert.Contains("{not json</textarea>", badJsonHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("data-field=\"action\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(history, e => e is global::DurableTask.Core.History.EventRaisedEvent);
    }

    [Fact]
    public async Task Restart_OfATerminatedInstance_WithANewId_StartsANewOne()
    {
        string id = await StartNoticeAsync();
        await _client.TerminateInstanceAsync(id);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _client.WaitForInstanceCompletionAsync(id, cts.Token);

        var badChoice = await _page.PostAsync($"/api/office/instances/{id}/restart?code={Key}", new FormUrlEncodedContent([new("newId", "maybe")]));
        var done = await _http.PostAsync($"/api/office/instances/{id}/restart?code={Key}", new FormUrlEncodedContent([new("newId", "是")]));
        string html = await done.Content.ReadAsStringAsync();
        string newId = System.Text.RegularExpressions.Regex.Match(html, "已重新启动，实例编号 ([0-9a-f]+)。").Groups[1].Value;

        Assert.Equal(HttpStatusCode.BadRequest, badChoice.StatusCode);
        Assert.Contains("data-field=\"newId\"", await badChoice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.NotEqual(string.Empty, newId);
        Assert.NotNull(await _client.GetInstanceAsync(newId));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await _client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task OperationsPages_InChinese_HoldNoLatinWordsButIds()
    {
        string id = await StartNoticeAsync();
        var pages = new List<(string, string)>();
        foreach (string path in new[]
        {
            "/api/office/tasks", "/api/office/mail", "/api/office/instances", $"/api/office/instances/{id}",
            $"/api/office/instances/{id}/raise-event", $"/api/office/instances/{id}/terminate",
        })
        {
            // Payloads, function and event names are shown as published, as code, for whoever needs them; the prose around them is Chinese.
            pages.Add((path, Code().Replace(await _http.GetStringAsync($"{path}?code={Key}"), " ")));
        }

        OfficeClients.AssertNoLatinWords(pages);
    }

    [Fact]
    public async Task Instance_AFailure_IsSaidInChinese_NamingWhatFailed_ItsRuntimeTextFoldedAsTechnicalDetails()
    {
        // The sample refuses an input naming nobody: the orchestration fails with the runtime's English account.
        string id = await _client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input(" ", "关于秋季运动会的通知", 72));
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Failed);

        string html = await _http.GetStringAsync($"/api/office/instances/{id}?code={Key}");
        string english = await _http.GetStringAsync($"/api/office/instances/{id}?code={Key}&lang=en");
        // What the office reads unfolded: the timeline without the technical folds (the input, output and status section holds data as published).
        string read = Technical().Replace(DataSection().Replace(html, " "), " ");

        Assert.Contains("<li class=\"bad\">", html, StringComparison.Ordinal);
        Assert.Contains("流程失败：<code>NoticeAcknowledgement</code>", html, StringComparison.Ordinal);
        Assert.Matches("<details class=\"technical\"><summary>技术详情</summary><pre><code>[^<]*ArgumentException[^<]*assigneeId and notice are required", html);
        Assert.DoesNotContain("ArgumentException", read, StringComparison.Ordinal);
        Assert.DoesNotContain("are required", read, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([($"/api/office/instances/{id}", Code().Replace(read, " "))]);
        Assert.Contains("Failed:<code>NoticeAcknowledgement</code>", english, StringComparison.Ordinal);
        Assert.Contains("<summary>Technical details</summary>", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_ShowsTheVersionTheInstanceWasStartedWith()
    {
        string id = await _client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72), new StartOrchestrationOptions { Version = "1.0" });
        await _app.WaitForOpenTaskAsync(id);

        string detail = await _http.GetStringAsync($"/api/office/instances/{id}?code={Key}");

        Assert.Contains("流程版本", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"version\">1.0<", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsEachInstancesVersion()
    {
        string versioned = await _client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72), new StartOrchestrationOptions { Version = "2.0" });
        // As an instance started before the app had versions: host.json's defaultVersion would otherwise give it one.
        string plain = await _client.ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72), new StartOrchestrationOptions { Version = string.Empty });
        await _app.WaitForOpenTaskAsync(versioned);
        await _app.WaitForOpenTaskAsync(plain);

        string list = await _http.GetStringAsync($"/api/office/instances?code={Key}");

        Assert.Contains("<th>流程版本</th>", list, StringComparison.Ordinal);
        Assert.Contains("class=\"version\">2.0</td>", Row(list, versioned), StringComparison.Ordinal);
        Assert.Contains("class=\"version\">—</td>", Row(list, plain), StringComparison.Ordinal);
    }

    private static string Row(string html, string id)
    {
        int start = html.IndexOf($"data-instance=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {id}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private async Task<string> StartNoticeAsync()
    {
        string id = await _client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        await _app.WaitForOpenTaskAsync(id);
        return id;
    }

    private async Task WaitForStatusAsync(string id, OrchestrationRuntimeStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _client.GetInstanceAsync(id, cancellation: cts.Token))?.RuntimeStatus != status)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("<code>.*?</code>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Code();

    [System.Text.RegularExpressions.GeneratedRegex("<details class=\"technical\">.*?</details>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Technical();

    [System.Text.RegularExpressions.GeneratedRegex("<section class=\"card\" id=\"data\">.*?</section>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DataSection();
}
