using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's task page after real escalations (notices run by the app, the dev clock moved past their due times):
/// the escalations stay listed once answered or expired, with the late assignee, the supervisor and the outcome; and with
/// more escalations in the period than it lists, its filters apply to all of them before the newest 50 are kept.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeEscalationsPageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const int EscalationsInPeriod = 60;
    private static readonly Dictionary<string, string?> Acknowledged = new() { ["acknowledged"] = "true", ["comment"] = "已代为确认。" };
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // Each request in the test's execution context, so the storage requests it makes can be counted apart from the
        // orchestration worker's background work.
        _app = new TaskAppFactory(azurite) { RequestsInCallersContext = true };
        _http = _app.CreateOfficeClient();
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Tasks_AfterTheEscalatedTasksEnded_ListBothEscalations_WithLateAssigneeSupervisorAndOutcome_InHtmlAndJson()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var desk = _app.Services.GetRequiredService<TaskDesk>();
        var clock = _app.Services.GetRequiredService<DevClock>();
        var bureau = _app.Services.GetRequiredService<BureauClock>();
        string answered = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于校园安全排查的通知", 72, EscalateTo: "stf-3"));
        string ignored = await client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-2", "关于期末考试安排的通知", 72, EscalateTo: "stf-3"));
        await _app.WaitForOpenTaskAsync(answered);
        await _app.WaitForOpenTaskAsync(ignored);
        var lateWang = (await store.AllOpenAsync(CancellationToken.None)).Single(t => t.InstanceId == answered);

        // Past both due times: each task expires and goes to 赵主任, who answers one and lets the other expire too.
        clock.AdvanceBy(TimeSpan.FromHours(73));
        var wangEscalated = await WaitForTaskAsync(store, lateWang.Id + "-esc", StaffTaskStatus.Open);
        var liEscalated = await WaitForOpenEscalationAsync(store, ignored);
        Assert.Equal(SubmitResult.Accepted, (await desk.SubmitAsync(client, wangEscalated.Id, "stf-3", Acknowledged, CancellationToken.None)).Result);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await WaitForEndAsync(client, answered)).RuntimeStatus);
        clock.AdvanceBy(TimeSpan.FromHours(73));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await WaitForEndAsync(client, ignored)).RuntimeStatus);
        wangEscalated = await WaitForTaskAsync(store, wangEscalated.Id, StaffTaskStatus.Submitted);
        liEscalated = await WaitForTaskAsync(store, liEscalated.Id, StaffTaskStatus.Expired);
        var lateLi = (await store.GetAsync(liEscalated.EscalatedFrom!, CancellationToken.None))!.Record;

        string html = await _http.GetStringAsync($"/api/office/tasks?code={Key}");
        string onlyLi = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=stf-2");
        using var json = await GetJsonAsync($"/api/office/tasks?code={Key}");

        // Nothing is open any more, yet both escalations are on the page.
        Assert.Contains("<span class=\"count\" id=\"open-count\">0</span>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>已升级的任务 <span class=\"count\" id=\"escalations-shown\">2</span></h2>", html, StringComparison.Ordinal);
        Assert.Contains("最新的在前：共 2 项。", html, StringComparison.Ordinal);
        string wangRow = Row(html, wangEscalated.Id);
        Assert.Contains("<td data-label=\"原办理人\">王芳 <code>stf-1</code>", wangRow, StringComparison.Ordinal);
        Assert.Contains($"原截止 {bureau.Format(lateWang.DueAt)}", wangRow, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"上级办理人\">赵主任 <code>stf-3</code>", wangRow, StringComparison.Ordinal);
        Assert.Contains($"<td data-label=\"升级时间（北京时间）\">{bureau.Format(wangEscalated.CreatedAt)}</td>", wangRow, StringComparison.Ordinal);
        Assert.Contains($"<td data-label=\"状态\">已提交<br><span class=\"muted\">{bureau.Format(wangEscalated.SubmittedAt!.Value)}</span></td>", wangRow, StringComparison.Ordinal);
        Assert.Contains("示例：通知确认", wangRow, StringComparison.Ordinal);
        string liRow = Row(html, liEscalated.Id);
        Assert.Contains("<td data-label=\"原办理人\">李校长 <code>stf-2</code>", liRow, StringComparison.Ordinal);
        Assert.Contains($"<td data-label=\"状态\">已逾期关闭<br><span class=\"muted\">{bureau.Format(liEscalated.ClosedAt!.Value)}</span></td>", liRow, StringComparison.Ordinal);
        Assert.Equal([liEscalated.Id], EscalationRows(onlyLi));

        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("openTasks").GetInt32());
        Assert.Equal(2, root.GetProperty("escalationsInPeriod").GetInt32());
        var rows = root.GetProperty("escalations").EnumerateArray().ToDictionary(r => r.GetProperty("taskId").GetString()!);
        Assert.Equal(2, rows.Count);
        var wang = rows[wangEscalated.Id];
        Assert.Equal(
            (lateWang.Id, "stf-1", "王芳", "stf-3", "赵主任", "已提交", bureau.Format(wangEscalated.CreatedAt), bureau.Format(wangEscalated.SubmittedAt.Value)),
            (wang.GetProperty("lateTaskId").GetString(), wang.GetProperty("lateAssigneeId").GetString(), wang.GetProperty("lateAssigneeName").GetString(),
                wang.GetProperty("supervisorId").GetString(), wang.GetProperty("supervisorName").GetString(), wang.GetProperty("status").GetString(),
                wang.GetProperty("escalatedAt").GetString(), wang.GetProperty("ended").GetString()));
        var li = rows[liEscalated.Id];
        Assert.Equal(
            (lateLi.Id, "李校长", "已逾期关闭", bureau.Format(lateLi.DueAt)),
            (li.GetProperty("lateTaskId").GetString(), li.GetProperty("lateAssigneeName").GetString(), li.GetProperty("status").GetString(), li.GetProperty("lateDue").GetString()));
    }

    [Fact]
    public async Task Tasks_FilteredByPerson_ListTheirEscalationOlderThanTheNewest50_AndCountThoseMatching_InHtmlAndJson()
    {
        // 60 escalations to 赵主任 in the last 60 hours, one an hour: 王芳's late tasks, but the oldest, 李校长's.
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        await SeedEscalationsAsync(_ => instance);

        string all = await _http.GetStringAsync($"/api/office/tasks?code={Key}");
        string onlyLi = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=stf-2");
        string onlyWang = await _http.GetStringAsync($"/api/office/tasks?code={Key}&person=王芳");
        using var allJson = await GetJsonAsync($"/api/office/tasks?code={Key}");
        using var liJson = await GetJsonAsync($"/api/office/tasks?code={Key}&person=stf-2");

        Assert.Equal([.. Enumerable.Range(0, 50).Select(n => $"late-{n:00}-esc")], EscalationRows(all));
        Assert.Contains("最新的在前：共 60 项，只列出最新的 50 项。", all, StringComparison.Ordinal);
        Assert.Equal(["late-59-esc"], EscalationRows(onlyLi));
        Assert.Contains("<span class=\"count\" id=\"escalations-shown\">1</span>", onlyLi, StringComparison.Ordinal);
        Assert.Contains("最新的在前：共 60 项，其中符合筛选条件的 1 项。", onlyLi, StringComparison.Ordinal);
        Assert.DoesNotContain("没有符合条件的已升级任务", onlyLi, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Range(0, 50).Select(n => $"late-{n:00}-esc")], EscalationRows(onlyWang));
        Assert.Contains("最新的在前：共 60 项，其中符合筛选条件的 59 项，只列出最新的 50 项。", onlyWang, StringComparison.Ordinal);

        var everyone = allJson.RootElement;
        Assert.Equal((60, 60, 50), (everyone.GetProperty("escalationsInPeriod").GetInt32(), everyone.GetProperty("escalationsInPeriodUnfiltered").GetInt32(), everyone.GetProperty("escalations").GetArrayLength()));
        var li = liJson.RootElement;
        Assert.Equal((1, 60), (li.GetProperty("escalationsInPeriod").GetInt32(), li.GetProperty("escalationsInPeriodUnfiltered").GetInt32()));
        var row = Assert.Single(li.GetProperty("escalations").EnumerateArray());
        Assert.Equal(("late-59-esc", "late-59", "stf-2", "李校长", "stf-3"), (row.GetProperty("taskId").GetString(), row.GetProperty("lateTaskId").GetString(), row.GetProperty("lateAssigneeId").GetString(), row.GetProperty("lateAssigneeName").GetString(), row.GetProperty("supervisorId").GetString()));
    }

    [Fact]
    public async Task Tasks_FilteredByPerson_ReadTheLateTasksOnlyWhereTheSupervisorDoesNotMatch_AndInstancesOnlyForTheRowsShown()
    {
        // 60 escalations to 赵主任 in the last 60 hours, each of its own instance (a notice per school): 王芳's late
        // tasks, but the oldest, 李校长's.
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        await SeedEscalationsAsync(n => $"{instance}-{n:00}");

        var lateCounted = await StorageRequests.CountAsync(() => GetJsonAsync($"/api/office/tasks?code={Key}&days=365&person=stf-2"));
        var supervisorCounted = await StorageRequests.CountAsync(() => GetJsonAsync($"/api/office/tasks?code={Key}&days=365&person=stf-3"));
        using var byLate = lateCounted.Result;
        using var bySupervisor = supervisorCounted.Result;
        var (byLateReads, bySupervisorReads) = (lateCounted.Requests, supervisorCounted.Requests);

        // 李校长 is no supervisor: every late task is read to find hers, and only her row's instance; nobody's directory entry.
        Assert.Equal(["late-59-esc"], byLate.RootElement.GetProperty("escalations").EnumerateArray().Select(r => r.GetProperty("taskId").GetString()));
        Assert.Equal((1, 60), (byLate.RootElement.GetProperty("escalationsInPeriod").GetInt32(), byLate.RootElement.GetProperty("escalationsInPeriodUnfiltered").GetInt32()));
        Assert.Equal([.. Enumerable.Range(0, 60).Select(n => $"late-{n:00}")], Named(byLateReads, LateTaskRead()));
        Assert.Equal([$"{instance}-59"], Named(byLateReads, InstanceRead(), instance));
        Assert.Empty(Named(byLateReads, PersonRead()));

        // 赵主任 is the supervisor of all 60: no late task is read to match them, and of the 60 only the 50 shown have
        // their late task and instance read.
        Assert.Equal((60, 50), (bySupervisor.RootElement.GetProperty("escalationsInPeriod").GetInt32(), bySupervisor.RootElement.GetProperty("escalations").GetArrayLength()));
        Assert.Equal("王芳", bySupervisor.RootElement.GetProperty("escalations")[0].GetProperty("lateAssigneeName").GetString());
        Assert.Equal([.. Enumerable.Range(0, 50).Select(n => $"late-{n:00}")], Named(bySupervisorReads, LateTaskRead()));
        Assert.Equal([.. Enumerable.Range(0, 50).Select(n => $"{instance}-{n:00}")], Named(bySupervisorReads, InstanceRead(), instance));
        Assert.Empty(Named(bySupervisorReads, PersonRead()));
    }

    [Fact]
    public async Task Tasks_FilteredByPerson_ReadTheLateTaskAndAssigneeOnlyOfTheOpenTasksShown()
    {
        // Four open escalations of 王芳's late tasks, escalated ten days ago (before the week chosen, so only the open
        // tasks' list holds them): two to 赵主任, two to 李校长.
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (n, supervisor) in new[] { (70, ("stf-3", "赵主任")), (71, ("stf-3", "赵主任")), (72, ("stf-2", "李校长")), (73, ("stf-2", "李校长")) })
        {
            var escalatedAt = now.AddDays(-10);
            await store.CreateAsync(TaskOf($"late-{n}", $"{instance}-{n}", ("stf-1", "王芳"), escalatedAt.AddDays(-3), StaffTaskStatus.Expired), CancellationToken.None);
            await store.CreateAsync(
                TaskOf($"late-{n}-esc", $"{instance}-{n}", supervisor, escalatedAt, StaffTaskStatus.Open) with { EscalatedFrom = $"late-{n}", DueAt = now.AddDays(n - 69) },
                CancellationToken.None);
        }

        var counted = await StorageRequests.CountAsync(() => GetJsonAsync($"/api/office/tasks?code={Key}&days=7&person=stf-3"));
        using var json = counted.Result;

        // 赵主任's two, each naming 王芳 as the late assignee; every open task's instance is read for the process list.
        var rows = json.RootElement.GetProperty("tasks").EnumerateArray().Where(r => r.GetProperty("instanceId").GetString()!.StartsWith(instance, StringComparison.Ordinal)).ToList();
        Assert.Equal(["late-70-esc|王芳", "late-71-esc|王芳"], rows.Select(r => $"{r.GetProperty("taskId").GetString()}|{r.GetProperty("escalatedFrom").GetString()}"));
        Assert.Equal(0, json.RootElement.GetProperty("escalationsInPeriod").GetInt32());
        Assert.Equal(["late-70", "late-71"], Named(counted.Requests, LateTaskRead()));
        Assert.Equal(["stf-3"], Named(counted.Requests, PersonRead()));
        Assert.Equal([.. Enumerable.Range(70, 4).Select(n => $"{instance}-{n}")], Named(counted.Requests, InstanceRead(), instance));
    }

    [Fact]
    public async Task Tasks_ByEscalationPeriod_ListOnlyThatPeriodsEscalations_SayTheDaysInHtml_AndThePeriodInJson()
    {
        // Escalated 5, 20, 100 and 200 days ago.
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        foreach (int ago in (int[])[5, 20, 100, 200])
        {
            var escalatedAt = now.AddDays(-ago);
            await store.CreateAsync(TaskOf($"late-{ago}d", instance, ("stf-1", "王芳"), escalatedAt.AddDays(-3), StaffTaskStatus.Expired), CancellationToken.None);
            await store.CreateAsync(TaskOf($"late-{ago}d-esc", instance, ("stf-3", "赵主任"), escalatedAt, StaffTaskStatus.Submitted) with { EscalatedFrom = $"late-{ago}d" }, CancellationToken.None);
        }

        string week = await _http.GetStringAsync($"/api/office/tasks?code={Key}&days=7");
        string month = await _http.GetStringAsync($"/api/office/tasks?code={Key}&days=30");
        string unchosen = await _http.GetStringAsync($"/api/office/tasks?code={Key}");
        string year = await _http.GetStringAsync($"/api/office/tasks?code={Key}&days=365");
        using var yearJson = await GetJsonAsync($"/api/office/tasks?code={Key}&days=365");
        using var unchosenJson = await GetJsonAsync($"/api/office/tasks?code={Key}");

        Assert.Equal(["late-5d-esc"], EscalationRows(week));
        Assert.Contains("近 7 天内逾期未办、转给上级办理的任务", week, StringComparison.Ordinal);
        Assert.Contains("<option value=\"7\" selected>升级：近 7 天</option>", week, StringComparison.Ordinal);
        Assert.Equal(["late-5d-esc", "late-20d-esc"], EscalationRows(month));
        Assert.Equal(["late-5d-esc", "late-20d-esc"], EscalationRows(unchosen));
        Assert.Contains("近 90 天内逾期未办、转给上级办理的任务", unchosen, StringComparison.Ordinal);
        Assert.Contains("<option value=\"90\" selected>升级：近 90 天</option>", unchosen, StringComparison.Ordinal);
        Assert.Equal(["late-5d-esc", "late-20d-esc", "late-100d-esc", "late-200d-esc"], EscalationRows(year));
        Assert.Contains("最新的在前：共 4 项。", year, StringComparison.Ordinal);

        var period = yearJson.RootElement.GetProperty("escalationPeriod");
        Assert.Equal(365, period.GetProperty("days").GetInt32());
        var (from, to) = (period.GetProperty("from").GetDateTimeOffset(), period.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromDays(365), to - from);
        Assert.InRange(to, now, now.AddMinutes(1));
        Assert.Equal(TimeSpan.FromHours(8), from.Offset);
        Assert.Equal((365, 4), (yearJson.RootElement.GetProperty("escalationDays").GetInt32(), yearJson.RootElement.GetProperty("escalationsInPeriod").GetInt32()));
        Assert.Equal((90, 2), (unchosenJson.RootElement.GetProperty("escalationPeriod").GetProperty("days").GetInt32(), unchosenJson.RootElement.GetProperty("escalationsInPeriod").GetInt32()));
        var unchosenPeriod = unchosenJson.RootElement.GetProperty("escalationPeriod");
        Assert.Equal(TimeSpan.FromDays(90), unchosenPeriod.GetProperty("to").GetDateTimeOffset() - unchosenPeriod.GetProperty("from").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("45")]
    [InlineData("abc")]
    [InlineData("-7")]
    public async Task Tasks_WithAPeriodNotOnTheList_AreRefused_NamingTheField_AsProblemJsonAndAsAChinesePage(string days)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/office/tasks?code={Key}&days={Uri.EscapeDataString(days)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var json = await _http.SendAsync(request);
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/api/office/tasks?code={Key}&days={Uri.EscapeDataString(days)}");
        browser.Headers.Accept.ParseAdd("text/html");
        var page = await _http.SendAsync(browser);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal("days", problem.RootElement.GetProperty("field").GetString());
        Assert.Equal("“升级时间范围”只能从列表中选择（近 7、30、90、365 天）。", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<p class=\"error\" id=\"error\" role=\"alert\" data-field=\"days\">“升级时间范围”只能从列表中选择（近 7、30、90、365 天）。</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"escalations\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"open-count\"", html, StringComparison.Ordinal);
    }

    // 60 escalations to 赵主任, one an hour back from now, in the instance the number names: 王芳's late tasks (late-00
    // the newest), but the oldest, 李校长's.
    private async Task SeedEscalationsAsync(Func<int, string> instanceOf)
    {
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (int n = 0; n < EscalationsInPeriod; n++)
        {
            var escalatedAt = now.AddHours(-(n + 1));
            bool oldest = n == EscalationsInPeriod - 1;
            await store.CreateAsync(TaskOf($"late-{n:00}", instanceOf(n), oldest ? ("stf-2", "李校长") : ("stf-1", "王芳"), escalatedAt.AddDays(-3), StaffTaskStatus.Expired), CancellationToken.None);
            await store.CreateAsync(TaskOf($"late-{n:00}-esc", instanceOf(n), ("stf-3", "赵主任"), escalatedAt, StaffTaskStatus.Submitted) with { EscalatedFrom = $"late-{n:00}" }, CancellationToken.None);
        }
    }

    private static StaffTask TaskOf(string id, string instanceId, (string Id, string Name) assignee, DateTimeOffset createdAt, StaffTaskStatus status) => new()
    {
        Id = id,
        Kind = "notice-acknowledgement",
        AssigneeId = assignee.Id,
        AssigneeName = assignee.Name,
        InstanceId = instanceId,
        EventName = TaskDesk.EventName(id),
        Subject = "关于校园安全排查的通知",
        Culture = "zh-CN",
        CreatedAt = createdAt,
        DueAt = createdAt.AddDays(3),
        Status = status,
    };

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<StaffTask> WaitForTaskAsync(StaffTaskStore store, string id, StaffTaskStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await store.GetAsync(id, cts.Token))?.Record is { } task && task.Status == status)
            {
                return task;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static async Task<StaffTask> WaitForOpenEscalationAsync(StaffTaskStore store, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await store.AllOpenAsync(cts.Token)).FirstOrDefault(t => t.InstanceId == instanceId && t.EscalatedFrom is not null) is { } task)
            {
                return task;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static async Task<OrchestrationMetadata> WaitForEndAsync(DurableTaskClient client, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await client.WaitForInstanceCompletionAsync(instanceId, cts.Token);
    }

    private static string Row(string html, string taskId)
    {
        int start = html.IndexOf($"<tr data-escalation=\"{taskId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No escalation row for {taskId}.");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    // The distinct names a kind of request read (a late task's id, an instance's, a person's), in order; only those of
    // this test's instances when one is given.
    private static List<string> Named(IReadOnlyList<string> requests, Regex read, string? instance = null) =>
        [.. requests.Select(r => read.Match(Uri.UnescapeDataString(r))).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Where(name => instance is null || name.StartsWith(instance, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal)];

    private static List<string> EscalationRows(string html) => [.. EscalationRow().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("RowKey='(late-[0-9]{2})'")]
    private static partial Regex LateTaskRead();

    [GeneratedRegex("(notice-[0-9a-f]{8}-[0-9]{2})")]
    private static partial Regex InstanceRead();

    [GeneratedRegex("RowKey='(stf-[0-9]+)'")]
    private static partial Regex PersonRead();

    [GeneratedRegex("data-escalation=\"([^\"]+)\"")]
    private static partial Regex EscalationRow();
}
