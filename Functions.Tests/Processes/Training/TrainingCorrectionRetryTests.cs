using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// Each office correction saves its row, then writes the audit entry, the pool-file entry and the moved-up mails. With the
/// audit store failing once right after the row is saved, the office's retry finds the row already as asked, writes what
/// was lost and answers as the first time; written again, each follow-up is kept once.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TrainingCorrectionRetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private readonly string _id = "lecture-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 2, 2, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EachCorrection_AuditFailingAfterTheRowIsSaved_TheRetryWritesTheAuditPoolEntryAndMailsOnce_AndAnswersAsTheFirstTime()
    {
        var defined = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{_id}", new
        {
            series = "lecture", title = "做有温度的教育", speaker = "特邀专家", place = "青州市教育局多功能厅", date = "2031-10-15",
            starts = "14:00:00", ends = "17:00:00", hours = 3, capacity = 1, waitingList = true, ownerId = "stf-3",
        });
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-31", pool = "principal", source = "selection", sourceReference = "open-selection-2031" })).StatusCode);
        var store = _app.Services.GetRequiredService<TrainingStore>();
        var lecture = (await store.Lectures.GetAsync(_id, CancellationToken.None))!.Record;
        foreach (string staffId in new[] { "stf-31", "stf-32", "stf-34" })
        {
            var registered = await _http.PostAsync($"/api/training/lectures/{_id}/registration?token={_app.Services.GetRequiredService<TrainingLinks>().PersonalToken(lecture, staffId)}", null);
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        // The desk as registered, but its audit store fails the next time it is armed (the crash between the row and the rest).
        var realAudit = _app.Services.GetRequiredService<AuditLogStore>();
        var failure = new FailOnce(realAudit.Table.Name);
        var options = new TableClientOptions();
        options.AddPolicy(failure, HttpPipelinePosition.PerCall);
        var account = new StorageAccount(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString));
        var failingAudit = new AuditLogStore(account, realAudit.Table.Name[..^"Audit".Length], _app.Services.GetRequiredService<TimeProvider>());
        using var scope = _app.Services.CreateScope();
        var desk = ActivatorUtilities.CreateInstance<TrainingDesk>(scope.ServiceProvider, failingAudit);
        var none = CancellationToken.None;

        failure.Armed = true;
        await Assert.ThrowsAsync<RequestFailedException>(() => desk.ChangeCapacityAsync(_id, 3, none));
        Assert.Equal(3, (await store.Lectures.GetAsync(_id, none))!.Record.Capacity);
        var grown = await desk.ChangeCapacityAsync(_id, 3, none);
        var grownAgain = await desk.ChangeCapacityAsync(_id, 3, none);

        failure.Armed = true;
        await Assert.ThrowsAsync<RequestFailedException>(() => desk.CreditAsync(_id, "stf-31", 2m, "在潍坊参加同题培训", none));
        var credited = await desk.CreditAsync(_id, "stf-31", 2m, "在潍坊参加同题培训", none);

        failure.Armed = true;
        await Assert.ThrowsAsync<RequestFailedException>(() => desk.CorrectAttendanceAsync(_id, "stf-31", present: false, "学时填错", none));
        var removed = await desk.CorrectAttendanceAsync(_id, "stf-31", present: false, "学时填错", none);

        failure.Armed = true;
        await Assert.ThrowsAsync<RequestFailedException>(() => desk.CloseAsync(_id, "活动结束", none));
        var closed = await desk.CloseAsync(_id, "活动结束", none);
        var closedOtherwise = await desk.CloseAsync(_id, "再次关闭", none);

        Assert.Null(grown.Refusal);
        Assert.Equal(["stf-32", "stf-34"], grown.MovedUp.Select(s => s.StaffId));
        Assert.Equal(["stf-32", "stf-34"], grownAgain.MovedUp.Select(s => s.StaffId));
        Assert.Null(credited.Refusal);
        Assert.Equal(2m, credited.Attendance!.Hours);
        Assert.Null(removed.Refusal);
        Assert.Equal("学时填错", removed.Attendance!.Withdrawn!.Reason);
        Assert.Null(closed.Refusal);
        Assert.Equal("活动结束", closed.Lecture!.Closed!.Reason);
        Assert.Equal(409, closedOtherwise.Refusal!.Status);

        var audit = (await (await SendAsync(HttpMethod.Get, $"/api/audit/{TrainingDesk.AuditStream(_id)}")).Content.ReadFromJsonAsync<JsonObject>())!["entries"]!.AsArray();
        Assert.Equal(["capacity", "credit", "attendance-removed", "close"], audit.Select(e => (string)e!["kind"]!));
        Assert.Equal(["stf-32", "stf-34"], JsonNode.Parse((string)audit[0]!["payload"]!)!["movedUp"]!.AsArray().Select(n => (string)n!));
        foreach (string to in new[] { "chen.chen@qz.example.cn", "sun.li@qz.example.cn" })
        {
            Assert.Single(_app.Mailbox.All, m => m.To.Contains(to) && m.Subject.Contains("候补转正", StringComparison.Ordinal));
        }

        var file = (await (await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        var entry = Assert.Single(file["entries"]!.AsArray(), e => (string)e!["kind"]! == "training");
        Assert.Equal("青州教育讲堂《做有温度的教育》：签到已撤销（学时填错），不计学时。", (string)entry!["text"]!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }

    // Fails the next request to the audit table once armed, before it leaves.
    private sealed class FailOnce(string table) : HttpPipelineSynchronousPolicy
    {
        public bool Armed { get; set; }

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Armed && message.Request.Uri.Path.Contains(table, StringComparison.Ordinal))
            {
                Armed = false;
                throw new RequestFailedException("The audit store is down (test).");
            }
        }
    }
}
