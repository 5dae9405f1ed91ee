using System.Net;
using System.Net.Http.Json;
using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's acts in the audit log under the person who did them (issue 16): a signed-in office person by staff id,
/// the master key as the key; a refused act records nothing; <c>/api/office/acts</c> lists them in Chinese.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Sweep = TaskTimers.CancelTasksOfEndedProcesses;
    private const string OfficeEmail = "zhao.office@qz.example.cn";
    private const string TeacherEmail = "wang.fang@qz.example.cn";
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", BureauOffice: true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-1", "王芳", TeacherEmail),
                TaskHarness.Staff("stf-3", "赵主任", OfficeEmail) with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" },
            ],
            CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OfficeSession_PausesATimer_TheActIsRecordedUnderTheirStaffId_InAnIntactChain()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);

        var paused = await office.SendAsync(SameSite($"/api/office/timers/{Sweep}/pause"));
        var act = Assert.Single(await ActsAsync());

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(("stf-3", "OfficeTimerAction", $"timers/{Sweep}/pause"), (act.Entry.Actor, act.Entry.Kind, act.Entry.Subject));
        Assert.Equal((OfficeAdmission.StaffSession, "赵主任"), (act.Payload!.By, act.Payload.Name));
        Assert.StartsWith("暂停：", act.Payload.Title, StringComparison.Ordinal);
        Assert.True((await _app.Services.GetRequiredService<AuditLogStore>().VerifyAsync(act.Entry.Stream, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task MasterKey_SetsTheOverlapPolicy_TheActIsRecordedAsTheKey_WithTheChoiceAsShown_AndNotTheKey()
    {
        using var http = _app.CreateOfficeClient();

        var set = await http.PostAsync($"/api/office/timers/{Sweep}/overlap?code={Key}", new FormUrlEncodedContent([new("overlap", "skip")]));
        var act = Assert.Single(await ActsAsync());

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal((OfficeVisitor.MasterKeyActor, "OfficeTimerAction", $"timers/{Sweep}/overlap"), (act.Entry.Actor, act.Entry.Kind, act.Entry.Subject));
        Assert.Equal(OfficeAdmission.MasterKey, act.Payload!.By);
        Assert.Equal([new OfficeActField("overlap", "重叠策略", "跳过重叠")], act.Payload.Fields);
        Assert.DoesNotContain(Key, act.Entry.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_SetsTheOverlapPolicyByJson_TheActIsRecordedOnce_WithTheChoiceAsShown_AndARefusedOneIsNot()
    {
        using var http = _app.CreateOfficeClient();

        var refused = await http.PostAsJsonAsync($"/api/office/timers/{Sweep}/overlap?code={Key}", new { overlap = "sometimes" });
        var set = await http.PostAsJsonAsync($"/api/office/timers/{Sweep}/overlap?code={Key}", new { overlap = "runOnceAfter" });
        var act = Assert.Single(await ActsAsync());

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK), (refused.StatusCode, set.StatusCode));
        Assert.Equal((OfficeVisitor.MasterKeyActor, "OfficeTimerAction", $"timers/{Sweep}/overlap"), (act.Entry.Actor, act.Entry.Kind, act.Entry.Subject));
        Assert.StartsWith("重叠策略：", act.Payload!.Title, StringComparison.Ordinal);
        Assert.Equal([new OfficeActField("overlap", "重叠策略", "结束后补跑一次")], act.Payload.Fields);
    }

    [Fact]
    public async Task EasyAuthUser_WithTheOfficeRole_PausesATimer_TheActIsRecordedUnderTheirAppServiceId()
    {
        await using var behindEasyAuth = _app.WithWebHostBuilder(b => b.UseSetting(EasyAuthPrincipal.EnabledSetting, "True"));
        using var http = behindEasyAuth.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var post = SameSite($"/api/office/timers/{Sweep}/pause");
        post.Headers.Add(EasyAuthPrincipal.HeaderName, EasyAuthPrincipal.Encode("赵主任", OfficeAccess.AppRole));
        post.Headers.Add("x-ms-client-principal-id", "5f1c0e2a-77b4-4f0e-9d5e-0c6a1b2c3d4e");

        var paused = await http.SendAsync(post);
        var act = Assert.Single(await behindEasyAuth.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(OfficeVisitor.EasyAuthActorPrefix + "5f1c0e2a-77b4-4f0e-9d5e-0c6a1b2c3d4e", act.Entry.Actor);
        Assert.Equal((OfficeAdmission.EasyAuth, "赵主任"), (act.Payload!.By, act.Payload.Name));
    }

    [Fact]
    public async Task RefusedActs_RecordNothing()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        using var teacher = await StaffSessions.SignInAsync(_app, TeacherEmail);
        using var keyed = _app.CreateOfficeClient();
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/office/timers/{Sweep}/pause") { Content = new FormUrlEncodedContent([]) };
        crossSite.Headers.Add("Origin", "https://evil.example");

        var backwards = await office.SendAsync(SameSite($"/api/office/timers/{Sweep}/backfill", ("from", "2026-03-01"), ("to", "2026-01-01")));
        var fromElsewhere = await office.SendAsync(crossSite);
        var notOffice = await teacher.SendAsync(SameSite($"/api/office/timers/{Sweep}/pause"));
        var noInstance = await keyed.PostAsync($"/api/office/instances/no-such-instance/terminate?code={Key}", new FormUrlEncodedContent([new("reason", "测试")]));
        var anonymous = await keyed.PostAsync($"/api/office/timers/{Sweep}/pause", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notOffice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noInstance.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await ActsAsync());
    }

    [Fact]
    public async Task OfficeSession_ChangesALecturesSeats_TheLecturesOwnStreamNamesTheStaffId_NotTheOffice()
    {
        string lectureId = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        using var keyed = _app.CreateOfficeClient();
        keyed.DefaultRequestHeaders.Add(FunctionKeys.HeaderName, Key);
        var defined = await keyed.PutAsJsonAsync($"/api/training/lectures/{lectureId}", new
        {
            series = "lecture", title = "做有温度的教育", speaker = "特邀专家", place = "青州市教育局多功能厅", date = "2031-10-15",
            starts = "14:00:00", ends = "17:00:00", hours = 3, capacity = 2, waitingList = true, ownerId = "stf-3",
        });
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);

        var changed = await office.SendAsync(SameSite($"/api/office/training/lectures/{lectureId}/capacity", ("capacity", "3")));
        var lecture = await _app.Services.GetRequiredService<AuditLogStore>().ListAsync(TrainingDesk.AuditStream(lectureId), 1, 10, CancellationToken.None);
        var act = Assert.Single(await ActsAsync());

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var entry = Assert.Single(lecture);
        Assert.Equal(("capacity", "stf-3"), (entry.Kind, entry.Actor));
        Assert.Equal(("stf-3", "OfficeTrainingCapacity", $"training/lectures/{lectureId}/capacity"), (act.Entry.Actor, act.Entry.Kind, act.Entry.Subject));
        Assert.Equal([new OfficeActField("capacity", "名额", "3")], act.Payload!.Fields);
    }

    [Fact]
    public async Task ActsPage_ListsWhoWhenAndWhat_NewestFirst_InChinese_LinkedFromEveryOfficePage()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        office.DefaultRequestHeaders.Accept.Clear();
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var keyed = _app.CreateOfficeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await office.SendAsync(SameSite($"/api/office/timers/{Sweep}/pause"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await keyed.PostAsync($"/api/office/timers/{Sweep}/resume?code={Key}", new FormUrlEncodedContent([]))).StatusCode);
        var acts = await ActsAsync();
        var clock = _app.Services.GetRequiredService<BureauClock>();

        var page = await office.GetAsync("/api/office/acts");
        string html = await page.Content.ReadAsStringAsync();
        string home = await OfficeHomeHtml.GetAsync(office);
        using var anonymous = _app.CreateOfficeClient();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var rows = html.Split("<tr data-stream=", StringSplitOptions.None)[1..];
        Assert.Equal(2, rows.Length);
        Assert.Contains("主密钥", rows[0], StringComparison.Ordinal);
        Assert.Contains("恢复：", rows[0], StringComparison.Ordinal);
        Assert.Contains(clock.Format(acts[0].Entry.At), rows[0], StringComparison.Ordinal);
        Assert.Contains("赵主任（stf-3）", rows[1], StringComparison.Ordinal);
        Assert.Contains("暂停：", rows[1], StringComparison.Ordinal);
        Assert.Contains(clock.Format(acts[1].Entry.At), rows[1], StringComparison.Ordinal);
        Assert.Contains("办公室办理记录", html, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([("/api/office/acts", html)]);
        Assert.Contains("href=\"/api/office/acts\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/office/acts")).StatusCode);
    }

    [Fact]
    public async Task AuditStorageRefusing_ADoneActStillAnswersAsDone_NotAnErrorThatInvitesARepeat()
    {
        // The audit log on an account nothing listens at, failing at once; the timers' own storage is the real one.
        var dead = new Uri("http://127.0.0.1:9/devstoreaccount1");
        var credential = new Azure.Data.Tables.TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64]));
        var tableOptions = new Azure.Data.Tables.TableClientOptions();
        tableOptions.Retry.MaxRetries = 0;
        var blobOptions = new Azure.Storage.Blobs.BlobClientOptions();
        blobOptions.Retry.MaxRetries = 0;
        var account = new EduFlows.Storage.StorageAccount(
            new Azure.Data.Tables.TableServiceClient(dead, credential, tableOptions),
            new Azure.Storage.Blobs.BlobServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), new Azure.Storage.StorageSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), blobOptions));
        await using var auditDown = _app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton(new AuditLogStore(account, "Hub", TimeProvider.System))));
        using var http = auditDown.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var paused = await http.PostAsync($"/api/office/timers/{Sweep}/pause?code={Key}", new FormUrlEncodedContent([]));
        var timers = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/office/timers?code={Key}");

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.True(timers.EnumerateArray().Single(t => t.GetProperty("name").GetString() == Sweep).GetProperty("control").GetProperty("paused").GetBoolean());
    }

    [Fact]
    public void RaisedEventsPayload_IsRecordedByLengthAndDigest_NotItsText()
    {
        const string Payload = "{\"receipt\":\"R20261206-0042\",\"mobile\":\"13800000000\"}";

        var payload = OfficeInstancesApi.Recorded(new ConfirmField("payload", "事件内容", Payload));
        var name = OfficeInstancesApi.Recorded(new ConfirmField("eventName", "事件名称", "Approval"));

        Assert.DoesNotContain("13800000000", payload.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("R20261206", payload.Value, StringComparison.Ordinal);
        Assert.StartsWith($"{Payload.Length} 个字符，摘要 ", payload.Value, StringComparison.Ordinal);
        Assert.NotEqual(payload.Value, OfficeInstancesApi.Recorded(new ConfirmField("payload", "事件内容", Payload + " ")).Value);
        Assert.Equal("Approval", name.Value);
    }

    private Task<IReadOnlyList<OfficeAct>> ActsAsync() => _app.Services.GetRequiredService<OfficeActLog>().RecentAsync(100, CancellationToken.None);

    // A form posted from the office's own page, as a browser sends it.
    private static HttpRequestMessage SameSite(string path, params (string Name, string Value)[] fields)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        post.Headers.Add("Origin", "https://localhost");
        post.Headers.Add("Sec-Fetch-Site", "same-origin");
        return post;
    }
}
