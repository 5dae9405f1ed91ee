using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// The office's corrections through their routes (issues 18 and 20), on Azurite with the dev clock: seats changed with
/// the waiting list moving up, attendance marked or removed after the day, hours credited by hand, a lecture closed; the
/// year's report, the person's record and the pool file follow, each act is in the lecture's audit stream, and every
/// refusal leaves the rows and the stream as they were.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TrainingCorrectionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // The lecture is on 2031-10-15 in Qingzhou; the clock moves within October.
    private static readonly DateTimeOffset Before = new(2031, 10, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OnTheDay = new(2031, 10, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayAfter = new(2031, 10, 16, 2, 0, 0, TimeSpan.Zero);
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private string _id = null!;
    private Lecture _lecture = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        Clock(Before);
        _id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Capacity_GrowingMovesTheWaitingUpInOrderAndMailsThem_BadBelowOrClosedChangesNothing()
    {
        await DefineAsync(capacity: 1);
        await RegisterAsync("stf-31", "stf-32", "stf-34");

        var zero = await PostAsync("capacity", new { capacity = 0 });
        var tooMany = await PostAsync("capacity", new { capacity = 301 });
        var noLecture = await PostAsync("capacity", new { capacity = 5 }, "no-such-lecture");
        var unchanged = await LectureAsync();

        var grown = await PostAsync("capacity", new { capacity = 2 });
        var grownLecture = await LectureAsync();
        var below = await PostAsync("capacity", new { capacity = 1 });
        var notShrunk = await LectureAsync();
        await PostAsync("close", new { reason = "报名截止" });
        var closed = await PostAsync("capacity", new { capacity = 3 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero.StatusCode);
        Assert.Equal("capacity", await FieldAsync(zero));
        Assert.Contains("名额应在1至300之间", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noLecture.StatusCode);
        Assert.Equal("1: stf-31 | stf-32 stf-34", Seats(unchanged));

        Assert.Equal(HttpStatusCode.OK, grown.StatusCode);
        Assert.Equal(["stf-32"], (await grown.Content.ReadFromJsonAsync<JsonObject>())!["movedUp"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("2: stf-31 stf-32 | stf-34", Seats(grownLecture));
        var mail = Assert.Single(_app.Mailbox.All, m => m.To.Contains("chen.chen@qz.example.cn") && m.Subject == "【青州教育讲堂】候补转正：做有温度的教育");
        Assert.Contains("名额增加，您已由候补转为正式名额", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Mailbox.All, m => m.To.Contains("sun.li@qz.example.cn") && m.Subject.Contains("候补转正", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Conflict, below.StatusCode);
        Assert.Equal("capacity", await FieldAsync(below));
        Assert.Contains("已有2人报名，名额不能少于2个", await below.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, notShrunk.Capacity);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal(2, (await LectureAsync()).Capacity);

        var audit = await AuditAsync();
        Assert.Equal(["capacity", "close"], audit.Select(e => (string)e["kind"]!));
        Assert.All(audit, e => Assert.Equal(TrainingDesk.Office, (string)e["actor"]!));
        var payload = JsonNode.Parse((string)audit[0]["payload"]!)!;
        Assert.Equal((1, 2, "stf-32"), ((int)payload["from"]!, (int)payload["to"]!, (string)payload["movedUp"]![0]!));
    }

    [Fact]
    public async Task Attendance_MarkedPresentAfterTheDayAndAWrongCheckInRemoved_TheReportRecordAndPoolFileFollow_RefusalsChangeNothing()
    {
        await DefineAsync(capacity: 5);
        await PostJsonAsync("/api/reserve-pool/members", new { staffId = "stf-31", pool = "principal", source = "selection", sourceReference = "open-selection-2031" });
        await RegisterAsync("stf-31", "stf-32");
        var early = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电，现场签到表为证" });
        Clock(OnTheDay);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync("stf-31")).StatusCode);

        var noReason = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = " " });
        var noChoice = await PostAsync("attendance", new { staffId = "stf-32", reason = "手机没电" });
        var unknown = await PostAsync("attendance", new { staffId = "stf-99", present = true, reason = "手机没电" });
        var noLecture = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电" }, "no-such-lecture");
        var nothingToRemove = await PostAsync("attendance", new { staffId = "stf-32", present = false, reason = "代签" });
        var reportBefore = await ReportAsync();

        // A wrong check-in removed on the day cannot be scanned back; someone marked present the day after.
        var removed = await PostAsync("attendance", new { staffId = "stf-31", present = false, reason = "代签，本人未到场" });
        var removedTwice = await PostAsync("attendance", new { staffId = "stf-31", present = false, reason = "代签" });
        var scanAgain = await CheckInAsync("stf-31");
        Clock(DayAfter);
        var marked = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电，现场签到表为证" });
        var markedTwice = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电" });
        var feedbackAfterRemoval = await _http.PostAsJsonAsync($"/api/training/lectures/{_id}/feedback?token={Token("stf-31")}", new { rating = 5 });
        var feedbackMarked = await _http.PostAsJsonAsync($"/api/training/lectures/{_id}/feedback?token={Token("stf-32")}", new { rating = 4 });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("present", await FieldAsync(early));
        Assert.Contains("尚未举行，不能补记签到", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("reason", "present", "staffId"), (await FieldAsync(noReason), await FieldAsync(noChoice), await FieldAsync(unknown)));
        Assert.All(new[] { noReason, noChoice, unknown }, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Contains("人员库中没有“stf-99”", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noLecture.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, nothingToRemove.StatusCode);
        Assert.Equal((1, 3m), ((int)reportBefore["totals"]!["personTimes"]!, (decimal)reportBefore["totals"]!["hours"]!));

        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, markedTwice.StatusCode);
        Assert.Equal("staffId", await FieldAsync(markedTwice));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, removedTwice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, scanAgain.StatusCode);
        Assert.Contains("您的签到已被教育局撤销", await scanAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, feedbackAfterRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.OK, feedbackMarked.StatusCode);

        // The report: stf-32 (弥河初级中学) has the lecture's 3 hours, stf-31 (东关小学) none.
        var report = await ReportAsync();
        Assert.Equal((1, 1, 3m), ((int)report["totals"]!["personTimes"]!, (int)report["totals"]!["people"]!, (decimal)report["totals"]!["hours"]!));
        Assert.Equal([("stf-32", 3m)], report["people"]!.AsArray().Select(p => ((string)p!["id"]!, (decimal)p["hours"]!)));
        Assert.Equal([("弥河初级中学", 3m)], report["schools"]!.AsArray().Select(s => ((string)s!["name"]!, (decimal)s["hours"]!)));
        var liu = (await (await GetAsync("/api/training/people/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((0, 0m), ((int)liu["attendances"]!, (decimal)liu["hours"]!));
        var file = (await (await GetAsync("/api/reserve-pool/files/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(0m, (decimal)file["trainingHours"]!);
        Assert.Equal("青州教育讲堂《做有温度的教育》：签到已撤销（代签，本人未到场），不计学时。", (string)file["entries"]!.AsArray().Single(e => (string)e!["kind"]! == "training")!["text"]!);

        var audit = await AuditAsync();
        Assert.Equal([("attendance-removed", "stf-31"), ("attendance-added", "stf-32")], audit.Select(e => ((string)e["kind"]!, (string)e["subject"]!)));
        Assert.Equal("代签，本人未到场", (string)JsonNode.Parse((string)audit[0]["payload"]!)!["reason"]!);
    }

    [Fact]
    public async Task Credit_AtMostTheLecturesHours_CountsInTheReport_RefusedForOneWhoHasHoursUntilTheirRecordIsRemoved()
    {
        await DefineAsync(capacity: 5);

        var tooMany = await PostAsync("credits", new { staffId = "stf-33", hours = 4, reason = "在潍坊参加同题培训" });
        var notHalf = await PostAsync("credits", new { staffId = "stf-33", hours = 0.3, reason = "在潍坊参加同题培训" });
        var noReason = await PostAsync("credits", new { staffId = "stf-33", hours = 2 });
        var noLecture = await PostAsync("credits", new { staffId = "stf-33", hours = 2, reason = "在潍坊参加同题培训" }, "no-such-lecture");
        var reportBefore = await ReportAsync();

        var credited = await PostAsync("credits", new { staffId = "stf-33", hours = 2, reason = "在潍坊参加同题培训" });
        var again = await PostAsync("credits", new { staffId = "stf-33", hours = 3, reason = "补足学时" });
        var reportCredited = await ReportAsync();
        var removed = await PostAsync("attendance", new { staffId = "stf-33", present = false, reason = "学时填错" });
        var creditedAgain = await PostAsync("credits", new { staffId = "stf-33", hours = 2.5, reason = "在潍坊参加同题培训，按实际学时" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal("hours", await FieldAsync(tooMany));
        Assert.Contains("补计学时不能超过该课程的学时（3）", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notHalf.StatusCode);
        Assert.Equal("hours", await FieldAsync(notHalf));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal("reason", await FieldAsync(noReason));
        Assert.Equal(HttpStatusCode.NotFound, noLecture.StatusCode);
        Assert.Equal(0m, (decimal)reportBefore["totals"]!["hours"]!);

        Assert.Equal(HttpStatusCode.Created, credited.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("请先撤销原记录", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([("stf-33", 2m)], reportCredited["people"]!.AsArray().Select(p => ((string)p!["id"]!, (decimal)p["hours"]!)));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, creditedAgain.StatusCode);
        var report = await ReportAsync();
        Assert.Equal([("stf-33", 2.5m)], report["people"]!.AsArray().Select(p => ((string)p!["id"]!, (decimal)p["hours"]!)));
        Assert.Equal(2.5m, (decimal)report["totals"]!["hours"]!);
        Assert.Equal(["credit", "attendance-removed", "credit"], (await AuditAsync()).Select(e => (string)e["kind"]!));
    }

    [Fact]
    public async Task Close_StopsRegistrationCancellationAndCheckIn_FeedbackStillComesIn_ClosingTwiceRefused()
    {
        await DefineAsync(capacity: 5);
        await RegisterAsync("stf-31", "stf-32");
        var longReason = await PostAsync("close", new { reason = new string('因', 201) });
        var noLecture = await PostAsync("close", new { reason = "活动取消" }, "no-such-lecture");
        var stillOpen = await LectureAsync();
        Clock(OnTheDay);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync("stf-31")).StatusCode);

        var closed = await PostAsync("close", new { reason = "活动结束" });
        var closedTwice = await PostAsync("close", new { });
        var register = await _http.PostAsync($"/api/training/lectures/{_id}/registration?token={Token("stf-34")}", null);
        var cancel = await _http.PostAsync($"/api/training/lectures/{_id}/registration/cancel?token={Token("stf-32")}", null);
        var checkIn = await CheckInAsync("stf-32");
        var feedback = await _http.PostAsJsonAsync($"/api/training/lectures/{_id}/feedback?token={Token("stf-31")}", new { rating = 4, comment = "很实用" });
        var lecture = await LectureAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, longReason.StatusCode);
        Assert.Equal("reason", await FieldAsync(longReason));
        Assert.Equal(HttpStatusCode.NotFound, noLecture.StatusCode);
        Assert.Null(stillOpen.Closed);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, closedTwice.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, register.StatusCode);
        Assert.Contains("该课程已关闭", await register.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, checkIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.Equal(("活动结束", new DateOnly(2031, 10, 15)), (lecture.Closed!.Reason, DateOnly.FromDateTime(lecture.Closed.At.UtcDateTime)));
        Assert.Equal(["stf-31", "stf-32"], lecture.Seats.Select(s => s.StaffId));
        Assert.Equal(1, (int)(await ReportAsync())["totals"]!["personTimes"]!);
        Assert.Equal(["close"], (await AuditAsync()).Select(e => (string)e["kind"]!));
    }

    [Fact]
    public async Task Invitations_ToAClosedLecture_Are409NamingTheLecture_AndNobodyIsMailed()
    {
        await DefineAsync(capacity: 5);
        await PostAsync("close", new { reason = "活动取消" });
        int mailBefore = _app.Mailbox.All.Count;

        var invited = await PostAsync("invitations", new { staffIds = new[] { "stf-31", "stf-32" } });

        Assert.Equal(HttpStatusCode.Conflict, invited.StatusCode);
        Assert.Equal("lectureId", await FieldAsync(invited));
        Assert.Contains("该课程已关闭，不再邀请。", await invited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(mailBefore, _app.Mailbox.All.Count);
    }

    [Fact]
    public async Task Redefine_RefusedOnceAnyoneHasHoursForTheLecture_EvenWithNobodyRegistered()
    {
        await DefineAsync(capacity: 5);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("credits", new { staffId = "stf-33", hours = 3, reason = "在潍坊参加同题培训" })).StatusCode);

        var redefined = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{_id}", new
        {
            series = "lecture", title = "做有温度的教育", speaker = "特邀专家", place = "青州市教育局多功能厅", date = "2031-10-20",
            starts = "14:00:00", ends = "16:00:00", hours = 2, capacity = 5, waitingList = true, ownerId = "stf-3",
        });

        Assert.Equal(HttpStatusCode.Conflict, redefined.StatusCode);
        Assert.Equal("id", await FieldAsync(redefined));
        Assert.Contains("已有签到或补计学时记录，不能再修改", await redefined.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lecture = await LectureAsync();
        Assert.Equal((3m, new DateOnly(2031, 10, 15)), (lecture.Hours, lecture.Date));
    }

    [Fact]
    public async Task Corrections_AcceptedUntilTheThirtiethDayAfterTheLecture_InBeijingTime_RefusedFromTheThirtyFirst_NothingChanged()
    {
        // The lecture on 2031-10-15: the 30th day after it ends at 2031-11-14 24:00 in Qingzhou, 16:00 UTC.
        var lastMinute = new DateTimeOffset(2031, 11, 14, 15, 59, 0, TimeSpan.Zero);
        var nextDay = new DateTimeOffset(2031, 11, 14, 16, 0, 0, TimeSpan.Zero);
        await DefineAsync(capacity: 5);
        await RegisterAsync("stf-31", "stf-32");
        Clock(OnTheDay);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync("stf-31")).StatusCode);

        Clock(lastMinute);
        var marked = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电，现场签到表为证" });
        Clock(nextDay);
        var markedLate = await PostAsync("attendance", new { staffId = "stf-34", present = true, reason = "手机没电" });
        var removedLate = await PostAsync("attendance", new { staffId = "stf-31", present = false, reason = "代签" });
        var creditedLate = await PostAsync("credits", new { staffId = "stf-33", hours = 2, reason = "在潍坊参加同题培训" });
        var markedAgain = await PostAsync("attendance", new { staffId = "stf-32", present = true, reason = "手机没电，现场签到表为证" });

        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        foreach (var late in new[] { markedLate, removedLate, creditedLate })
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Equal("lectureId", await FieldAsync(late));
            Assert.Contains("该课程于2031-10-15举行，签到更正和补计学时须在课程后30天内办理，已于2031-11-14（北京时间）截止", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("不能再补记签到", await markedLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("不能再撤销签到", await removedLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("不能再补计学时", await creditedLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The act done in time, asked again late (a retry), answers as the first time and is kept once.
        Assert.Equal(HttpStatusCode.Created, markedAgain.StatusCode);

        // Nothing changed by the refusals: stf-31's scan stands, nobody else has hours, one act in the audit stream.
        var rows = await _app.Services.GetRequiredService<TrainingStore>().AllAttendanceOfLectureAsync(_id, CancellationToken.None);
        Assert.Equal(
            [("stf-31", 3m, TrainingAttendance.ByCheckIn, false), ("stf-32", 3m, TrainingAttendance.ByOffice, false)],
            rows.OrderBy(r => r.StaffId, StringComparer.Ordinal).Select(r => (r.StaffId, r.Hours, r.Source, r.Withdrawn is not null)));
        Assert.Equal(["attendance-added"], (await AuditAsync()).Select(e => (string)e["kind"]!));
    }

    // "2: stf-31 stf-32 | stf-34": the capacity, who holds a seat, who waits.
    private static string Seats(Lecture lecture) =>
        $"{lecture.Capacity}: {string.Join(' ', lecture.Seats.Select(s => s.StaffId))} | {string.Join(' ', lecture.Waiting.Select(s => s.StaffId))}";

    private void Clock(DateTimeOffset at) => _app.Services.GetRequiredService<DevClock>().SetTo(at);

    private async Task DefineAsync(int capacity)
    {
        var defined = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{_id}", new
        {
            series = "lecture", title = "做有温度的教育", speaker = "特邀专家", place = "青州市教育局多功能厅", date = "2031-10-15",
            starts = "14:00:00", ends = "17:00:00", hours = 3, capacity, waitingList = true, ownerId = "stf-3",
        });
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        _lecture = await LectureAsync();
    }

    private async Task RegisterAsync(params string[] staffIds)
    {
        foreach (string staffId in staffIds)
        {
            var registered = await _http.PostAsync($"/api/training/lectures/{_id}/registration?token={Token(staffId)}", null);
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }
    }

    // Links depend on the lecture's id and day only, which no correction changes.
    private string Token(string staffId) => _app.Services.GetRequiredService<TrainingLinks>().PersonalToken(_lecture, staffId);

    private async Task<Lecture> LectureAsync() => (await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(_id, CancellationToken.None))!.Record;

    private Task<HttpResponseMessage> CheckInAsync(string staffId) =>
        _http.PostAsync($"/api/training/lectures/{_id}/check-in?code={_app.Services.GetRequiredService<TrainingLinks>().CheckInCode(_lecture)}&token={Token(staffId)}", null);

    private Task<HttpResponseMessage> PostAsync(string act, object body, string? lectureId = null) => SendAsync(HttpMethod.Post, $"/api/training/lectures/{lectureId ?? _id}/{act}", body);

    private Task<HttpResponseMessage> PostJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    private Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    private async Task<JsonObject> ReportAsync() => (await (await GetAsync("/api/training/reports/2031")).Content.ReadFromJsonAsync<JsonObject>())!;

    private async Task<List<JsonObject>> AuditAsync()
    {
        var listed = await GetAsync($"/api/audit/{TrainingDesk.AuditStream(_id)}");
        return listed.StatusCode == HttpStatusCode.OK
            ? [.. (await listed.Content.ReadFromJsonAsync<JsonObject>())!["entries"]!.AsArray().Select(e => e!.AsObject())]
            : [];
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["field"];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
