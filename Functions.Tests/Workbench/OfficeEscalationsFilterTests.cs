using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's task page with more escalations in the period than it lists: its filters apply to all of the period's
/// escalations before the newest 50 are kept, and its counts say how many there were and how many match.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeEscalationsFilterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const int Escalations = 60;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Tasks_FilteredByPerson_ListTheirEscalationOlderThanTheNewest50_AndCountThoseMatching_InHtmlAndJson()
    {
        // 60 escalations to 赵主任 in the last 60 hours, one an hour: 王芳's late tasks, but the oldest, 李校长's.
        var store = _app.Services.GetRequiredService<StaffTaskStore>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string instance = "notice-" + Guid.NewGuid().ToString("N")[..8];
        for (int n = 0; n < Escalations; n++)
        {
            var escalatedAt = now.AddHours(-(n + 1));
            bool oldest = n == Escalations - 1;
            await store.CreateAsync(TaskOf($"late-{n:00}", instance, oldest ? ("stf-2", "李校长") : ("stf-1", "王芳"), escalatedAt.AddDays(-3), StaffTaskStatus.Expired), CancellationToken.None);
            await store.CreateAsync(TaskOf($"late-{n:00}-esc", instance, ("stf-3", "赵主任"), escalatedAt, StaffTaskStatus.Submitted) with { EscalatedFrom = $"late-{n:00}" }, CancellationToken.None);
        }

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
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<string> EscalationRows(string html) => [.. EscalationRow().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-escalation=\"([^\"]+)\"")]
    private static partial Regex EscalationRow();
}
