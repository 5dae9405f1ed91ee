using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// An assignment whose instance was purged before purges settled assignments (issue 20): its record still says running
/// and nothing can learn how it ended. The first reader settles it as 已清除（结果不明） with a line saying when it was
/// found so and that the person's place is to be checked in the directory, once in the audit stream, and the person can
/// be assigned again.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class SecondmentPurgedTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task PurgedWithoutTheHook_TheOfficeListSettlesItAsPurgedWithTheLine_AuditedOnce_AndThePersonCanBeAssignedAgain()
    {
        // Written as a purge from before the hook left it: running in its third month, moved out, and no instance at all.
        var store = _app.Services.GetRequiredService<SecondmentStore>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var home = new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长");
        var host = new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长");
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-3);
        var plan = new SecondmentPlan("2025-old", SecondmentKinds.Secondment, "stf-30", "钱科员", "bureau-cadre", home, host, "挂职副校长", "vice-principal", start, 12, "stf-12", "吴敏", "stf-3", "Asia/Shanghai", "赵主任");
        var running = new SecondmentState { Stage = SecondmentStages.Running, Month = 3, TotalMonths = 12, CheckInsDone = 2, Moves = ["2025-old-out"] };
        await store.Assignments.PutAsync(new SecondmentRecord(plan, running, now.AddMonths(-1)), CancellationToken.None);
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        Assert.Null(await client.GetInstanceAsync(plan.InstanceId));

        // The office's list is the first reader.
        string list = await _http.GetStringAsync($"/api/office/secondments?code={Key}");
        var again = await PostAsync("2026-after-purge");
        await _http.GetStringAsync($"/api/secondments/2025-old/status?code={Key}");

        string line = $"{_app.Services.GetRequiredService<BureauClock>().DateOf(now):yyyy-MM-dd} 发现流程实例已清除（最后记录：交流/挂职中），结果不明：挂职锻炼按已结束处理，钱科员目前所在单位和岗位请在名录中核对。";
        string row = list[list.IndexOf("data-assignment=\"2025-old\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<strong>已清除（结果不明）</strong>", row, StringComparison.Ordinal);
        Assert.Contains(line, row, StringComparison.Ordinal);
        Assert.DoesNotContain("交流/挂职中</strong>", row, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"running-count\">0</span>", list, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\" id=\"ended-count\">1</span>", list, StringComparison.Ordinal);

        var record = (await store.Assignments.GetAsync("2025-old", CancellationToken.None))!.Record;
        Assert.Equal((SecondmentStages.Purged, line, 3, 12), (record.State.Stage, record.State.Stopped, record.State.Month, record.State.TotalMonths));
        var end = Assert.Single(await _app.Services.GetRequiredService<AuditLogStore>().ListAsync(plan.InstanceId, 1, 100, CancellationToken.None), e => e.Kind == "end");
        using var payload = JsonDocument.Parse(end.Payload!);
        Assert.Equal((line, "purged", "running"), (payload.RootElement.GetProperty("line").GetString(), payload.RootElement.GetProperty("stage").GetString(), payload.RootElement.GetProperty("previousStage").GetString()));

        // Free again: a new assignment for 钱科员 is accepted; nobody is mailed about an end nobody knows.
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.DoesNotContain(_app.Mailbox.All, m => m.Subject.Contains("中止", StringComparison.Ordinal) || m.Subject.Contains("期满", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> PostAsync(string id)
    {
        var start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/secondments/{id}") { Content = JsonContent.Create(SecondmentHarness.Assignment(start, 12)) };
        post.Headers.Add("x-functions-key", Key);
        return await _http.SendAsync(post);
    }
}
